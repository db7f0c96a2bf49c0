// Per-prompt distributions behind the Findings charts (paper §4–5 figure families): per-prompt lexical/format
// measures per system, box statistics, quality by aspect, and ConflictingQA stance composition per prompt.

import { quantileSorted } from 'd3-array';
import type { Dataset } from '../model/types';
import { bertscoreTable, type BertScoreRow } from './bertscore';
import { QUALITY_ASPECTS, qualityRow, stanceOf, type QualityAspect, type Stance } from './judges';
import { byPrompt, bySplitSystem, promptMeasures, type LexicalOptions, type PromptMeasures } from './outputs';
import { mean } from './stats';

/** Five-number summary of a distribution with Tukey whiskers (last values within 1.5 IQR of the quartiles). */
export interface BoxStats {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
  whiskerLo: number;
  whiskerHi: number;
}

/** {@link BoxStats} of the finite values (linear-interpolated quartiles, R type 7 / numpy default); null when none. */
export function boxStats(values: readonly number[]): BoxStats | null {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const q1 = quantileSorted(s, 0.25)!;
  const q3 = quantileSorted(s, 0.75)!;
  const iqr = q3 - q1;
  const lo = s.find((v) => v >= q1 - 1.5 * iqr)!;
  const hi = [...s].reverse().find((v) => v <= q3 + 1.5 * iqr)!;
  return { n: s.length, min: s[0]!, q1, median: quantileSorted(s, 0.5)!, q3, max: s[s.length - 1]!, mean: mean(s)!, whiskerLo: lo, whiskerHi: hi };
}

/** One system's per-prompt measures in one split (METRICS.md; one entry per prompt line, in prompt order). */
export interface SystemPromptMeasures {
  system: string;
  perPrompt: PromptMeasures[];
}

/** Quality judge means per aspect for the judge folder named after a system (`<aspect>_all` of its {@link qualityRow}). */
export interface SystemQuality {
  system: string;
  /** Aspect → mean 1–5 score over all judged lines; null when no line has a value. */
  aspects: Record<QualityAspect, number | null>;
  /** Judged lines. */
  lines: number;
}

/** How one prompt's samples of one system split across the stance labels (ConflictingQA `eval-stance`). */
export interface PromptStance {
  prompt: number;
  counts: Record<Stance | 'unparsed', number>;
  /**
   * `one` = every parsed sample takes the same stance; `disagree` = samples say yes and no (distributional
   * pluralism); `both` = some response argues both sides (Overton pluralism); `disagree+both` = both at once;
   * `none` = no parsed label.
   */
  pattern: StancePattern;
}

/** See {@link PromptStance.pattern}. */
export type StancePattern = 'one' | 'disagree' | 'both' | 'disagree+both' | 'none';

/** Stance patterns in display order. */
export const STANCE_PATTERNS: readonly StancePattern[] = ['one', 'disagree', 'both', 'disagree+both', 'none'];

/** One system's stance composition (the judge folder named after the system). */
export interface SystemStance {
  system: string;
  perPrompt: PromptStance[];
  /** Label counts over all lines. */
  totals: Record<Stance | 'unparsed', number>;
}

/** Everything the Findings view draws from the measurer (semantic figures come from the embedder). */
export interface FindingsTables {
  dataset: string;
  split: string;
  perPrompt: SystemPromptMeasures[];
  /** Judge results score the sampled split only (`outputs`); empty for other splits. */
  quality: SystemQuality[];
  stance: SystemStance[];
  /** BERTScore files of the dataset (they score the judged split); empty for other splits. */
  bertscore: BertScoreRow[];
}

const zeroCounts = (): Record<Stance | 'unparsed', number> => ({ yes: 0, no: 0, both: 0, other: 0, unparsed: 0 });

/** The {@link StancePattern} of one prompt's label counts. */
export function stancePattern(c: Record<Stance | 'unparsed', number>): StancePattern {
  const disagree = c.yes > 0 && c.no > 0;
  const both = c.both > 0;
  if (disagree && both) return 'disagree+both';
  if (disagree) return 'disagree';
  if (both) return 'both';
  return c.yes + c.no + c.other > 0 ? 'one' : 'none';
}

/** The split whose samples the paper's judge and BERTScore files score. */
export const JUDGED_SPLIT = 'outputs';

/**
 * The Findings tables of one split of `ds`: per-prompt measures of every system in the split, and (for the judged
 * split) quality and stance judge results of every judge folder named after a system of the split.
 */
export function findingsTables(ds: Dataset, split: string, opts: LexicalOptions = {}): FindingsTables {
  const bySys = bySplitSystem(ds.samples).get(split) ?? new Map();
  const perPrompt: SystemPromptMeasures[] = [...bySys].map(([system, samples]) => ({
    system,
    perPrompt: [...byPrompt(samples)].map(([p, g]) => promptMeasures(p, g, opts)),
  }));
  const quality: SystemQuality[] = [];
  const stance: SystemStance[] = [];
  if (split === JUDGED_SPLIT) {
    const byFolder = new Map<string, typeof ds.judges>();
    for (const r of ds.judges) {
      if (!bySys.has(r.name) || (r.kind !== 'eval-quality' && r.kind !== 'eval-stance')) continue;
      const k = `${r.kind}\u0000${r.name}`;
      (byFolder.get(k) ?? byFolder.set(k, []).get(k)!).push(r);
    }
    for (const recs of byFolder.values()) {
      const { kind, name } = recs[0]!;
      if (kind === 'eval-quality') {
        const row = qualityRow(ds.id, name, recs);
        const aspects = Object.fromEntries(QUALITY_ASPECTS.map((a) => [a, row[`${a}_all`]])) as Record<QualityAspect, number | null>;
        quality.push({ system: name, aspects, lines: recs.length });
      } else {
        const totals = zeroCounts();
        const per = new Map<number, Record<Stance | 'unparsed', number>>();
        for (const r of recs) {
          const label = stanceOf(r.content) ?? 'unparsed';
          totals[label] += 1;
          const c = per.get(r.prompt) ?? per.set(r.prompt, zeroCounts()).get(r.prompt)!;
          c[label] += 1;
        }
        const perPromptStance = [...per].sort((a, b) => a[0] - b[0]).map(([prompt, counts]) => ({ prompt, counts, pattern: stancePattern(counts) }));
        stance.push({ system: name, perPrompt: perPromptStance, totals });
      }
    }
  }
  const bySystem = <T extends { system: string }>(xs: T[]) => xs.sort((a, b) => a.system.localeCompare(b.system));
  return {
    dataset: ds.id,
    split,
    perPrompt: bySystem(perPrompt),
    quality: bySystem(quality),
    stance: bySystem(stance),
    bertscore: split === JUDGED_SPLIT ? bertscoreTable(ds) : [],
  };
}

