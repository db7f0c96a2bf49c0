// Length of the semantic hints (METRICS.md "Summaries"): 2–3 sentence summaries of a teacher's first sample.

import type { Dataset, Split } from '../model/types';
import { wordCount } from './format';
import { mean } from './stats';

/** A `summaries` row of reference.json (`source` = the teacher whose answers were summarised). */
export interface SummaryRow {
  dataset: string;
  split: Split;
  source: string;
  /** Summary lines, failed ones included. */
  rows: number;
  mean_words: number | null;
}

/** One {@link SummaryRow} per split × teacher of a dataset, sorted by split then teacher. */
export function summaryTable(ds: Dataset): SummaryRow[] {
  const by = new Map<string, { split: Split; source: string; texts: (string | null)[] }>();
  for (const s of ds.summaries) {
    const k = `${s.split}\u0000${s.source}`;
    const g = by.get(k) ?? { split: s.split, source: s.source, texts: [] };
    g.texts.push(s.text);
    by.set(k, g);
  }
  return [...by.values()]
    .map((g) => ({
      dataset: ds.id,
      split: g.split,
      source: g.source,
      rows: g.texts.length,
      mean_words: mean(g.texts.filter((t): t is string => t !== null).map(wordCount)),
    }))
    .sort((a, b) => a.split.localeCompare(b.split) || a.source.localeCompare(b.source));
}
