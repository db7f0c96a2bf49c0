// `inspect <folder> [--json]`: import any folder or file and print one row per dataset × split × system, problems to stderr.
import { importAny } from '../../core/io/detect';
import type { ColumnMapping } from '../../core/io/generic';
import { summarizeRuns } from '../../core/io/summary';
import type { ImportProblem } from '../../core/model/types';
import { COLUMNS_HELP, formatProblem, optColumns, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';
import { nodeSource } from '../../node/fs-source';

/** One `--json` row: counts of METRICS.md "Per-system figures" plus what the handle says. */
export interface InspectRow {
  dataset: string;
  split: string;
  system: string;
  kind: string;
  family: string;
  teacher: string | null;
  selection: string | null;
  hint: string | null;
  n_prompts: number;
  samples_per_prompt: Record<string, number>;
  n_responses: number;
  n_errors: number;
}

/** Imports `folder` and returns the rows (dataset × split × system) and problems; `mapping` as `--columns`. */
export async function inspectFolder(folder: string, mapping?: ColumnMapping): Promise<{ rows: InspectRow[]; problems: ImportProblem[] }> {
  const result = await importAny(nodeSource(folder), mapping ? { mapping, mappingFillsGuesses: true } : {});
  const rows: InspectRow[] = [];
  for (const ds of result.datasets) {
    for (const r of summarizeRuns(ds)) {
      const i = r.info;
      rows.push({
        dataset: r.dataset,
        split: r.split,
        system: r.system,
        kind: i?.kind ?? 'other',
        family: i?.family ?? r.system,
        teacher: i?.teacher ?? null,
        selection: i?.selection ?? null,
        hint: i?.hint ?? null,
        n_prompts: r.nPrompts,
        samples_per_prompt: r.samplesPerPrompt,
        n_responses: r.nResponses,
        n_errors: r.nErrors,
      });
    }
  }
  return { rows, problems: result.problems };
}

/**
 * Runs the command with an explicit output (the exported `command` uses stdout/stderr). Exit codes: 0 when something
 * was imported (problems or not), 1 when nothing could be, 2 on bad usage.
 */
export async function runInspect(argv: string[], io: Output = std): Promise<number> {
  let args: Args;
  let mapping: ColumnMapping | undefined;
  try {
    args = parseArgs(argv, { valued: ['columns'], flags: ['json'] });
    mapping = optColumns(args);
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <folder|file>, not ${args.positional.length}` : 'missing <folder|file>');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const json = args.opts.has('json');
  const folder = args.positional[0]!;
  let res: Awaited<ReturnType<typeof inspectFolder>>;
  try {
    res = await inspectFolder(folder, mapping);
  } catch (e) {
    io.err(`${folder}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const { rows, problems } = res;
  if (json) io.out(JSON.stringify(rows, null, 2));
  else io.out(table(rows));
  for (const p of problems) io.err(formatProblem(p));
  if (!json) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    io.err(`${rows.length} runs; ${errors} errors, ${problems.length - errors} warnings`);
  }
  return rows.length === 0 && problems.some((p) => p.severity === 'error') ? 1 : 0;
}

function table(rows: InspectRow[]): string {
  const header = ['dataset', 'split', 'system', 'kind', 'teacher', 'selection', 'hint', 'prompts', 'samples/prompt', 'responses', 'errors'];
  const cells = rows.map((r) => [
    r.dataset,
    r.split,
    r.system,
    r.kind,
    r.teacher ?? '-',
    r.selection ?? '-',
    r.hint ?? '-',
    String(r.n_prompts),
    Object.entries(r.samples_per_prompt).map(([k, v]) => `${k}×${v}`).join(' '),
    String(r.n_responses),
    String(r.n_errors),
  ]);
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i >= 7 && i !== 8 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export const command: Command = {
  summary: 'import a folder (paper layout or JSONL/JSON/CSV) and list its datasets × splits × systems',
  usage: [
    'usage: npm run cli -- inspect <folder|file> [--columns field=column,...] [--json]',
    '',
    'Prints one row per dataset × split × system (prompts, samples per prompt, responses, errors).',
    '--json  stdout is a JSON array with one object per dataset × split × system',
    'Problems found while importing go to stderr, one per line: file:line: severity: message.',
    COLUMNS_HELP,
  ].join('\n'),
  run: (argv) => runInspect(argv),
};
