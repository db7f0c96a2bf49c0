// `judges <folder>`: judge and BERTScore aggregates (METRICS.md), one object per judge folder or BERTScore file.
import { JUDGE_KINDS as KINDS, judgeJsonByDataset, type JudgeJson } from '../../core/export/paper-tables';
import { cell, textTable, type CellValue } from '../../core/export/table';
import type { Dataset } from '../../core/model/types';
import { Measurer } from '../../workers/services/measurer';
import { loadDatasets, optInt, optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';

/** Every judge row and BERTScore row of the datasets, as `--json` objects (judges, then BERTScore, per dataset). */
export function judgeObjects(datasets: Dataset[], digits: number): JudgeJson[] {
  const m = new Measurer();
  return judgeJsonByDataset(datasets.map((ds) => m.measure(ds)), digits);
}

/** The options `judges` accepts. */
const SPEC = { valued: ['dataset', 'digits', 'kind'], flags: ['json'] } as const;

/**
 * Runs `judges` with an explicit output. Exit codes: 0 when the data was read (even with no judge outputs), 1 when
 * nothing could be imported or the dataset does not exist, 2 on bad usage.
 */
export async function runJudges(argv: string[], io: Output = std): Promise<number> {
  let args: Args;
  let digits: number;
  let kind: string | undefined;
  try {
    args = parseArgs(argv, SPEC);
    digits = optInt(args, 'digits', 4, 0, 12);
    kind = optString(args, 'kind');
    if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, not "${kind}"`);
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const folder = args.positional[0]!;
  let datasets: Dataset[];
  try {
    datasets = await loadDatasets({ folder, dataset: optString(args, 'dataset') }, io);
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  const objs = judgeObjects(datasets, digits).filter((o) => !kind || o.kind === kind);
  if (args.opts.has('json')) io.out(JSON.stringify(objs, null, 2));
  // Data without judge outputs is not an error (generic tables never have them): say so and succeed.
  if (objs.length === 0) io.err(`no ${kind ?? 'judge or BERTScore'} outputs in ${folder}`);
  if (args.opts.has('json') || objs.length === 0) return 0;
  // Each kind has its own fields, so the text form prints one table per kind.
  const kinds = [...new Set(objs.map((o) => o.kind))];
  const blocks = kinds.map((k) => {
    const rows = objs.filter((o) => o.kind === k);
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((h) => h !== 'kind');
    return `# ${k}\n` + textTable(header, rows.map((r) => header.map((h) => cell(r[h] as CellValue, digits, h))));
  });
  io.out(blocks.join('\n\n'));
  return 0;
}

export const command: Command = {
  summary: 'judge (quality, stance, missing, topics) and BERTScore aggregates, one row per judge folder / file',
  usage: [
    'usage: npm run cli -- judges <data-folder> [--dataset D] [--kind K] [--digits 4] [--json]',
    '',
    'One object per <kind>/outputs/<name>/ folder (kind: eval-quality, eval-stance, eval-missing, extract-topics)',
    'and per bertscore/outputs/<ref>--<alt>.json (kind: bertscore, name: the file name without .json), with',
    "METRICS.md's field names. Without --json, one aligned table per kind.",
  ].join('\n'),
  run: (argv) => runJudges(argv),
};
