// Everything the Browse view shows about one prompt: per-system measures, judge verdicts per sample, BERTScore and hints.

import { bertscoreRow, type BertScoreRow } from '../../core/metrics/bertscore';
import { wordCount } from '../../core/metrics/format';
import {
  judgeReason,
  missingRow,
  missingScore,
  pairOfJudgeName,
  qualityJudgement,
  qualityRow,
  stanceOf,
  stanceRow,
  topicCounts,
  topicsOf,
  topicsRow,
  type AspectJudgement,
  type MissingRow,
  type QualityAspect,
  type QualityRow,
  type Stance,
  type StanceRow,
  type TopicLabel,
  type TopicsRow,
} from '../../core/metrics/judges';
import { promptMeasures, type LexicalOptions, type PromptMeasures } from '../../core/metrics/outputs';
import type { Dataset, JudgeRecord, Sample } from '../../core/model/types';

/**
 * The decoding split the paper's judge and BERTScore files score: their args.json read `outputs/<system>/samples.jsonl`
 * (sample_index 0 for one-line-per-prompt judges), and neither records a split, so they are shown for this split only.
 */
export const JUDGED_SPLIT = 'outputs';

/** A pairwise judge's verdict on one sample of the alt system, against the reference system `ref`. */
export interface PairVerdict {
  /** Judge folder, `ref_<ref>--alt_<alt>`. */
  name: string;
  ref: string;
  reason: string | null;
}

/** The judge verdicts on one sample (by sample index). Absent fields = no such judge for this system. */
export interface SampleJudgements {
  sample: number;
  /** eval-quality: the five aspects; null = the line did not parse. */
  quality?: Record<QualityAspect, AspectJudgement> | null;
  /** eval-stance (ConflictingQA): the label, null when unparsed. */
  stance?: { stance: Stance | null; reason: string | null };
  /** eval-missing (LIMA-OE): 1–5 "how much of this response's information the reference lacks"; null = unparsed. */
  missing: (PairVerdict & { score: number | null })[];
  /** extract-topics (LIMA-OE): topic counts by A (reference) / B (this response) / both; null = unparsed. */
  topics: (PairVerdict & { counts: Record<TopicLabel, number> | null; names: Record<TopicLabel, string[]> | null })[];
  /** BERTScore F1 of this sample (alt) against the reference system's sample `refSample`. */
  bertscore: { pair: string; ref: string; refSample: number; f1: number }[];
}

/** One system's column for one prompt. Judge figures are the core aggregates applied to this prompt's lines only. */
export interface PromptColumn {
  system: string;
  /** METRICS.md measures of this prompt's samples; null when the system has no line for the prompt in this split. */
  measures: PromptMeasures | null;
  /** Failed samples (+1 for an `ok:false` line), as `n_errors`. */
  n_errors: number;
  quality: QualityRow | null;
  /** On one prompt `frac_prompts_yes_and_no` / `frac_prompts_any_both` are 1 or 0: the two pluralism flags. */
  stance: StanceRow | null;
  missing: (MissingRow & { ref: string })[];
  topics: (TopicsRow & { ref: string })[];
  /** BERTScore of this system (alt) against a requested system (ref, possibly itself), this prompt's rows only. */
  bertscore: BertScoreRow[];
  /** Judge verdicts per sample, in sample order (empty outside {@link JUDGED_SPLIT}). */
  samples: SampleJudgements[];
}

/** A semantic hint: a teacher's summary of its first sample for this prompt (METRICS.md "Summaries"). */
export interface PromptHint {
  /** The teacher whose answer was summarised. */
  source: string;
  /** Summary file split, e.g. `summaries-outputs`. */
  split: string;
  text: string | null;
  words: number | null;
}

/** What {@link promptReport} returns. */
export interface PromptReport {
  dataset: string;
  split: string;
  prompt: number;
  /** Whether judge and BERTScore results apply to this split. */
  judged: boolean;
  /** One per requested system, in the requested order. */
  columns: PromptColumn[];
  hints: PromptHint[];
}

/** Per-dataset lookup tables, built once: the per-prompt report is asked for on every prompt click. */
interface Index {
  samples: Map<string, Sample[]>;
  judges: Map<number, JudgeRecord[]>;
}
const indexes = new WeakMap<Dataset, Index>();
const sampleKey = (split: string, system: string, prompt: number) => `${split}\u0000${system}\u0000${prompt}`;

function indexOf(ds: Dataset): Index {
  let ix = indexes.get(ds);
  if (ix) return ix;
  ix = { samples: new Map(), judges: new Map() };
  for (const s of ds.samples) {
    const k = sampleKey(s.split, s.system, s.prompt);
    const g = ix.samples.get(k);
    if (g) g.push(s);
    else ix.samples.set(k, [s]);
  }
  for (const r of ds.judges) {
    const g = ix.judges.get(r.prompt);
    if (g) g.push(r);
    else ix.judges.set(r.prompt, [r]);
  }
  indexes.set(ds, ix);
  return ix;
}

/** Groups records by folder (kind + name), keeping line order. */
function byFolder(records: readonly JudgeRecord[]): JudgeRecord[][] {
  const m = new Map<string, JudgeRecord[]>();
  for (const r of [...records].sort((a, b) => a.line - b.line)) {
    const k = `${r.kind}\u0000${r.name}`;
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return [...m.values()];
}

const emptyJudgements = (sample: number): SampleJudgements => ({ sample, missing: [], topics: [], bertscore: [] });

function topicNames(content: string | null): Record<TopicLabel, string[]> | null {
  const ts = topicsOf(content);
  if (!ts) return null;
  const out: Record<TopicLabel, string[]> = { A: [], B: [], both: [] };
  for (const t of ts) if (t.response === 'A' || t.response === 'B' || t.response === 'both') out[t.response].push(t.name);
  return out;
}

/**
 * The Browse view's report on prompt `prompt` (index) in `split` for `systems` (handles, kept in order). Measures
 * reuse `promptMeasures`; judge figures reuse the core row functions on this prompt's lines, so a column's numbers
 * are exactly what the overview's per-system means average. Pairwise judges (`ref_X--alt_Y`) attach to Y's column;
 * BERTScore files attach to the alt system's column when the ref system is among `systems` (or is the system itself).
 */
export function promptReport(
  ds: Dataset,
  split: string,
  prompt: number,
  systems: readonly string[],
  opts: LexicalOptions = {},
): PromptReport {
  const ix = indexOf(ds);
  const judged = split === JUDGED_SPLIT;
  const folders = judged ? byFolder(ix.judges.get(prompt) ?? []) : [];
  const shown = new Set(systems);
  const columns = systems.map((system): PromptColumn => {
    const samples = ix.samples.get(sampleKey(split, system, prompt)) ?? [];
    const measures = samples.length ? promptMeasures(prompt, samples, opts) : null;
    const col: PromptColumn = {
      system,
      measures,
      n_errors: samples.length - (measures?.n_valid ?? 0),
      quality: null,
      stance: null,
      missing: [],
      topics: [],
      bertscore: [],
      samples: [],
    };
    const per = new Map<number, SampleJudgements>();
    const at = (i: number) => per.get(i) ?? per.set(i, emptyJudgements(i)).get(i)!;
    for (const recs of folders) {
      const { kind, name } = recs[0]!;
      const pair = pairOfJudgeName(name);
      if (kind === 'eval-quality' && name === system) {
        col.quality = qualityRow(ds.id, name, recs);
        for (const r of recs) at(r.sample).quality = qualityJudgement(r.content) ?? null;
      } else if (kind === 'eval-stance' && name === system) {
        col.stance = stanceRow(ds.id, name, recs);
        for (const r of recs) at(r.sample).stance = { stance: stanceOf(r.content), reason: judgeReason(r.content) };
      } else if (kind === 'eval-missing' && pair?.alt === system) {
        col.missing.push({ ...missingRow(ds.id, name, recs), ref: pair.ref });
        for (const r of recs) {
          at(r.sample).missing.push({ name, ref: pair.ref, score: missingScore(r.content), reason: judgeReason(r.content) });
        }
      } else if (kind === 'extract-topics' && pair?.alt === system) {
        col.topics.push({ ...topicsRow(ds.id, name, recs), ref: pair.ref });
        for (const r of recs) {
          const ts = topicsOf(r.content);
          at(r.sample).topics.push({
            name,
            ref: pair.ref,
            counts: ts ? topicCounts(ts) : null,
            names: topicNames(r.content),
            reason: judgeReason(r.content),
          });
        }
      }
    }
    if (judged) {
      for (const f of ds.bertscore) {
        if (f.alt !== system || !(shown.has(f.ref) || f.ref === system)) continue;
        const rows = f.rows.filter((r) => r.prompt === prompt);
        if (!rows.length) continue;
        const row = bertscoreRow(ds.id, { ...f, rows });
        col.bertscore.push(row);
        for (const r of rows) {
          if (f.ref === f.alt && r.altSample === r.refSample) continue;
          at(r.altSample).bertscore.push({ pair: f.pair, ref: f.ref, refSample: r.refSample, f1: r.f1 });
        }
      }
    }
    col.samples = [...per.values()].sort((a, b) => a.sample - b.sample);
    return col;
  });
  const hintSplit = `summaries-${split}`;
  const hints = ds.summaries
    .filter((s) => s.prompt === prompt && (s.split === hintSplit || s.split === split))
    .map((s) => ({ source: s.source as string, split: s.split, text: s.text, words: s.text === null ? null : wordCount(s.text) }))
    .sort((a, b) => a.source.localeCompare(b.source));
  return { dataset: ds.id, split, prompt, judged, columns, hints };
}
