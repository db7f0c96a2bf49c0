// Aggregates of the paper's LLM-judge outputs (METRICS.md "Judge outputs"; paper §4–5): response quality, stance on
// ConflictingQA, missing information and topic extraction on LIMA-OE. One row per judge folder.

import type { Dataset, JudgeKind, JudgeRecord } from '../model/types';
import { mean } from './stats';

/** The five quality aspects of the just-eval multi-score judge, in the paper's order. */
export const QUALITY_ASPECTS = ['helpfulness', 'clarity', 'factuality', 'depth', 'engagement'] as const;
/** One quality aspect name. */
export type QualityAspect = (typeof QUALITY_ASPECTS)[number];

/** The stance labels of the ConflictingQA judge; anything else is `unparsed`. */
export const STANCES = ['yes', 'no', 'both', 'other'] as const;
/** One stance label. */
export type Stance = (typeof STANCES)[number];

/** The topic labels of the extract-topics judge (A = reference response, B = alternative). */
export const TOPIC_LABELS = ['A', 'B', 'both'] as const;
/** One topic label. */
export type TopicLabel = (typeof TOPIC_LABELS)[number];

interface JudgeRowBase {
  dataset: string;
  kind: JudgeKind;
  /** Folder name under `<kind>/outputs/`. */
  name: string;
  /** Judge lines. */
  rows: number;
}

/** `eval-quality` row: `<aspect>_all` over all lines with a value, `<aspect>_s0` over each prompt's first line. */
export type QualityRow = JudgeRowBase & {
  kind: 'eval-quality';
  samples_per_prompt: number;
  parse_failures: number;
} & Record<`${QualityAspect | 'avg5'}_${'all' | 's0'}`, number | null>;

/** `eval-stance` row: label shares over all lines, and per-prompt pluralism figures. */
export type StanceRow = JudgeRowBase & {
  kind: 'eval-stance';
  samples_per_prompt: number;
  unparsed: number;
  /** Share of prompts whose lines hold both yes and no (distributional pluralism across samples). */
  frac_prompts_yes_and_no: number | null;
  /** Share of prompts holding at least one "both" (Overton pluralism within a response). */
  frac_prompts_any_both: number | null;
  mean_distinct_stances: number | null;
} & Record<`frac_${Stance}`, number | null>;

/** `eval-missing` row: 1–5 "how much of A's information is missing from B". */
export interface MissingRow extends JudgeRowBase {
  kind: 'eval-missing';
  mean_score: number | null;
  parse_failures: number;
  /** Score → count over parsed lines. */
  score_counts: Record<string, number>;
}

/** `extract-topics` row: topics per parsed line and mean helpfulness, by which response holds the topic. */
export type TopicsRow = JudgeRowBase & {
  kind: 'extract-topics';
  parse_failures: number;
} & Record<`mean_topics_${TopicLabel}` | `mean_help_${TopicLabel}`, number | null>;

/** Any judge row. */
export type JudgeRow = QualityRow | StanceRow | MissingRow | TopicsRow;

/** Parses a judge line's content as JSON; undefined for `ok:false` lines and invalid JSON (a parse failure). */
export function parseJudgeContent(content: string | null): unknown {
  if (content === null) return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

const PY_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A score as Python's `float()` reads it (numbers, numeric strings with surrounding spaces); null otherwise. */
export function toScore(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && PY_FLOAT.test(v.trim())) return Number(v.trim());
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Judge records grouped by prompt, in prompt order, each group in line order. */
function groups(records: readonly JudgeRecord[]): JudgeRecord[][] {
  const m = new Map<number, JudgeRecord[]>();
  for (const r of [...records].sort((a, b) => a.line - b.line)) {
    const g = m.get(r.prompt);
    if (g) g.push(r);
    else m.set(r.prompt, [r]);
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

const base = (dataset: string, kind: JudgeKind, name: string, records: readonly JudgeRecord[]) => ({
  dataset,
  kind,
  name,
  rows: records.length,
});

// What a reader (qualityScores, stanceOf, ...) says of a record, kept per record: the importer checks every judge line
// (judgeLineProblem) and the rows read the same verdicts, so each line's JSON is parsed once, not twice. Verdicts are
// small (scores, a label, topics) and die with their record.
const verdicts = new WeakMap<JudgeRecord, { read: unknown; content: string | null; value: unknown }>();

/** `read(r.content)`, computed once per record and reader (recomputed if the record's content was replaced). */
function verdict<T>(r: JudgeRecord, read: (content: string | null) => T): T {
  const v = verdicts.get(r);
  if (v && v.read === read && v.content === r.content) return v.value as T;
  const value = read(r.content);
  verdicts.set(r, { read, content: r.content, value });
  return value;
}

/** Quality scores of one line: aspect → value (null for N/A, missing or unreadable); undefined on parse failure. */
export function qualityScores(content: string | null): Record<QualityAspect, number | null> | undefined {
  const j = parseJudgeContent(content);
  if (!isObject(j)) return undefined;
  const out = {} as Record<QualityAspect, number | null>;
  for (const a of QUALITY_ASPECTS) {
    const v = j[a];
    out[a] = isObject(v) ? toScore(v.score) : null;
  }
  return out;
}

/** The `eval-quality` row for one judge folder's records. */
export function qualityRow(dataset: string, name: string, records: readonly JudgeRecord[]): QualityRow {
  const gs = groups(records);
  const parsed = new Map<JudgeRecord, Record<QualityAspect, number | null> | undefined>();
  for (const r of records) parsed.set(r, verdict(r, qualityScores));
  const row = {
    ...base(dataset, 'eval-quality', name, records),
    samples_per_prompt: gs.length ? records.length / gs.length : 0,
    parse_failures: [...parsed.values()].filter((v) => v === undefined).length,
  } as QualityRow;
  for (const [suffix, recs] of [['all', records], ['s0', gs.map((g) => g[0]!)]] as const) {
    const means: number[] = [];
    let complete = true;
    for (const a of QUALITY_ASPECTS) {
      const vals = recs.map((r) => parsed.get(r)?.[a]).filter((v): v is number => typeof v === 'number');
      const m = mean(vals);
      row[`${a}_${suffix}`] = m;
      if (m === null) complete = false;
      else means.push(m);
    }
    row[`avg5_${suffix}`] = complete ? mean(means) : null;
  }
  return row;
}

/** The stance label of one line, or null when unparsed (bad JSON, missing or unknown label). */
export function stanceOf(content: string | null): Stance | null {
  const j = parseJudgeContent(content);
  if (!isObject(j) || typeof j.stance !== 'string') return null;
  const s = j.stance.trim().toLowerCase();
  return (STANCES as readonly string[]).includes(s) ? (s as Stance) : null;
}

/** The `eval-stance` row for one judge folder's records. */
export function stanceRow(dataset: string, name: string, records: readonly JudgeRecord[]): StanceRow {
  const gs = groups(records);
  const label = new Map(records.map((r) => [r, verdict(r, stanceOf)]));
  const n = records.length;
  const count = (s: Stance) => records.filter((r) => label.get(r) === s).length;
  const sets = gs.map((g) => new Set(g.map((r) => label.get(r)).filter((l): l is Stance => l !== null)));
  return {
    ...base(dataset, 'eval-stance', name, records),
    kind: 'eval-stance',
    samples_per_prompt: gs.length ? n / gs.length : 0,
    frac_yes: n ? count('yes') / n : null,
    frac_no: n ? count('no') / n : null,
    frac_both: n ? count('both') / n : null,
    frac_other: n ? count('other') / n : null,
    unparsed: records.filter((r) => label.get(r) === null).length,
    frac_prompts_yes_and_no: sets.length ? sets.filter((s) => s.has('yes') && s.has('no')).length / sets.length : null,
    frac_prompts_any_both: sets.length ? sets.filter((s) => s.has('both')).length / sets.length : null,
    mean_distinct_stances: mean(sets.map((s) => s.size)),
  };
}

/** The 1–5 score of one `eval-missing` line, or null on parse failure / missing score. */
export function missingScore(content: string | null): number | null {
  const j = parseJudgeContent(content);
  return isObject(j) ? toScore(j.score) : null;
}

/** The `eval-missing` row for one judge folder's records. */
export function missingRow(dataset: string, name: string, records: readonly JudgeRecord[]): MissingRow {
  const scores = records.map((r) => verdict(r, missingScore));
  const ok = scores.filter((s): s is number => s !== null);
  const counts: Record<string, number> = {};
  for (const s of [...ok].sort((a, b) => a - b)) counts[String(s)] = (counts[String(s)] ?? 0) + 1;
  return {
    ...base(dataset, 'eval-missing', name, records),
    kind: 'eval-missing',
    mean_score: mean(ok),
    parse_failures: scores.length - ok.length,
    score_counts: counts,
  };
}

/** One extracted topic. `helpfulness` is null when unreadable. */
export interface Topic {
  name: string;
  response: TopicLabel | string;
  helpfulness: number | null;
}

/** The topics of one `extract-topics` line, or undefined on parse failure (bad JSON or no `topics` array). */
export function topicsOf(content: string | null): Topic[] | undefined {
  const j = parseJudgeContent(content);
  if (!isObject(j) || !Array.isArray(j.topics)) return undefined;
  return j.topics.filter(isObject).map((t) => ({
    name: String(t.name ?? ''),
    response: String(t.response ?? ''),
    helpfulness: toScore(t.helpfulness),
  }));
}

/** The `extract-topics` row for one judge folder's records. */
export function topicsRow(dataset: string, name: string, records: readonly JudgeRecord[]): TopicsRow {
  const parsed = records.map((r) => verdict(r, topicsOf)).filter((t): t is Topic[] => t !== undefined);
  const row = {
    ...base(dataset, 'extract-topics', name, records),
    parse_failures: records.length - parsed.length,
  } as TopicsRow;
  for (const l of TOPIC_LABELS) {
    row[`mean_topics_${l}`] = mean(parsed.map((ts) => ts.filter((t) => t.response === l).length));
    const help = parsed.flat().filter((t) => t.response === l && t.helpfulness !== null).map((t) => t.helpfulness!);
    row[`mean_help_${l}`] = mean(help);
  }
  return row;
}

/**
 * Why one judge line's output is counted as a parse failure (the same tests the rows use: `parse_failures`,
 * `unparsed`), or null when it is usable. `content` null (an `ok:false` or unreadable line) is not judged here:
 * the importer reports those lines itself. `record`: the record holding `content`, whose verdict the rows then reuse.
 */
export function judgeLineProblem(kind: JudgeKind, content: string | null, record?: JudgeRecord): string | null {
  if (content === null) return null;
  // With the record (of this kind and content), the verdict is kept for the rows.
  const read = <T>(f: (c: string | null) => T): T => (record && record.content === content ? verdict(record, f) : f(content));
  const usable =
    kind === 'eval-quality'
      ? read(qualityScores) !== undefined
      : kind === 'eval-stance'
        ? read(stanceOf) !== null
        : kind === 'eval-missing'
          ? read(missingScore) !== null
          : read(topicsOf) !== undefined;
  if (usable) return null;
  const snippet = JSON.stringify(content.length > 60 ? `${content.slice(0, 60)}…` : content);
  if (parseJudgeContent(content) === undefined) return `${kind} output is not JSON (counted as a parse failure): ${snippet}`;
  const want = { 'eval-quality': 'an object of aspect scores', 'eval-stance': 'a "stance" of yes, no, both or other', 'eval-missing': 'a numeric "score"', 'extract-topics': 'a "topics" array' }[kind];
  return `${kind} output has no ${want} (counted as a parse failure): ${snippet}`;
}

/** The row for one judge folder, by kind. */
export function judgeRow(dataset: string, kind: JudgeKind, name: string, records: readonly JudgeRecord[]): JudgeRow {
  switch (kind) {
    case 'eval-quality':
      return qualityRow(dataset, name, records);
    case 'eval-stance':
      return stanceRow(dataset, name, records);
    case 'eval-missing':
      return missingRow(dataset, name, records);
    case 'extract-topics':
      return topicsRow(dataset, name, records);
  }
}

/** One {@link JudgeRow} per (kind, folder) of a dataset, sorted by kind then name. */
export function judgeTable(ds: Dataset): JudgeRow[] {
  const by = new Map<string, JudgeRecord[]>();
  for (const r of ds.judges) {
    const k = `${r.kind}\u0000${r.name}`;
    const g = by.get(k);
    if (g) g.push(r);
    else by.set(k, [r]);
  }
  return [...by.values()]
    .map((recs) => judgeRow(ds.id, recs[0]!.kind, recs[0]!.name, recs))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

/** One quality aspect of one line as the judge gave it: the score (null for N/A / missing) and its rationale. */
export interface AspectJudgement {
  score: number | null;
  reason: string | null;
}

/**
 * Per-record view of an `eval-quality` line for display: every aspect's score (as {@link qualityScores} reads it)
 * with the judge's `reason`; undefined on parse failure. Scores match the aggregates exactly.
 */
export function qualityJudgement(content: string | null): Record<QualityAspect, AspectJudgement> | undefined {
  const j = parseJudgeContent(content);
  if (!isObject(j)) return undefined;
  const out = {} as Record<QualityAspect, AspectJudgement>;
  for (const a of QUALITY_ASPECTS) {
    const v = j[a];
    out[a] = isObject(v)
      ? { score: toScore(v.score), reason: typeof v.reason === 'string' ? v.reason : null }
      : { score: null, reason: null };
  }
  return out;
}

/** The top-level `reason` of a judge line (eval-stance, eval-missing, extract-topics give one); null when absent. */
export function judgeReason(content: string | null): string | null {
  const j = parseJudgeContent(content);
  return isObject(j) && typeof j.reason === 'string' ? j.reason : null;
}

/** Topics of one line counted by response label (the per-line step of `mean_topics_<label>`); other labels are not counted. */
export function topicCounts(topics: readonly Topic[]): Record<TopicLabel, number> {
  const out: Record<TopicLabel, number> = { A: 0, B: 0, both: 0 };
  for (const t of topics) if ((TOPIC_LABELS as readonly string[]).includes(t.response)) out[t.response as TopicLabel] += 1;
  return out;
}

/**
 * The two systems of a pairwise judge folder `ref_<X>--alt_<Y>` (eval-missing, extract-topics: the judged response
 * is Y's, compared with X's); undefined for any other name.
 */
export function pairOfJudgeName(name: string): { ref: string; alt: string } | undefined {
  const m = /^ref_(.+)--alt_(.+)$/.exec(name);
  return m ? { ref: m[1]!, alt: m[2]! } : undefined;
}
