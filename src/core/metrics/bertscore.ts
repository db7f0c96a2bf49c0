// BERTScore aggregates (METRICS.md "BERTScore outputs"; paper §4.2 similarity of ICL systems to their teacher).

import type { BertScoreFile, Dataset } from '../model/types';
import { mean } from './stats';

/** A `bertscore` row of reference.json. */
export interface BertScoreRow {
  dataset: string;
  /** File name without `.json`, `<ref>--<alt>`. */
  pair: string;
  ref: string;
  alt: string;
  rows: number;
  /** Rows left after dropping text-vs-itself rows (only when ref and alt are the same system). */
  rows_used: number;
  P: number | null;
  R: number | null;
  F1: number | null;
  hashcode: string | null;
}

/**
 * Aggregates one BERTScore file. When `ref === alt`, rows with `altSample === refSample` compare a text with itself
 * and are dropped, so a system's self-similarity is the sample-0-vs-other-samples baseline the paper reports.
 */
export function bertscoreRow(dataset: string, f: BertScoreFile): BertScoreRow {
  const used = f.ref === f.alt ? f.rows.filter((r) => r.altSample !== r.refSample) : f.rows;
  return {
    dataset,
    pair: f.pair,
    ref: f.ref,
    alt: f.alt,
    rows: f.rows.length,
    rows_used: used.length,
    P: mean(used.map((r) => r.precision)),
    R: mean(used.map((r) => r.recall)),
    F1: mean(used.map((r) => r.f1)),
    hashcode: f.hashcode ?? null,
  };
}

/** One {@link BertScoreRow} per file of a dataset, sorted by pair. */
export function bertscoreTable(ds: Dataset): BertScoreRow[] {
  return ds.bertscore.map((f) => bertscoreRow(ds.id, f)).sort((a, b) => a.pair.localeCompare(b.pair));
}
