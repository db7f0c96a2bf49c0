// Running a configuration over a dataset's prompts: example context from the teacher, hints, the prompt per prompt, and paper-shaped samples.jsonl lines.

import type { Dataset, Summary } from '../model/types';
import { composePrompt, summarizeMessages, type PromptTemplate } from '../urial/presets';
import { renderPrompt, type UrialExample } from '../urial/prompt';
import type { PromptVectors, SelectionContext } from '../urial/selection';
import { generate, type GenerateOptions, type GenerateResult } from './client';
import type { Endpoint } from './endpoint';
import type { HintSource } from './run-config';

/**
 * The selection context of a dataset for `teacher`: prompt texts (trimmed), the teacher's first sample per prompt
 * in split `split` (raw text, trimmed, as the paper's templates used it; null when failed or missing), and the
 * teacher's summaries from `summaries-outputs` (the paper's hints). Vectors are passed through.
 */
export function selectionContext(ds: Dataset, teacher: string | undefined, vectors: { prompt?: PromptVectors; response?: PromptVectors } = {}, split = 'outputs'): SelectionContext {
  const prompts = ds.prompts.map((p) => p.text.trim());
  const teacherAnswers: (string | null)[] = prompts.map(() => null);
  const teacherSummaries: (string | null)[] = prompts.map(() => null);
  if (teacher !== undefined) {
    for (const s of ds.samples) {
      if (s.system !== teacher || s.split !== split || s.index !== 0) continue;
      const t = s.raw ?? s.text;
      if (t !== null && s.prompt < prompts.length) teacherAnswers[s.prompt] = t.trim();
    }
    const sums = ds.summaries.filter((s: Summary) => s.source === teacher);
    const best = sums.some((s) => s.split === 'summaries-outputs') ? sums.filter((s) => s.split === 'summaries-outputs') : sums;
    for (const s of best) if (s.text !== null && s.prompt < prompts.length) teacherSummaries[s.prompt] = s.text.trim();
  }
  return {
    prompts,
    teacherAnswers,
    teacherSummaries,
    ...(vectors.prompt ? { promptVectors: vectors.prompt } : {}),
    ...(vectors.response ? { responseVectors: vectors.response } : {}),
  };
}

/**
 * The hint text for prompt `target`, or null when the template has none. `teacher-summary` reads the context;
 * `generated` asks `hintEndpoint` (an aligned endpoint) to summarise the teacher's answer; `text` uses the user's.
 * Throws with the prompt number when no hint can be had.
 */
export async function hintFor(template: PromptTemplate, hint: HintSource | undefined, target: number, ctx: SelectionContext, hintEndpoint: Endpoint | undefined, options: GenerateOptions): Promise<string | null> {
  if (!template.hint) return null;
  const source = hint ?? { source: 'teacher-summary' };
  if (source.source === 'text') {
    const t = source.byPrompt[String(target)];
    if (!t?.trim()) throw new Error(`prompt ${target}: no hint text given`);
    return t;
  }
  if (source.source === 'teacher-summary') {
    const t = ctx.teacherSummaries?.[target];
    if (!t) throw new Error(`prompt ${target}: the teacher has no summary (summaries-outputs) for this prompt`);
    return t;
  }
  const answer = ctx.teacherAnswers[target];
  if (!answer) throw new Error(`prompt ${target}: the teacher has no answer to summarise`);
  if (!hintEndpoint) throw new Error('generated hints need an aligned endpoint');
  const r = await generate(hintEndpoint, { messages: summarizeMessages(ctx.prompts[target]!, answer) }, { n: 1, temperature: 0, maxTokens: 256 }, { ...options, onDelta: undefined, onSample: undefined });
  const s = r.samples[0]!;
  if (s.text === null || !s.text.trim()) throw new Error(`prompt ${target}: the summary request failed: ${s.error?.message ?? 'empty reply'}`);
  return s.text.trim();
}

/** One prompt's run: the exact prompt sent and what came back. */
export interface PromptRun {
  target: number;
  prompt: string;
  hint: string | null;
  result: GenerateResult;
}

/**
 * Builds prompt `target` from `template` and generates its samples on the base `endpoint`. Rejects only when the
 * prompt cannot be built (missing hint, embeddings); request failures are in `result`.
 */
export async function runPrompt(template: PromptTemplate, hint: HintSource | undefined, params: Parameters<typeof generate>[2], target: number, ctx: SelectionContext, endpoint: Endpoint, hintEndpoint: Endpoint | undefined, options: GenerateOptions): Promise<PromptRun> {
  const hintText = await hintFor(template, hint, target, ctx, hintEndpoint, options);
  const prompt = renderPrompt(composePrompt(template, target, ctx, hintText));
  const result = await generate(endpoint, { prompt }, params, options);
  return { target, prompt, hint: hintText, result };
}

/**
 * A `samples.jsonl` line in the paper's TGI shape: `{"prompt", "outputs": [{"generated_text"} | {"error", "error_type"}]}`
 * (one output per sample, in index order), so it imports like the paper's own runs.
 */
export function samplesLine(run: Pick<PromptRun, 'prompt' | 'result'>): string {
  return JSON.stringify({
    prompt: run.prompt,
    outputs: run.result.samples.map((s) =>
      s.text !== null
        ? { generated_text: s.text, ...(s.finishReason ? { finish_reason: s.finishReason } : {}), ...(s.seed !== undefined ? { seed: s.seed } : {}) }
        : { error: s.error?.message ?? 'failed', error_type: s.error?.kind ?? 'unknown', ...(s.partial ? { partial_text: s.partial } : {}) },
    ),
  });
}

/**
 * Parses a prompt selection such as `0-9`, `3`, `0,5,10-12` into sorted unique indices below `n`. Throws with a
 * message naming the bad part.
 */
export function parsePromptRange(spec: string, n: number): number[] {
  const out = new Set<number>();
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a prompt number or range like 0-9`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a) throw new Error(`range "${part}" runs backwards`);
    if (b >= n) throw new Error(`prompt ${b} does not exist (the dataset has prompts 0-${n - 1})`);
    for (let i = a; i <= b; i++) out.add(i);
  }
  if (!out.size) throw new Error('no prompts selected');
  return [...out].sort((x, y) => x - y);
}

/**
 * Fixed examples "taken from a teacher" that already answered them: the dataset prompts `indices` with the
 * teacher's first answers (from {@link selectionContext}). Throws naming a prompt the teacher has no answer for.
 */
export function examplesFromDataset(indices: readonly number[], ctx: SelectionContext): UrialExample[] {
  return indices.map((i) => {
    const query = ctx.prompts[i];
    const answer = ctx.teacherAnswers[i];
    if (query === undefined) throw new Error(`prompt ${i} is not in the dataset`);
    if (!answer) throw new Error(`prompt ${i}: the teacher has no answer to use as an example`);
    return { query, answer };
  });
}

/**
 * Fixed examples whose answers an aligned (teacher) endpoint writes now: one greedy chat request per query (the
 * paper's `-icl-chat` gave URIAL's own queries to llama-2-chat). Rejects naming the query whose request failed.
 */
export async function examplesFromTeacher(queries: readonly string[], teacher: Endpoint, options: GenerateOptions, maxTokens = 700): Promise<UrialExample[]> {
  const out: UrialExample[] = [];
  for (const query of queries) {
    const r = await generate(teacher, { messages: [{ role: 'user', content: query.trim() }] }, { n: 1, temperature: 0, maxTokens }, { ...options, onDelta: undefined, onSample: undefined });
    const s = r.samples[0]!;
    if (s.text === null || !s.text.trim()) throw new Error(`the teacher did not answer ${JSON.stringify(query.slice(0, 60))}: ${s.error?.message ?? 'empty reply'}`);
    out.push({ query: query.trim(), answer: s.text.trim() });
  }
  return out;
}
