// The paper's tables (METRICS.md) as JSON objects and as named formatter tables, one shape for the CLI and export.
import type { BertScoreRow } from '../metrics/bertscore';
import type { JudgeRow } from '../metrics/judges';
import { OUTPUTS_FIELDS, type OutputsRow, type Sample0Row } from '../metrics/outputs';
import { round } from '../metrics/stats';
import type { SummaryRow } from '../metrics/summaries';
import type { CellValue, Table } from './table';

/** The tables of one or more datasets, as the measurer computes them (rows of every dataset concatenated). */
export interface PaperTables {
  outputs: OutputsRow[];
  sample0: Sample0Row[];
  judges: JudgeRow[];
  bertscore: BertScoreRow[];
  summaries: SummaryRow[];
}

/** An empty {@link PaperTables}, to append datasets to. */
export const emptyPaperTables = (): PaperTables => ({ outputs: [], sample0: [], judges: [], bertscore: [], summaries: [] });

/** Appends `b`'s rows to `a` (in place) and returns `a`. */
export function appendPaperTables(a: PaperTables, b: PaperTables): PaperTables {
  a.outputs.push(...b.outputs);
  a.sample0.push(...b.sample0);
  a.judges.push(...b.judges);
  a.bertscore.push(...b.bertscore);
  a.summaries.push(...b.summaries);
  return a;
}

const roundAll = (o: Record<string, unknown>, digits: number): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, digits) : v]));

/** The JSON object of one outputs row (`metrics --json`): `dataset`, `split`, `system`, then METRICS.md's fields, numbers rounded to `digits`. */
export function outputsJson(r: OutputsRow, digits: number): Record<string, unknown> {
  const o: Record<string, unknown> = { dataset: r.dataset, split: r.split, system: r.system };
  for (const f of OUTPUTS_FIELDS) o[f] = typeof r[f] === 'number' ? round(r[f] as number, digits) : r[f];
  return o;
}

/** One judge or BERTScore object (`judges --json`): `dataset`, `kind`, `name`, then METRICS.md's fields for that kind. */
export type JudgeJson = { dataset: string; kind: string; name: string } & Record<string, unknown>;

/** The judge kinds, then `bertscore`: the `kind` values of {@link judgeJson}. */
export const JUDGE_KINDS = ['eval-quality', 'eval-stance', 'eval-missing', 'extract-topics', 'bertscore'] as const;

/** Every judge row, then every BERTScore row (kind `bertscore`, name = the pair), numbers rounded to `digits`. */
export function judgeJson(judges: readonly JudgeRow[], bertscore: readonly BertScoreRow[], digits: number): JudgeJson[] {
  const out: JudgeJson[] = judges.map((j) => roundAll({ ...j }, digits) as JudgeJson);
  for (const b of bertscore) {
    const { dataset, pair, rows, rows_used, P, R, F1, hashcode } = b;
    out.push(roundAll({ dataset, kind: 'bertscore', name: pair, rows, rows_used, P, R, F1, hashcode }, digits) as JudgeJson);
  }
  return out;
}

/**
 * `judgeJson` for the rows of each dataset in turn (judges then BERTScore per dataset), the order `judges --json`
 * has always printed. `perDataset` holds one {@link PaperTables} per dataset.
 */
export function judgeJsonByDataset(perDataset: readonly Pick<PaperTables, 'judges' | 'bertscore'>[], digits: number): JudgeJson[] {
  return perDataset.flatMap((t) => judgeJson(t.judges, t.bertscore, digits));
}

/** A table with a file-safe `name` (`outputs`, `judges-eval-quality`, ...) and a one-line `title`. */
export interface NamedTable extends Table {
  name: string;
  title: string;
}

/** A table of objects: columns are the union of their keys in first-seen order, minus `drop`. */
function objectTable(name: string, title: string, objs: readonly Record<string, unknown>[], drop: readonly string[] = []): NamedTable {
  const columns = [...new Set(objs.flatMap((o) => Object.keys(o)))].filter((c) => !drop.includes(c));
  return { name, title, columns, rows: objs.map((o) => columns.map((c) => o[c] as CellValue)) };
}

/**
 * Every paper table of `t` with numbers rounded to `digits`: the per-system outputs table (lexical + format), the
 * first-sample table, one table per judge kind present, BERTScore, and the summaries. Empty tables are left out.
 */
export function paperTableList(t: PaperTables, digits: number): NamedTable[] {
  const out: NamedTable[] = [];
  out.push(objectTable('outputs', 'Per system: lexical diversity and format (METRICS.md "Per-system figures")', t.outputs.map((r) => outputsJson(r, digits))));
  out.push(objectTable('sample0', 'First sample per prompt (METRICS.md "sample0")', t.sample0.map((r) => roundAll({ ...r }, digits))));
  const judges = judgeJson(t.judges, t.bertscore, digits);
  for (const kind of JUDGE_KINDS) {
    const rows = judges.filter((j) => j.kind === kind);
    const title = kind === 'bertscore' ? 'BERTScore between systems (METRICS.md "BERTScore")' : `Judge ${kind} aggregates (METRICS.md "Judges")`;
    out.push(objectTable(kind === 'bertscore' ? 'bertscore' : `judges-${kind}`, title, rows, ['kind']));
  }
  out.push(objectTable('summaries', 'Teacher summaries (semantic hints)', t.summaries.map((r) => roundAll({ ...r }, digits))));
  return out.filter((x) => x.rows.length > 0);
}
