// The URIAL builder: preset, examples, teacher and hint, and the rendered prompt (always visible, editable, measured).

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { labTokensQuery } from '../../data/lab-queries';
import { generate } from '../../core/generate/client';
import type { LabRunConfig } from '../../core/lab/run-config';
import { promptBudget, type PromptBudget } from '../../core/urial/measure';
import { PRESETS, summarizeMessages } from '../../core/urial/presets';
import type { DatasetMeta } from '../../data/workspace';
import { useLabStore } from './store';
import type { Builder } from './use-builder';

interface Props {
  meta: DatasetMeta;
  prompt: number;
  builder: Builder;
  /** The text a run will send: the hand edit, else the composed prompt. */
  promptText: string | null;
}

/** The builder panel for one prompt. */
export function BuilderPanel({ meta, prompt, builder, promptText }: Props) {
  const s = useLabStore();
  const composed = builder.compose(prompt);
  const edited = s.editedPrompt?.key === meta.key && s.editedPrompt.prompt === prompt;
  const hint = builder.hintFor(prompt);
  // In-browser models count exactly; servers get the 4-characters-per-token estimate.
  const exact = useQuery({ ...labTokensQuery(s.localModel, promptText ?? ''), enabled: s.engine === 'browser' && !!promptText });
  const budget = promptText === null ? null : withTokens(promptBudget(promptText, s.contextTokens, s.params.maxTokens), exact.data, s.params.maxTokens);
  const [hintStatus, setHintStatus] = useState<string | null>(null);
  const preset = PRESETS.find((p) => p.id === s.preset);
  const usesK = builder.template.selection.kind === 'random' || builder.template.selection.kind.startsWith('knn');
  const fromSystems = Object.entries(meta.runs ?? {}).filter(([, r]) => (r.config as LabRunConfig).rendered?.[prompt] !== undefined);

  const generateHint = async () => {
    const answer = builder.ctx?.teacherAnswers[prompt];
    const query = meta.prompts.find((p) => p.index === prompt)?.text;
    if (!answer || !query) return setHintStatus(`No ${builder.teacher?.id ?? 'teacher'} answer for this prompt to summarise.`);
    setHintStatus('Asking the aligned endpoint for a summary…');
    const a = s.aligned;
    const r = await generate(
      { server: a.server, baseUrl: a.baseUrl, model: a.model, role: 'aligned', ...(a.apiKey ? { apiKey: a.apiKey } : {}) },
      { messages: summarizeMessages(query, answer) },
      { n: 1, temperature: 0, maxTokens: 300 },
      { fetch: (u, i) => fetch(u, i as RequestInit), timeoutMs: 60_000 },
    );
    const out = r.samples[0];
    if (out?.text) {
      s.hintEdited(meta.key, prompt, out.text.trim());
      setHintStatus('Summary written by the aligned endpoint (edit it freely).');
    } else setHintStatus(`Could not generate a summary: ${out?.error?.message ?? 'no answer'}`);
  };

  return (
    <section className="lab-panel" aria-label="Prompt builder">
      <h3>Prompt builder</h3>
      <div className="lab-grid">
        <label>
          Preset
          <select aria-label="Preset" value={s.preset} onChange={(e) => s.presetChosen(e.target.value as typeof s.preset)}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={s.withHint} onChange={(e) => s.builderEdited({ withHint: e.target.checked })} /> Summary hint
        </label>
        <label>
          K examples
          <input aria-label="K examples" type="number" min={1} max={10} value={s.k} disabled={!usesK} onChange={(e) => s.builderEdited({ k: Math.max(1, Number(e.target.value) || 1) })} />
        </label>
        {builder.template.selection.kind === 'random' && (
          <label>
            Draw seed
            <input aria-label="Draw seed" type="number" value={s.randomSeed} onChange={(e) => s.builderEdited({ randomSeed: Number(e.target.value) || 0 })} />
          </label>
        )}
        <label>
          Teacher
          <select aria-label="Teacher" value={builder.teacher?.id ?? ''} onChange={(e) => s.builderEdited({ teacher: e.target.value || null })}>
            {builder.teachers.length === 0 && <option value="">No aligned system in this dataset</option>}
            {builder.teachers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Context (tokens)
          <input aria-label="Context size" type="number" min={256} step={256} value={s.contextTokens} onChange={(e) => s.builderEdited({ contextTokens: Math.max(1, Number(e.target.value) || 4096) })} />
        </label>
      </div>
      {preset && <p className="small muted">Mirrors the paper's {preset.paperSystem}.</p>}
      {builder.template.hint && (
        <div className="lab-hint">
          <label htmlFor="lab-hint">
            Summary hint {builder.hintEdited(prompt) ? '(edited)' : hint ? `(the dataset's summary of ${builder.teacher?.id ?? 'the teacher'}'s answer)` : ''}
          </label>
          <textarea id="lab-hint" aria-label="Hint text" rows={3} value={hint ?? ''} onChange={(e) => s.hintEdited(meta.key, prompt, e.target.value)} placeholder="Write a summary of the answer you want, or generate one." />
          <div className="row">
            <button type="button" onClick={() => void generateHint()}>
              Generate hint with the aligned endpoint
            </button>
            {builder.hintEdited(prompt) && (
              <button type="button" className="link" onClick={() => s.hintEdited(meta.key, prompt, null)}>
                Back to the dataset's summary
              </button>
            )}
            {hintStatus && (
              <span role="status" className="small">
                {hintStatus}
              </span>
            )}
          </div>
        </div>
      )}
      <div className="lab-prompt-head">
        <label htmlFor="lab-prompt">Rendered prompt {edited ? '(edited by hand)' : ''}</label>
        {budget && (
          <span className="small muted" aria-label="Prompt size">
            {budget.chars.toLocaleString()} characters · {exact.data !== undefined ? '' : '≈'}
            {budget.tokens.toLocaleString()} tokens{exact.data !== undefined ? ` (${s.localModel.id} tokenizer)` : ''} + {s.params.maxTokens} new of {s.contextTokens.toLocaleString()}
          </span>
        )}
        {fromSystems.length > 0 && (
          <select aria-label="Start from this system's prompt" value="" onChange={(e) => e.target.value && s.promptEdited(meta.key, prompt, (meta.runs![e.target.value]!.config as LabRunConfig).rendered[prompt]!)}>
            <option value="">Start from this system's prompt…</option>
            {fromSystems.map(([id]) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        )}
        {edited && (
          <button type="button" className="link" onClick={() => s.promptEdited(meta.key, prompt, null)}>
            Back to the builder
          </button>
        )}
      </div>
      {budget?.warning && (
        <p className="lab-warning" role="alert">
          Overflow: {budget.warning}.
        </p>
      )}
      {'error' in composed && !edited && <p className="small muted">{composed.error}</p>}
      <textarea
        id="lab-prompt"
        aria-label="Rendered prompt"
        className="lab-prompt"
        spellCheck={false}
        value={promptText ?? ''}
        onChange={(e) => s.promptEdited(meta.key, prompt, e.target.value)}
        rows={14}
      />
    </section>
  );
}

/** The budget with an exact token count in place of the estimate, when one is known. */
function withTokens(b: PromptBudget, tokens: number | undefined, maxNew: number): PromptBudget {
  if (tokens === undefined) return b;
  const total = tokens + maxNew;
  const overflow = total > b.contextTokens;
  return {
    ...b,
    tokens,
    total,
    overflow,
    warning: overflow ? `${tokens} prompt tokens + ${maxNew} new tokens exceeds the ${b.contextTokens}-token context; remove examples or shorten them` : null,
  };
}
