// Semantic (embedding-based) diversity and coverage measures: within-prompt cosine, distinct meanings, similarity to
// a teacher next to the teacher's self-similarity, and sentence coverage of base samples (paper §4–5 analogues).

import { cosineBlock, normalizeRows, type Vectors } from '../similarity/cosine';
import type { SampleRef } from '../model/sample-ref';
import { splitSentences } from './sentences';
import { mean } from './stats';

export type { SampleRef };

/** Sample embeddings: `vectors` is `n × dim` row-major, `rows[i]` says which sample row i is (`rows.length === n`). */
export interface EmbeddedSamples {
  vectors: Float32Array;
  n: number;
  dim: number;
  rows: readonly SampleRef[];
}

/** A per-prompt value and its mean over prompts that have one. */
export interface PerPrompt<T = number | null> {
  mean: number | null;
  perPrompt: { prompt: number; value: T }[];
}

/** Unit-normalised vectors + per (system, prompt) row lists sorted by sample index. */
class Index {
  readonly unit: Vectors;
  readonly refs: readonly SampleRef[];
  private readonly groups = new Map<string, number[]>();
  constructor(e: EmbeddedSamples) {
    if (e.rows.length !== e.n) throw new Error(`EmbeddedSamples: rows.length ${e.rows.length} ≠ n ${e.n}`);
    this.unit = normalizeRows({ data: e.vectors, n: e.n, dim: e.dim });
    e.rows.forEach((r, i) => {
      const k = `${r.system}\u0000${r.prompt}`;
      const g = this.groups.get(k);
      if (g) g.push(i);
      else this.groups.set(k, [i]);
    });
    for (const g of this.groups.values()) g.sort((a, b) => e.rows[a]!.index - e.rows[b]!.index);
    this.refs = e.rows;
  }
  rowsOf(system: string, prompt: number): number[] {
    return this.groups.get(`${system}\u0000${prompt}`) ?? [];
  }
  promptsOf(system: string): number[] {
    const ps = new Set<number>();
    for (const r of this.refs) if (r.system === system) ps.add(r.prompt);
    return [...ps].sort((a, b) => a - b);
  }
  cos(i: number, j: number): number {
    return cosineBlock(this.unit, i, i + 1, j, j + 1)[0]!;
  }
  /** Cosine block of the listed rows (|rows| × |rows|). */
  block(rows: readonly number[]): Float32Array {
    const m = new Float32Array(rows.length * rows.length);
    for (let a = 0; a < rows.length; a++) for (let b = 0; b < rows.length; b++) m[a * rows.length + b] = this.cos(rows[a]!, rows[b]!);
    return m;
  }
}

/** Mean cosine over unordered pairs of the given vector rows; null with fewer than 2 rows. */
function meanPairwise(ix: Index, rows: readonly number[]): number | null {
  const vals: number[] = [];
  for (let a = 0; a < rows.length; a++) for (let b = a + 1; b < rows.length; b++) vals.push(ix.cos(rows[a]!, rows[b]!));
  return mean(vals);
}

/**
 * Mean pairwise cosine of a system's samples within each prompt, and its mean over prompts with ≥ 2 samples
 * (the semantic analogue of `jaccard_all`; higher = less diverse).
 */
export function withinPromptCosine(e: EmbeddedSamples, system: string): PerPrompt {
  const ix = new Index(e);
  const perPrompt = ix.promptsOf(system).map((p) => ({ prompt: p, value: meanPairwise(ix, ix.rowsOf(system, p)) }));
  return { mean: mean(perPrompt.map((x) => x.value).filter((v): v is number => v !== null)), perPrompt };
}

/** How {@link distinctMeanings} groups samples. */
export type ClusterMethod = 'leader' | 'single-link';

/**
 * Groups `m` items given their `m × m` similarity matrix. `leader` (NoveltyBench's partition): in sample order, an
 * item joins the first existing class whose first member is ≥ threshold similar, else starts a new class
 * (order-dependent, not transitive). `single-link`: union-find over every pair ≥ threshold (transitive, order-free).
 * Returns class labels 0..k-1 in order of first appearance.
 */
export function clusterBySimilarity(sim: Float32Array, m: number, threshold: number, method: ClusterMethod = 'leader'): Int32Array {
  const labels = new Int32Array(m).fill(-1);
  if (method === 'leader') {
    const leaders: number[] = [];
    for (let i = 0; i < m; i++) {
      const c = leaders.findIndex((l) => sim[i * m + l]! >= threshold);
      if (c >= 0) labels[i] = c;
      else {
        labels[i] = leaders.length;
        leaders.push(i);
      }
    }
    return labels;
  }
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      if (sim[i * m + j]! >= threshold) {
        const a = find(i), b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const names = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const r = find(i);
    if (!names.has(r)) names.set(r, names.size);
    labels[i] = names.get(r)!;
  }
  return labels;
}

/**
 * Number of distinct meanings among a system's samples per prompt (a NoveltyBench-style distinct-k proxy: samples
 * whose cosine ≥ `threshold` count as the same meaning), and its mean over prompts.
 */
export function distinctMeanings(
  e: EmbeddedSamples, system: string, threshold: number, method: ClusterMethod = 'leader',
): PerPrompt<number> & { labels: Map<number, Int32Array> } {
  const ix = new Index(e);
  const labels = new Map<number, Int32Array>();
  const perPrompt = ix.promptsOf(system).map((p) => {
    const rows = ix.rowsOf(system, p);
    const l = clusterBySimilarity(ix.block(rows), rows.length, threshold, method);
    labels.set(p, l);
    return { prompt: p, value: l.length ? Math.max(...l) + 1 : 0 };
  });
  return { mean: mean(perPrompt.map((x) => x.value)), perPrompt, labels };
}

/** Similarity of a student system's samples to its teacher's first sample, next to the teacher's own baseline. */
export interface TeacherSimilarity {
  /** Mean over prompts of the mean cosine of the student's samples to the teacher's sample 0. */
  student: number | null;
  /** Mean over prompts of the mean cosine of the teacher's other samples to its sample 0 (BERTScore self baseline). */
  teacherSelf: number | null;
  perPrompt: { prompt: number; student: number | null; teacherSelf: number | null }[];
}

/**
 * How close `student` (e.g. `llama-2-icl-chat-summary`) comes to `teacher` (e.g. `llama-2-chat`), in the layout
 * of the paper's BERTScore files: reference = the teacher's sample 0 of each prompt; the teacher's self-similarity
 * compares that sample with its other samples. A student at the teacher's self-similarity is as close as the
 * teacher is to itself.
 */
export function teacherSimilarity(e: EmbeddedSamples, student: string, teacher: string): TeacherSimilarity {
  const ix = new Index(e);
  const perPrompt = ix.promptsOf(teacher).map((p) => {
    const t = ix.rowsOf(teacher, p);
    const ref = t.find((r) => ix.refs[r]!.index === 0);
    if (ref === undefined) return { prompt: p, student: null, teacherSelf: null };
    const s = ix.rowsOf(student, p);
    return {
      prompt: p,
      student: mean(s.map((r) => ix.cos(ref, r))),
      teacherSelf: mean(t.filter((r) => r !== ref).map((r) => ix.cos(ref, r))),
    };
  });
  const avg = (k: 'student' | 'teacherSelf') => mean(perPrompt.map((x) => x[k]).filter((v): v is number => v !== null));
  return { student: avg('student'), teacherSelf: avg('teacherSelf'), perPrompt };
}

/** Embeds texts: resolves to `texts.length × dim` row-major vectors (dim is inferred from the length). */
export type EmbedFn = (texts: string[]) => Promise<Float32Array>;

/** One prompt's texts for {@link coverage}: several base samples and one aligned response. */
export interface CoverageInput {
  prompt: number;
  base: readonly string[];
  aligned: string;
}

/** Coverage of one prompt (null when the prompt has < 2 base samples with sentences, or an empty aligned response). */
export interface PromptCoverage {
  prompt: number;
  /** Share of base samples' sentences matched by the aligned response (mean over base samples). */
  byAligned: number | null;
  /** Share of base samples' sentences matched by another base sample (mean over ordered pairs). */
  byOtherBase: number | null;
  baseSentences: number;
}

/** Result of {@link coverage}. */
export interface Coverage {
  byAligned: number | null;
  byOtherBase: number | null;
  perPrompt: PromptCoverage[];
}

/**
 * Information aggregation (paper §5, "does one aligned response cover what several base samples say?"): split every
 * response into sentences ({@link splitSentences}); a base sentence is matched by a response when its max cosine to
 * that response's sentences is ≥ `threshold`. Compares one aligned response against one other base sample as the
 * matcher. All sentences are embedded in one `embed` call.
 */
export async function coverage(inputs: readonly CoverageInput[], embed: EmbedFn, threshold: number): Promise<Coverage> {
  const sentences: string[] = [];
  const ids = new Map<string, number>();
  const idsOf = (text: string) =>
    splitSentences(text).map((s) => {
      let id = ids.get(s);
      if (id === undefined) {
        id = sentences.length;
        ids.set(s, id);
        sentences.push(s);
      }
      return id;
    });
  const split = inputs.map((x) => ({ prompt: x.prompt, base: x.base.map(idsOf), aligned: idsOf(x.aligned) }));
  if (sentences.length === 0) return { byAligned: null, byOtherBase: null, perPrompt: split.map((x) => emptyCoverage(x.prompt)) };
  const flat = await embed(sentences);
  const dim = flat.length / sentences.length;
  if (!Number.isInteger(dim) || dim === 0) throw new Error(`coverage: embed returned ${flat.length} values for ${sentences.length} texts`);
  const unit = normalizeRows({ data: flat, n: sentences.length, dim });
  const maxCos = (s: number, targets: readonly number[]) => {
    let best = -Infinity;
    for (const t of targets) best = Math.max(best, cosineBlock(unit, s, s + 1, t, t + 1)[0]!);
    return best;
  };
  const share = (src: readonly number[], targets: readonly number[]) =>
    targets.length === 0 ? 0 : src.filter((s) => maxCos(s, targets) >= threshold).length / src.length;
  const perPrompt = split.map((x): PromptCoverage => {
    const bases = x.base.filter((b) => b.length > 0);
    if (bases.length < 2 || x.aligned.length === 0) return { ...emptyCoverage(x.prompt), baseSentences: bases.flat().length };
    const other: number[] = [];
    for (let i = 0; i < bases.length; i++) for (let j = 0; j < bases.length; j++) if (i !== j) other.push(share(bases[i]!, bases[j]!));
    return {
      prompt: x.prompt,
      byAligned: mean(bases.map((b) => share(b, x.aligned))),
      byOtherBase: mean(other),
      baseSentences: bases.flat().length,
    };
  });
  const avg = (k: 'byAligned' | 'byOtherBase') => mean(perPrompt.map((p) => p[k]).filter((v): v is number => v !== null));
  return { byAligned: avg('byAligned'), byOtherBase: avg('byOtherBase'), perPrompt };
}

const emptyCoverage = (prompt: number): PromptCoverage => ({ prompt, byAligned: null, byOtherBase: null, baseSentences: 0 });

/** Keeps the rows of `e` that pass `keep` (a copy; `n × dim` row-major like the input). */
export function subsetSamples(e: EmbeddedSamples, keep: (r: SampleRef) => boolean): EmbeddedSamples {
  const picked: number[] = [];
  e.rows.forEach((r, i) => keep(r) && picked.push(i));
  const vectors = new Float32Array(picked.length * e.dim);
  picked.forEach((r, j) => vectors.set(e.vectors.subarray(r * e.dim, (r + 1) * e.dim), j * e.dim));
  return { vectors, n: picked.length, dim: e.dim, rows: picked.map((i) => e.rows[i]!) };
}

/** Options of {@link semanticRows}. */
export interface SemanticOptions {
  /** Cosine at or above which two samples count as the same meaning (see {@link distinctMeanings}). */
  threshold: number;
  method?: ClusterMethod;
  /** Student system → the aligned system it imitates (`SystemInfo.teacherSystem`); rows get teacher figures for these. */
  teachers?: Readonly<Record<string, string>>;
}

/** One system's semantic figures (means over prompts; null where a figure has no prompt to average). */
export interface SemanticRow {
  system: string;
  /** Embedded samples of the system, and the prompts they fall in. */
  samples: number;
  prompts: number;
  /** Most embedded samples of any one prompt: the N of "k distinct meanings of N". */
  maxPerPrompt: number;
  /** Mean within-prompt pairwise cosine ({@link withinPromptCosine}); higher = less diverse. */
  withinCosine: number | null;
  /** Mean distinct meanings per prompt ({@link distinctMeanings}). */
  distinct: number | null;
  /** The teacher compared with, when the system has one and the teacher has embedded samples. */
  teacher: string | null;
  /** {@link teacherSimilarity}: the student's samples against the teacher's sample 0, and the teacher against itself. */
  toTeacher: number | null;
  teacherSelf: number | null;
  /** toTeacher ÷ teacherSelf: 1 = as close to the teacher as the teacher's own samples are (paper RQ2). */
  ratio: number | null;
}

/**
 * The per-system semantic table of `systems` over the embedded samples `e` (systems without rows get zero counts
 * and null figures). Composes {@link withinPromptCosine}, {@link distinctMeanings} and {@link teacherSimilarity} on
 * per-system subsets, so each call normalises only the rows it reads.
 */
export function semanticRows(e: EmbeddedSamples, systems: readonly string[], opts: SemanticOptions): SemanticRow[] {
  const bySystem = new Map<string, EmbeddedSamples>();
  const of = (s: string) => {
    let x = bySystem.get(s);
    if (!x) bySystem.set(s, (x = subsetSamples(e, (r) => r.system === s)));
    return x;
  };
  return systems.map((system): SemanticRow => {
    const own = of(system);
    const counts = new Map<number, number>();
    for (const r of own.rows) counts.set(r.prompt, (counts.get(r.prompt) ?? 0) + 1);
    const teacherId = opts.teachers?.[system];
    const teacher = teacherId && teacherId !== system && of(teacherId).n > 0 ? teacherId : null;
    let t: TeacherSimilarity | null = null;
    if (teacher && own.n > 0) {
      const both = subsetSamples(e, (r) => r.system === system || r.system === teacher);
      t = teacherSimilarity(both, system, teacher);
    }
    const ratio = t?.student != null && t.teacherSelf ? t.student / t.teacherSelf : null;
    return {
      system,
      samples: own.n,
      prompts: counts.size,
      maxPerPrompt: Math.max(0, ...counts.values()),
      withinCosine: own.n ? withinPromptCosine(own, system).mean : null,
      distinct: own.n ? distinctMeanings(own, system, opts.threshold, opts.method).mean : null,
      teacher,
      toTeacher: t?.student ?? null,
      teacherSelf: t?.teacherSelf ?? null,
      ratio,
    };
  });
}

/** {@link SemanticRow} of one prompt plus which samples share a meaning. */
export interface PromptSemanticRow extends SemanticRow {
  /** Groups of sample indices that count as one meaning, in order of first appearance. */
  clusters: number[][];
}

/** The semantic figures of one prompt for `systems` (one-prompt means), with the meaning clusters of each system. */
export function promptSemantic(e: EmbeddedSamples, prompt: number, systems: readonly string[], opts: SemanticOptions): PromptSemanticRow[] {
  const one = subsetSamples(e, (r) => r.prompt === prompt);
  return semanticRows(one, systems, opts).map((row) => {
    const own = subsetSamples(one, (r) => r.system === row.system);
    if (own.n === 0) return { ...row, clusters: [] };
    const labels = distinctMeanings(own, row.system, opts.threshold, opts.method).labels.get(prompt) ?? new Int32Array(0);
    // distinctMeanings orders rows by sample index, so label j belongs to the j-th smallest index.
    const indices = own.rows.map((r) => r.index).sort((a, b) => a - b);
    const clusters: number[][] = [];
    labels.forEach((l, j) => (clusters[l] ??= []).push(indices[j]!));
    return { ...row, clusters };
  });
}

/** One prompt's texts for {@link systemCoverage}: the base system's samples and the aligned system's samples. */
export interface SystemCoverageInput {
  prompt: number;
  base: readonly string[];
  aligned: readonly string[];
}

/**
 * {@link coverage} of a base system by an aligned system: each aligned sample is tried as the "one aligned response",
 * the per-prompt figures are the mean over those, and the totals the mean over prompts (so a prompt weighs the same
 * whatever its aligned sample count). Embeds every sentence in one `embed` call.
 */
export async function systemCoverage(inputs: readonly SystemCoverageInput[], embed: EmbedFn, threshold: number): Promise<Coverage> {
  const flat = inputs.flatMap((x) => x.aligned.map((a): CoverageInput => ({ prompt: x.prompt, base: x.base, aligned: a })));
  const res = await coverage(flat, embed, threshold);
  const perPrompt = inputs.map((x): PromptCoverage => {
    const mine = res.perPrompt.filter((p) => p.prompt === x.prompt);
    const avg = (k: 'byAligned' | 'byOtherBase') => mean(mine.map((p) => p[k]).filter((v): v is number => v !== null));
    return { prompt: x.prompt, byAligned: avg('byAligned'), byOtherBase: avg('byOtherBase'), baseSentences: Math.max(0, ...mine.map((p) => p.baseSentences)) };
  });
  return combineCoverage(perPrompt);
}

/** Totals of per-prompt coverage rows: each figure's mean over the prompts that have one. */
export function combineCoverage(perPrompt: PromptCoverage[]): Coverage {
  const avg = (k: 'byAligned' | 'byOtherBase') => mean(perPrompt.map((p) => p[k]).filter((v): v is number => v !== null));
  return { byAligned: avg('byAligned'), byOtherBase: avg('byOtherBase'), perPrompt };
}
