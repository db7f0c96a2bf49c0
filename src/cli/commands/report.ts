// `report <folder>`: every paper table (outputs, sample0, judges, BERTScore, summaries) from one import, in one process.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { appendPaperTables, emptyPaperTables, judgeJsonByDataset, outputsJson, paperTableList, type JudgeJson, type PaperTables } from '../../core/export/paper-tables';
import { toCsv, toLatex, toText } from '../../core/export/table';
import type { ColumnMapping } from '../../core/io/generic';
import { round } from '../../core/metrics/stats';
import type { Tokenizer } from '../../core/metrics/tokenize';
import { nodeSource } from '../../node/fs-source';
import { COLUMNS_HELP, formatProblem, optColumns, optInt, optString, parseArgs, std, UsageError, type Args, type Output, checkTableArgs, optTokenizer } from '../args';
import type { Command } from '../command';
import { collectUnits, planWork, runLane, type LaneJob, type LaneResult, type UnitResult, type WorkPlan } from '../report-lanes';
import { takeReportWorkers } from '../report-workers';

/** `report --json`: `outputs` equals `metrics --json`, `judges` equals `judges --json` (same options), plus the rest. */
export interface ReportJson {
  outputs: Record<string, unknown>[];
  sample0: Record<string, unknown>[];
  judges: JudgeJson[];
  summaries: Record<string, unknown>[];
}

/** Where the time went, in ms (`--timing` prints it to stderr; the cli bench reads it). */
export interface ReportTiming {
  /** Import time summed over lanes (thread time, so it can exceed the wall time). */
  importMs: number;
  /** Measuring time summed over lanes. */
  measureMs: number;
  formatMs: number;
  /** From reading the folder to all tables written. */
  wallMs: number;
  /** Lanes run: 1 = in this thread only; n > 1 = this thread plus n − 1 worker threads. */
  lanes: number;
  /** Units (runs, judge folders, files) each lane measured, this thread first. */
  unitsPerLane: number[];
  /** When each lane started and finished its units, ms after the report started (worker start-up shows as a late start). */
  laneSpans: [number, number][];
}

const roundAll = (o: object, digits: number) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, digits) : v]));

/** The `--json` object of measured tables, numbers rounded to `digits`. */
export function reportJson(t: { all: PaperTables; perDataset: PaperTables[] }, digits: number): ReportJson {
  return {
    outputs: t.all.outputs.map((r) => outputsJson(r, digits)),
    sample0: t.all.sample0.map((r) => roundAll(r, digits)),
    judges: judgeJsonByDataset(t.perDataset, digits),
    summaries: t.all.summaries.map((r) => roundAll(r, digits)),
  };
}

/** The options `report` accepts. */
const SPEC = { valued: ['dataset', 'tokenizer', 'digits', 'columns', 'out', 'jobs'], flags: ['json', 'csv', 'latex', 'timing'] } as const;

/**
 * Runs `report` with an explicit output. Exit codes: 0 with tables written, 1 when nothing could be imported or
 * written, 2 on bad usage. With `--out DIR` the tables go to files (one per table; `report.json` for --json) and
 * stdout lists what was written.
 */
export async function runReport(argv: string[], io: Output = std): Promise<number> {
  let args: Args;
  let tokenizer: Tokenizer;
  let digits: number;
  let mapping: ColumnMapping | undefined;
  let jobs: number;
  try {
    args = parseArgs(argv, SPEC);
    jobs = optInt(args, 'jobs', availableParallelism(), 1, 64);
    tokenizer = optTokenizer(args);
    digits = optInt(args, 'digits', 4, 0, 12);
    mapping = optColumns(args);
    checkTableArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const folder = args.positional[0]!;
  const only = optString(args, 'dataset');
  const t0 = performance.now();
  const t0Epoch = performance.timeOrigin + t0;
  let results: LaneResult[];
  let plan: WorkPlan;
  // Worker threads start first (main.ts already started them for the CLI): they load the bundle while this thread
  // lists the folder and claims the largest units.
  const workers = takeReportWorkers(jobs - 1);
  try {
    const source = nodeSource(folder);
    const paths = await source.list();
    // A single file is a source of one path (its base name).
    const single = statSync(folder).isFile();
    const size = (p: string) => statSync(single ? folder : join(folder, p)).size;
    plan = planWork(paths, source.label, size, only);
    const job: LaneJob = { folder, plan, counter: new SharedArrayBuffer(4), tokenizer, ...(mapping ? { mapping } : {}) };
    const used = workers.splice(0, Math.max(0, Math.min(workers.length, plan.units.length - 1)));
    for (const w of workers) w.cancel();
    const others = used.map((w) => w.run(job));
    const first = await runLane(job);
    results = [first, ...(await Promise.all(others))];
  } catch (e) {
    for (const w of workers) w.cancel();
    io.err(`${folder}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const units = results.flatMap((r) => r.units);
  const collected = collectUnits(plan, units);
  for (const p of collected.problems) if (p.severity === 'error') io.err(formatProblem(p));
  let datasets = collected.datasets;
  if (datasets.length === 0) {
    io.err(`nothing imported from ${folder}${collected.problems.length ? ' (see the errors above)' : ''}`);
    return 1;
  }
  if (only) {
    const have = datasets.map((d) => d.id);
    datasets = datasets.filter((d) => d.id === only);
    if (datasets.length === 0) {
      io.err(`no dataset "${only}" in ${folder} (have: ${have.join(', ')})`);
      return 1;
    }
  }
  const perDataset = datasets.map((d) => d.tables);
  const measured = { all: perDataset.reduce(appendPaperTables, emptyPaperTables()), perDataset };
  const t2 = performance.now();

  const format = args.opts.has('json') ? 'json' : args.opts.has('csv') ? 'csv' : args.opts.has('latex') ? 'latex' : 'text';
  const ext = { json: 'json', csv: 'csv', latex: 'tex', text: 'txt' }[format];
  const files: { name: string; body: string }[] = [];
  if (format === 'json') files.push({ name: 'report', body: JSON.stringify(reportJson(measured, digits), null, 2) });
  else {
    for (const table of paperTableList(measured.all, digits)) {
      const body = format === 'csv' ? toCsv(table, { digits }) : format === 'latex' ? toLatex(table, { digits, ttHeader: true }) : toText(table, { digits });
      // A CSV file stays pure CSV; LaTeX and text carry the table's title as a comment / heading.
      const head = format === 'latex' ? `% ${table.title}\n` : format === 'text' ? `# ${table.name}: ${table.title}\n` : '';
      files.push({ name: table.name, body: head + body });
    }
  }
  const outDir = optString(args, 'out');
  if (outDir) {
    try {
      mkdirSync(outDir, { recursive: true });
      for (const f of files) writeFileSync(join(outDir, `${f.name}.${ext}`), f.body + '\n');
    } catch (e) {
      io.err(`cannot write to ${outDir}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    io.out(files.map((f) => join(outDir, `${f.name}.${ext}`)).join('\n'));
  } else if (format === 'csv') io.out(files.map((f) => `# ${f.name}\n${f.body}`).join('\n\n'));
  else io.out(files.map((f) => f.body).join('\n\n'));
  const t3 = performance.now();
  if (args.opts.has('timing')) {
    const sum = (f: (r: UnitResult) => number) => units.reduce((a, r) => a + f(r), 0);
    const timing: ReportTiming = { importMs: sum((r) => r.importMs), measureMs: sum((r) => r.measureMs), formatMs: t3 - t2, wallMs: t3 - t0, lanes: results.length, unitsPerLane: results.map((r) => r.units.length), laneSpans: results.map((r) => [r.span[0] - t0Epoch, r.span[1] - t0Epoch].map((x) => Math.round(x)) as [number, number]) };
    io.err(`timing ${JSON.stringify(timing)}`);
  }
  return 0;
}

export const command: Command = {
  summary: 'every paper table (per-system lexical + format, first sample, judges, BERTScore, summaries) from one import',
  usage: [
    'usage: overton report <data-folder|file> [--dataset D] [--tokenizer regex|treebank] [--digits 4]',
    '                      [--json | --csv | --latex] [--out DIR] [--columns field=column,...] [--jobs N] [--timing]',
    '',
    'Imports <data-folder> once and prints every table of METRICS.md: outputs (what `metrics` prints), sample0,',
    'one table per judge kind and BERTScore (what `judges` prints), and summaries. --json prints one object',
    '{outputs, sample0, judges, summaries} whose `outputs` equals `metrics --json` and `judges` equals `judges --json`.',
    '--csv / --latex (booktabs) / text print one table after another; --out DIR writes one file per table instead',
    '(report.json for --json) and lists the files. --jobs N shares the runs, judge folders and files out over N threads',
    '(default: the number of cores; the tables are the same). --timing prints import/measure/format ms to stderr.',
    COLUMNS_HELP,
  ].join('\n'),
  run: (argv) => runReport(argv),
};
