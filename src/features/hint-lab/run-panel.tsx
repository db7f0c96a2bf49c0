// Regenerate and batch controls: sampling parameters, N samples for this prompt, or a configuration over many prompts.

import { useState } from 'react';
import { parsePromptList } from '../../core/lab/prompt-list';
import type { DatasetMeta } from '../../data/workspace';
import { cancelRun, pauseRun } from '../../data/lab-runner';
import { useLabStore } from './store';
import type { Builder } from './use-builder';
import { useLabActions, useLiveRun } from './use-lab-runs';

function Num({ label, value, onChange, step = 1, min, max }: { label: string; value: number; onChange: (v: number) => void; step?: number; min?: number; max?: number }) {
  return (
    <label>
      {label}
      <input aria-label={label} type="number" value={value} step={step} min={min} max={max} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

/** The controls; `promptText` is what "Regenerate" sends for the current prompt. */
export function RunPanel({ meta, prompt, builder, promptText }: { meta: DatasetMeta; prompt: number; builder: Builder; promptText: string | null }) {
  const p = useLabStore((s) => s.params);
  const edit = useLabStore((s) => s.paramsEdited);
  const active = useLabStore((s) => s.active[meta.key]);
  const live = useLiveRun(meta.key, active);
  const { start } = useLabActions(meta, builder);
  const [batch, setBatch] = useState('0-9');
  const [error, setError] = useState<string | null>(null);
  const running = live?.status === 'running' || live?.status === 'pausing';

  const regenerate = async () => {
    setError(null);
    if (!promptText?.trim()) return setError('The prompt is empty.');
    const hint = builder.hintFor(prompt);
    try {
      await start({ [prompt]: promptText }, hint ? { [prompt]: hint } : {});
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const runBatch = async () => {
    setError(null);
    const parsed = parsePromptList(batch, new Set(meta.prompts.map((x) => x.index)));
    if ('error' in parsed) return setError(parsed.error);
    const rendered: Record<number, string> = {};
    const hints: Record<number, string> = {};
    const problems: string[] = [];
    for (const i of parsed.prompts) {
      const c = builder.compose(i);
      if ('error' in c) problems.push(`prompt ${i}: ${c.error}`);
      else rendered[i] = c.text;
      const h = builder.hintFor(i);
      if (h) hints[i] = h;
    }
    if (problems.length) return setError(`Cannot build ${problems.length} prompt(s): ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '…' : ''}`);
    try {
      await start(rendered, hints);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="lab-panel" aria-label="Regenerate">
      <h3>Regenerate</h3>
      <div className="lab-grid">
        <Num label="Samples (N)" value={p.n} min={1} max={50} onChange={(v) => edit({ n: Math.min(50, Math.max(1, Math.round(v) || 1)) })} />
        <Num label="Temperature" value={p.temperature} step={0.1} min={0} onChange={(v) => edit({ temperature: Math.max(0, v || 0) })} />
        <Num label="Top-p" value={p.topP} step={0.05} min={0.01} max={1} onChange={(v) => edit({ topP: Math.min(1, Math.max(0.01, v || 1)) })} />
        <Num label="Max tokens" value={p.maxTokens} step={16} min={1} onChange={(v) => edit({ maxTokens: Math.max(1, Math.round(v) || 1) })} />
        <Num label="Repetition penalty" value={p.repetitionPenalty} step={0.05} min={1} onChange={(v) => edit({ repetitionPenalty: Math.max(1, v || 1) })} />
        <Num label="Seed" value={p.seed} onChange={(v) => edit({ seed: Math.round(v) || 0 })} />
        <label>
          Stop strings (one per line)
          <textarea aria-label="Stop strings" rows={2} value={p.stop} onChange={(e) => edit({ stop: e.target.value })} spellCheck={false} />
        </label>
      </div>
      <p className="small muted">Sample i gets seed {p.seed} + i, so a rerun repeats where the engine honours seeds.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void regenerate()} disabled={running || !promptText}>
          Regenerate {p.n} for prompt {prompt}
        </button>
        {running && active && (
          <>
            <button type="button" onClick={() => pauseRun(meta.key, active)}>
              Pause
            </button>
            <button type="button" className="danger" onClick={() => cancelRun(meta.key, active)}>
              Cancel
            </button>
          </>
        )}
      </div>
      <div className="row lab-batch">
        <label>
          Batch prompts
          <input aria-label="Batch prompts" value={batch} onChange={(e) => setBatch(e.target.value)} placeholder="all, or 0-9, 12" />
        </label>
        <button type="button" onClick={() => void runBatch()} disabled={running}>
          Run batch
        </button>
        <span className="small muted">Each prompt gets its own examples and hint from the builder; hand edits apply only to the single-prompt run.</span>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
