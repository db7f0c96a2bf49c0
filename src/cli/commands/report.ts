// `report <folder>`: every paper table (outputs, sample0, judges, BERTScore, summaries) from one import, in one process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendPaperTables, emptyPaperTables, judgeJsonByDataset, outputsJson, paperTableList, type JudgeJson, type PaperTables } from '../../core/export/paper-tables';
import { toCsv, toLatex, toText } from '../../core/export/table';
import type { ColumnMapping } from '../../core/io/generic';
import { round } from '../../core/metrics/stats';
import type { Tokenizer } from '../../core/metrics/tokenize';
import type { Dataset } from '../../core/model/types';
import { Measurer } from '../../workers/services/measurer';
import { COLUMNS_HELP, loadDatasets, optColumns, optInt, optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';

/** `report --json`: `outputs` equals `metrics --json`, `judges` equals `judges --json` (same options), plus the rest. */
export interface ReportJson {
  outputs: Record<string, unknown>[];
  sample0: Record<string, unknown>[];
  judges: JudgeJson[];
  summaries: Record<string, unknown>[];
}

/** Where the time went, in ms (`--timing` prints it to stderr; the cli bench reads it). */
export interface ReportTiming {
  importMs: number;
  measureMs: number;
  formatMs: number;
}

const roundAll = (o: object, digits: number) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, digits) : v]));

/** Every table of `datasets`, measured once per dataset: `all` concatenated, `perDataset` in dataset order. */
export function measureAll(datasets: readonly Dataset[], tokenizer: Tokenizer): { all: PaperTables; perDataset: PaperTables[] } {
  const m = new Measurer();
  const perDataset = datasets.map((ds) => m.measure(ds, { tokenizer }));
  return { all: perDataset.reduce(appendPaperTables, emptyPaperTables()), perDataset };
}

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
const SPEC = { valued: ['dataset', 'tokenizer', 'digits', 'columns', 'out'], flags: ['json', 'csv', 'latex', 'timing'] } as const;

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
  try {
    args = parseArgs(argv, SPEC);
    const t = optString(args, 'tokenizer') ?? 'regex';
    if (t !== 'regex' && t !== 'treebank') throw new UsageError(`--tokenizer must be regex or treebank, not "${t}"`);
    tokenizer = t;
    digits = optInt(args, 'digits', 4, 0, 12);
    mapping = optColumns(args);
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
    if (['json', 'csv', 'latex'].filter((f) => args.opts.has(f)).length > 1) throw new UsageError('choose one of --json, --csv, --latex');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const folder = args.positional[0]!;
  const t0 = performance.now();
  let datasets: Dataset[];
  try {
    datasets = await loadDatasets({ folder, dataset: optString(args, 'dataset'), mapping }, io);
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  const t1 = performance.now();
  const measured = measureAll(datasets, tokenizer);
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
    const timing: ReportTiming = { importMs: t1 - t0, measureMs: t2 - t1, formatMs: t3 - t2 };
    io.err(`timing ${JSON.stringify(timing)}`);
  }
  return 0;
}

export const command: Command = {
  summary: 'every paper table (per-system lexical + format, first sample, judges, BERTScore, summaries) from one import',
  usage: [
    'usage: overton report <data-folder|file> [--dataset D] [--tokenizer regex|treebank] [--digits 4]',
    '                      [--json | --csv | --latex] [--out DIR] [--columns field=column,...] [--timing]',
    '',
    'Imports <data-folder> once and prints every table of METRICS.md: outputs (what `metrics` prints), sample0,',
    'one table per judge kind and BERTScore (what `judges` prints), and summaries. --json prints one object',
    '{outputs, sample0, judges, summaries} whose `outputs` equals `metrics --json` and `judges` equals `judges --json`.',
    '--csv / --latex (booktabs) / text print one table after another; --out DIR writes one file per table instead',
    '(report.json for --json) and lists the files. --timing prints import/measure/format milliseconds to stderr.',
    COLUMNS_HELP,
  ].join('\n'),
  run: (argv) => runReport(argv),
};
