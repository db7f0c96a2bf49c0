// `judges <folder>`: judge and BERTScore aggregates (METRICS.md), one object per judge folder or BERTScore file.
import { round } from '../../core/metrics/stats';
import type { Dataset } from '../../core/model/types';
import { Measurer } from '../../workers/services/measurer';
import type { Command } from '../main';
import { cell, loadDatasets, parseArgs, std, textTable, type Output } from './metrics';

/** One `--json` object: `dataset`, `kind`, `name`, then METRICS.md's field names for that kind. */
export type JudgeJson = { dataset: string; kind: string; name: string } & Record<string, unknown>;

const roundAll = (o: Record<string, unknown>, digits: number) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, digits) : v]));

/** Every judge row and BERTScore row of the datasets, as `--json` objects. */
export function judgeObjects(datasets: Dataset[], digits: number): JudgeJson[] {
  const m = new Measurer();
  const out: JudgeJson[] = [];
  for (const ds of datasets) {
    const o = m.measure(ds);
    for (const j of o.judges) out.push(roundAll({ ...j }, digits) as JudgeJson);
    for (const b of o.bertscore) {
      const { dataset, pair, rows, rows_used, P, R, F1, hashcode } = b;
      out.push(roundAll({ dataset, kind: 'bertscore', name: pair, rows, rows_used, P, R, F1, hashcode }, digits) as JudgeJson);
    }
  }
  return out;
}

/** Runs `judges` with an explicit output. */
export async function runJudges(argv: string[], io: Output = std): Promise<number> {
  const { positional, opts } = parseArgs(argv, ['dataset', 'digits', 'kind']);
  const folder = positional[0];
  if (!folder) {
    io.err(command.usage);
    return 2;
  }
  const str = (k: string) => (typeof opts.get(k) === 'string' ? (opts.get(k) as string) : undefined);
  let datasets: Dataset[];
  try {
    datasets = await loadDatasets(folder, str('dataset'), io);
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  const kind = str('kind');
  const objs = judgeObjects(datasets, Number(str('digits') ?? 4)).filter((o) => !kind || o.kind === kind);
  if (opts.has('json')) {
    io.out(JSON.stringify(objs, null, 2));
    return 0;
  }
  // Each kind has its own fields, so the text form prints one table per kind.
  const kinds = [...new Set(objs.map((o) => o.kind))];
  const blocks = kinds.map((k) => {
    const rows = objs.filter((o) => o.kind === k);
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((h) => h !== 'kind');
    return `# ${k}\n` + textTable(header, rows.map((r) => header.map((h) => cell(r[h], 4, h))));
  });
  io.out(blocks.join('\n\n') || `no judge or BERTScore outputs in ${folder}`);
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
