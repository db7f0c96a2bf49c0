// `report`'s units of work: a folder's files cut into parts that import and measure independently (one run, judge
// folder, summaries or BERTScore file each, plus the dataset's instances file), claimed one at a time by lanes (this
// thread and worker threads, src/cli/report-worker.ts) so two cores share the work per file, not per dataset. The
// merged tables equal one sequential import's, whatever lane measured which part.
import { importAny } from '../core/io/detect';
import { formatOf, type ColumnMapping } from '../core/io/generic';
import { datasetParts, findDatasetRoots } from '../core/io/paper-layout';
import type { PaperTables } from '../core/export/paper-tables';
import type { Tokenizer } from '../core/metrics/tokenize';
import type { FileSource } from '../core/io/file-source';
import type { ImportProblem } from '../core/model/types';
import { nodeSource } from '../node/fs-source';
import { Measurer } from '../workers/services/measurer';

/** One part: import `paths` (relative to the folder, as its fs source lists them) and measure what they hold. */
export interface WorkUnit {
  paths: string[];
  /** Paths every part of the same dataset reads (its instances file): their problems count once, from `reportsShared`. */
  shared: string[];
  /** Whether this part reports the problems of `shared` (the first part of its dataset). */
  reportsShared: boolean;
  /** Estimated cost (weighted bytes): parts are claimed largest first. */
  cost: number;
  /** Which import this part belongs to: the dataset root's index, or the roots' count for generic tables. */
  group: number;
}

/** The plan of a report: every unit in canonical order, and the order lanes claim them in. */
export interface WorkPlan {
  units: WorkUnit[];
  /** Unit indices, most expensive first (longest-processing-time-first keeps the lanes' finishing times close). */
  claimOrder: number[];
}

/** One lane's job: the whole plan and the claim counter all lanes share (an Int32 in a SharedArrayBuffer). */
export interface LaneJob {
  folder: string;
  plan: WorkPlan;
  counter: SharedArrayBuffer;
  tokenizer: Tokenizer;
  mapping?: ColumnMapping;
}

/** What a lane returns for one unit (plain data: it crosses the worker boundary by structured clone). */
export interface UnitResult {
  unit: number;
  datasets: { id: string; tables: PaperTables }[];
  problems: ImportProblem[];
  importMs: number;
  measureMs: number;
}

/** What a lane returns: the units it claimed, in claim order, and when it started and finished them (epoch ms). */
export interface LaneResult {
  units: UnitResult[];
  span: [number, number];
}

// Per-byte cost of a file by what is done with it (measured on the paper data): samples are tokenised and measured,
// judge lines parsed twice (record, then the judge's JSON), BERTScore files only scanned for a few numeric lists.
const WEIGHT = { samples: 3, judge: 1.2, summaries: 1.5, bertscore: 0.4, whole: 2 } as const;
/** Small neighbouring parts are bundled up to this fraction of the whole plan's cost. */
const BUNDLE = 32;

/**
 * Plans `report`'s work: each dataset root that has an instances file is cut into {@link datasetParts}; a root
 * without one is one unit; files outside every root (generic tables) are one unit. `only`: keep just the root with
 * that dataset name, when one has it (generic tables stay, as a dataset of theirs may have that name).
 */
export function planWork(paths: string[], label: string, sizeOf: (p: string) => number, only?: string): WorkPlan {
  const allRoots = findDatasetRoots(paths, label);
  let roots = allRoots;
  if (only && roots.some((r) => r.name === only)) roots = roots.filter((r) => r.name === only);
  const units: WorkUnit[] = [];
  const bytes = (ps: string[]) => ps.reduce((a, p) => a + sizeOf(p), 0);
  const cuts = roots.map((root) => datasetParts(paths, root));
  const total = cuts.reduce((a, c) => a + (c ? c.parts.reduce((b, p) => b + WEIGHT[p.kind] * bytes(p.paths), 0) : 0), 0);
  roots.forEach((root, group) => {
    const cut = cuts[group];
    if (cut && cut.parts.length) {
      // Neighbouring small parts share a unit (up to 1/BUNDLE of the work): each unit re-reads the instances file,
      // and a few dozen units balance two lanes as well as a hundred. Only neighbours, so problems keep their order.
      let bundle: WorkUnit | undefined;
      for (const part of cut.parts) {
        const cost = WEIGHT[part.kind] * bytes(part.paths);
        if (bundle && bundle.cost + cost <= total / BUNDLE) {
          bundle.paths.push(...part.paths);
          bundle.cost += cost;
          continue;
        }
        bundle = { paths: [...part.paths], shared: cut.shared, reportsShared: bundle === undefined, cost, group };
        units.push(bundle);
      }
    } else {
      const mine = paths.filter((p) => root.root === '' || p.startsWith(root.root + '/'));
      units.push({ paths: mine, shared: [], reportsShared: true, cost: WEIGHT.whole * bytes(mine), group });
    }
  });
  // Files of a root left out by `only` are dropped; everything else outside the roots is one generic unit.
  // (Only the files importAny would read as tables: a README beside the datasets is not "nothing to import".)
  const loose = paths.filter((p) => formatOf(p) !== null && !p.endsWith('args.json') && !allRoots.some((r) => r.root === '' || p.startsWith(r.root + '/')));
  if (loose.length) units.push({ paths: loose, shared: [], reportsShared: true, cost: WEIGHT.whole * bytes(loose), group: roots.length });
  // Nothing to import: one unit of everything, so the importer says why.
  if (!units.length) units.push({ paths, shared: [], reportsShared: true, cost: 0, group: 0 });
  const claimOrder = units.map((_, i) => i).sort((a, b) => units[b]!.cost - units[a]!.cost || a - b);
  return { units, claimOrder };
}

/** Imports one unit (its shared files first) and measures each dataset it yields. */
async function runUnit(all: FileSource, job: LaneJob, index: number, m: Measurer): Promise<UnitResult> {
  const unit = job.plan.units[index]!;
  const paths = [...unit.shared, ...unit.paths].sort();
  const source: FileSource = { label: all.label, list: async () => paths, read: (p) => all.read(p) };
  const t0 = performance.now();
  const res = await importAny(source, job.mapping ? { mapping: job.mapping, mappingFillsGuesses: true } : {});
  const t1 = performance.now();
  const datasets = res.datasets.map((ds) => {
    const { outputs, sample0, judges, bertscore, summaries } = m.measure(ds, { tokenizer: job.tokenizer });
    return { id: ds.id as string, tables: { outputs, sample0, judges, bertscore, summaries } };
  });
  const problems = unit.reportsShared ? res.problems : res.problems.filter((p) => !unit.shared.includes(p.file));
  return { unit: index, datasets, problems, importMs: t1 - t0, measureMs: performance.now() - t1 };
}

/** Claims units from the shared counter until none are left, running each; every lane of a report runs this. */
export async function runLane(job: LaneJob): Promise<LaneResult> {
  // Epoch ms (timeOrigin is per thread), so lanes' spans compare across threads.
  const now = () => performance.timeOrigin + performance.now();
  const start = now();
  const all = nodeSource(job.folder);
  const counter = new Int32Array(job.counter);
  const m = new Measurer();
  const units: UnitResult[] = [];
  for (;;) {
    const k = Atomics.add(counter, 0, 1);
    if (k >= job.plan.claimOrder.length) break;
    units.push(await runUnit(all, job, job.plan.claimOrder[k]!, m));
  }
  return { units, span: [start, now()] };
}

const byStr = (a: string, b: string) => a.localeCompare(b);

/**
 * One dataset's tables from its parts' tables, sorted as {@link Measurer.measure} sorts one whole import (split then
 * system, kind then name, pair, split then source), so the result does not depend on how the dataset was cut.
 */
export function mergeTables(parts: readonly PaperTables[]): PaperTables {
  return {
    outputs: parts.flatMap((p) => p.outputs).sort((a, b) => byStr(a.split, b.split) || byStr(a.system, b.system)),
    sample0: parts.flatMap((p) => p.sample0).sort((a, b) => byStr(a.split, b.split) || byStr(a.system, b.system)),
    judges: parts.flatMap((p) => p.judges).sort((a, b) => byStr(a.kind, b.kind) || byStr(a.name, b.name)),
    bertscore: parts.flatMap((p) => p.bertscore).sort((a, b) => byStr(a.pair, b.pair)),
    summaries: parts.flatMap((p) => p.summaries).sort((a, b) => byStr(a.split, b.split) || byStr(a.source, b.source)),
  };
}

/**
 * Every dataset's tables and every problem from the units' results, in the plan's canonical order (datasets by root,
 * then generic tables; problems by unit), so the output does not depend on which lane ran which unit.
 */
export function collectUnits(plan: WorkPlan, results: readonly UnitResult[]): { datasets: { id: string; tables: PaperTables }[]; problems: ImportProblem[] } {
  const byUnit = [...results].sort((a, b) => a.unit - b.unit);
  const groups = new Map<string, { group: number; id: string; parts: PaperTables[] }>();
  for (const r of byUnit) {
    const group = plan.units[r.unit]!.group;
    for (const d of r.datasets) {
      const key = `${group}\u0000${d.id}`;
      const g = groups.get(key);
      if (g) g.parts.push(d.tables);
      else groups.set(key, { group, id: d.id, parts: [d.tables] });
    }
  }
  const datasets = [...groups.values()].sort((a, b) => a.group - b.group).map((g) => ({ id: g.id, tables: g.parts.length === 1 ? g.parts[0]! : mergeTables(g.parts) }));
  return { datasets, problems: byUnit.flatMap((r) => r.problems) };
}
