// `report`'s unit of work: import a subset of a folder's files (whole dataset roots) and measure every table, so
// datasets can be spread over worker threads (src/cli/report-worker.ts) with results equal to one sequential run.
import { importAny } from '../core/io/detect';
import type { ColumnMapping } from '../core/io/generic';
import { findDatasetRoots } from '../core/io/paper-layout';
import type { PaperTables } from '../core/export/paper-tables';
import type { Tokenizer } from '../core/metrics/tokenize';
import type { FileSource } from '../core/io/file-source';
import type { ImportProblem } from '../core/model/types';
import { nodeSource } from '../node/fs-source';
import { Measurer } from '../workers/services/measurer';

/** One lane's job: `paths` (relative to `folder`, as its fs source lists them) hold whole dataset roots. */
export interface LaneJob {
  folder: string;
  paths: string[];
  tokenizer: Tokenizer;
  mapping?: ColumnMapping;
}

/** What a lane returns (plain data: it crosses the worker boundary by structured clone). */
export interface LaneResult {
  datasets: { id: string; tables: PaperTables }[];
  problems: ImportProblem[];
  importMs: number;
  measureMs: number;
}

/** Imports `job.paths` of `job.folder` and measures each dataset (the same calls `metrics` and `judges` make). */
export async function runLane(job: LaneJob): Promise<LaneResult> {
  const all = nodeSource(job.folder);
  const source: FileSource = { label: all.label, list: async () => job.paths, read: (p) => all.read(p) };
  const t0 = performance.now();
  const res = await importAny(source, job.mapping ? { mapping: job.mapping, mappingFillsGuesses: true } : {});
  const t1 = performance.now();
  const m = new Measurer();
  const datasets = res.datasets.map((ds) => {
    const { outputs, sample0, judges, bertscore, summaries } = m.measure(ds, { tokenizer: job.tokenizer });
    return { id: ds.id as string, tables: { outputs, sample0, judges, bertscore, summaries } };
  });
  return { datasets, problems: res.problems, importMs: t1 - t0, measureMs: performance.now() - t1 };
}

/**
 * Splits a folder listing into at most `lanes` path lists of whole dataset roots, balanced by `sizeOf` (bytes),
 * largest root first; files outside every root (generic tables) go to lane 0. `only`: keep just the root with that
 * dataset name, when one has it. Returns the lanes (non-empty) and the roots' names in import order.
 */
export function planLanes(paths: string[], label: string, lanes: number, sizeOf: (p: string) => number, only?: string): { lanes: string[][]; order: string[] } {
  let roots = findDatasetRoots(paths, label);
  if (only && roots.some((r) => r.name === only)) roots = roots.filter((r) => r.name === only);
  const rootOf = (p: string) => roots.find((r) => r.root === '' || p.startsWith(r.root + '/'));
  const byRoot = new Map(roots.map((r) => [r.root, [] as string[]]));
  const loose: string[] = [];
  const allRoots = findDatasetRoots(paths, label);
  for (const p of paths) {
    const r = rootOf(p);
    if (r) byRoot.get(r.root)!.push(p);
    // Files of a root left out by `only` are dropped; everything else outside the roots stays with lane 0.
    else if (!allRoots.some((a) => a.root === '' || p.startsWith(a.root + '/'))) loose.push(p);
  }
  const n = Math.max(1, Math.min(lanes, roots.length));
  const out: string[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  out[0]!.push(...loose);
  const sized = roots.map((r) => ({ paths: byRoot.get(r.root)!, bytes: byRoot.get(r.root)!.reduce((a, p) => a + sizeOf(p), 0) }));
  for (const r of sized.sort((a, b) => b.bytes - a.bytes)) {
    const i = load.indexOf(Math.min(...load));
    out[i]!.push(...r.paths);
    load[i]! += r.bytes;
  }
  return { lanes: out.filter((l) => l.length > 0), order: roots.map((r) => r.name) };
}
