// Choosing in-context examples for a test prompt as the paper did: fixed, K random (seeded), K nearest by prompt or teacher-response embedding.

import { mulberry32 } from '../similarity/random';
import type { UrialExample } from './prompt';

/**
 * How a prompt's examples are chosen (paper §5, system handles `-icl`, `-rand`, `-knn-prompt_similar`,
 * `-knn-response_similar`, `-5nn-…`):
 * - `none`: zero-shot (only the preamble, or nothing at all);
 * - `fixed`: the same examples for every prompt (Overton's own, a paper system's, or taken from a teacher);
 * - `random`: `k` other prompts of the dataset, drawn with `seed` (the same seed and prompt give the same draw);
 * - `knn-prompt` / `knn-response`: the `k` prompts nearest to the test prompt by cosine of prompt embeddings, or of
 *   the teacher's response embeddings; most similar first, the test prompt itself and exact duplicates excluded.
 * For all but `none`/`fixed` the answers are the teacher's first sample for each chosen prompt.
 */
export type SelectionSpec =
  | { kind: 'none' }
  | { kind: 'fixed'; examples: UrialExample[] }
  | { kind: 'random'; k: number; seed: number }
  | { kind: 'knn-prompt'; k: number }
  | { kind: 'knn-response'; k: number };

/** Row-major embeddings, one row per prompt of the dataset (prompt `i` ↔ row `i`): `vectors.length === n * dim`. */
export interface PromptVectors {
  vectors: Float32Array;
  n: number;
  dim: number;
}

/** Options for {@link nearestPrompts}. */
export interface NearestOptions {
  /** Prompt texts by index: candidates whose trimmed text equals the target's are duplicates and are skipped. */
  texts?: readonly string[];
  /** Indices never chosen (e.g. prompts whose teacher sample failed). */
  exclude?: ReadonlySet<number>;
}

/**
 * The `k` rows nearest to row `target` by cosine similarity, most similar first; ties keep index order. Skips the
 * target itself, rows with the same text as the target (`options.texts`), rows with cosine ≥ 1 − 1e-6 (the same
 * vector: a duplicate prompt under another index) and `options.exclude`. Accumulates in float64 so the order matches
 * numpy on the paper's float32 files. Returns fewer than `k` indices when there are not enough candidates.
 */
export function nearestPrompts(v: PromptVectors, target: number, k: number, options: NearestOptions = {}): number[] {
  const { vectors, n, dim } = v;
  if (vectors.length !== n * dim) throw new Error(`nearestPrompts: vectors.length ${vectors.length} ≠ n×dim ${n}×${dim}`);
  if (!Number.isInteger(target) || target < 0 || target >= n) throw new Error(`nearestPrompts: target ${target} is not a row of ${n}`);
  const norm = (i: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[i * dim + d]! ** 2;
    return Math.sqrt(s);
  };
  const tn = norm(target);
  const ownText = options.texts?.[target]?.trim();
  const scored: { i: number; cos: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (i === target || options.exclude?.has(i)) continue;
    if (ownText !== undefined && options.texts?.[i]?.trim() === ownText) continue;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += vectors[target * dim + d]! * vectors[i * dim + d]!;
    const denom = tn * norm(i);
    const cos = denom > 0 ? dot / denom : 0;
    if (cos >= 1 - 1e-6) continue;
    scored.push({ i, cos });
  }
  scored.sort((a, b) => b.cos - a.cos || a.i - b.i);
  return scored.slice(0, Math.max(0, k)).map((s) => s.i);
}

/**
 * `k` distinct prompt indices from `0..n-1` other than `target` (and `exclude`), drawn with a seeded generator
 * (mulberry32 of `seed` mixed with `target`, so each prompt gets its own reproducible draw). Order is the draw order.
 */
export function randomPrompts(n: number, target: number, k: number, seed: number, exclude?: ReadonlySet<number>): number[] {
  const pool: number[] = [];
  for (let i = 0; i < n; i++) if (i !== target && !exclude?.has(i)) pool.push(i);
  const rand = mulberry32((seed ^ Math.imul(target + 1, 0x9e3779b1)) >>> 0);
  const out: number[] = [];
  // Partial Fisher–Yates: the first k slots of a seeded shuffle.
  for (let j = 0; j < Math.min(k, pool.length); j++) {
    const r = j + Math.floor(rand() * (pool.length - j));
    [pool[j], pool[r]] = [pool[r]!, pool[j]!];
    out.push(pool[j]!);
  }
  return out;
}

/** What selection needs to know about a dataset. */
export interface SelectionContext {
  /** Prompt texts, by prompt index. */
  prompts: readonly string[];
  /** The teacher's first sample for each prompt (null when it failed: such prompts are never chosen). */
  teacherAnswers: readonly (string | null)[];
  /** The summary hint of each teacher answer, when examples should carry summaries. */
  teacherSummaries?: readonly (string | null)[];
  /** Prompt embeddings (for `knn-prompt`). */
  promptVectors?: PromptVectors;
  /** Embeddings of each prompt's teacher answer (for `knn-response`). */
  responseVectors?: PromptVectors;
}

/** Indices of the prompts whose teacher answers become examples for prompt `target`; [] for `none`/`fixed`. */
export function selectExampleIndices(spec: SelectionSpec, target: number, ctx: SelectionContext): number[] {
  const failed = new Set<number>();
  ctx.teacherAnswers.forEach((a, i) => {
    if (a === null) failed.add(i);
  });
  switch (spec.kind) {
    case 'none':
    case 'fixed':
      return [];
    case 'random':
      return randomPrompts(ctx.prompts.length, target, spec.k, spec.seed, failed);
    case 'knn-prompt':
    case 'knn-response': {
      const v = spec.kind === 'knn-prompt' ? ctx.promptVectors : ctx.responseVectors;
      if (!v) throw new Error(`${spec.kind} selection needs ${spec.kind === 'knn-prompt' ? 'prompt' : 'teacher-response'} embeddings`);
      if (v.n !== ctx.prompts.length) throw new Error(`${spec.kind}: ${v.n} embeddings for ${ctx.prompts.length} prompts`);
      return nearestPrompts(v, target, spec.k, { texts: ctx.prompts, exclude: failed });
    }
  }
}

/**
 * The examples for prompt `target`: the fixed list, or (query, teacher answer[, teacher summary]) for the selected
 * prompts. With `withSummaries`, each example whose prompt has a teacher summary carries it.
 */
export function selectExamples(spec: SelectionSpec, target: number, ctx: SelectionContext, withSummaries = false): UrialExample[] {
  if (spec.kind === 'none') return [];
  if (spec.kind === 'fixed') return spec.examples.map((e) => ({ ...e }));
  return selectExampleIndices(spec, target, ctx).map((i) => {
    const s = withSummaries ? ctx.teacherSummaries?.[i] : undefined;
    return { query: ctx.prompts[i]!, answer: ctx.teacherAnswers[i]!, ...(s != null ? { summary: s } : {}) };
  });
}
