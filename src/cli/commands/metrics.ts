// `metrics <folder>`: the paper's per-system lexical and format figures, one row per dataset × split × system.
import { outputsJson } from '../../core/export/paper-tables';
import { cell, textTable, toCsv, toLatex, type Table } from '../../core/export/table';
import { OUTPUTS_FIELDS } from '../../core/metrics/outputs';
import type { Tokenizer } from '../../core/metrics/tokenize';
import type { ColumnMapping } from '../../core/io/generic';
import type { Dataset } from '../../core/model/types';
import { Measurer } from '../../workers/services/measurer';
import { COLUMNS_HELP, loadDatasets, optColumns, optInt, optList, optString, parseArgs, std, UsageError, type Args, type Output, checkTableArgs, optTokenizer } from '../args';
import type { Command } from '../command';

/** The options `metrics` accepts. */
const SPEC = { valued: ['dataset', 'systems', 'split', 'tokenizer', 'digits', 'columns'], flags: ['json', 'csv', 'latex'] } as const;

/**
 * Runs `metrics` with an explicit output. Exit codes: 0 with rows printed, 1 when nothing could be imported or the
 * filters match nothing, 2 on bad usage (usage on stderr).
 */
export async function runMetrics(argv: string[], io: Output = std): Promise<number> {
  let args: Args;
  let tokenizer: Tokenizer;
  let digits: number;
  let mapping: ColumnMapping | undefined;
  try {
    args = parseArgs(argv, SPEC);
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
  const systems = optList(args, 'systems');
  const split = optString(args, 'split');
  let datasets: Dataset[];
  try {
    datasets = await loadDatasets({ folder, dataset: optString(args, 'dataset'), systems, mapping }, io);
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  const measurer = new Measurer();
  const rows = datasets.flatMap((d) => measurer.measure(d, { tokenizer, systems, split }).outputs);
  const header = ['dataset', 'split', 'system', ...OUTPUTS_FIELDS];
  const table: Table = { columns: header, rows: rows.map((r) => [r.dataset, r.split, r.system, ...OUTPUTS_FIELDS.map((f) => r[f])]) };
  if (args.opts.has('json')) io.out(JSON.stringify(rows.map((r) => outputsJson(r, digits)), null, 2));
  else if (args.opts.has('csv')) io.out(toCsv(table, { digits }));
  else if (args.opts.has('latex')) io.out(toLatex(table, { digits }));
  else io.out(textTable(header, table.rows.map((r) => r.map((v, i) => cell(v, digits, header[i])))));
  if (rows.length) return 0;
  io.err(`no samples in ${folder}${split ? ` for split "${split}"` : ''}`);
  return 1;
}

export const command: Command = {
  summary: 'per-system lexical diversity and format figures (METRICS.md), one row per dataset × split × system',
  usage: [
    'usage: npm run cli -- metrics <data-folder|file> [--dataset D] [--systems a,b] [--split outputs]',
    '                              [--tokenizer regex|treebank] [--digits 4] [--columns field=column,...] [--json | --csv | --latex]',
    '',
    'Imports <data-folder> (the paper layout or sample tables) and prints n_prompts, samples_per_prompt, n_responses,',
    'n_errors, mean/median words, jaccard_all/nostop, numbered/bullet list and abstain rates, distinct 5-word prefix',
    'ratio and mean pairwise length difference. --tokenizer treebank uses an NLTK-word_tokenize-like tokenizer',
    '(case kept, punctuation tokens) instead of the reference regex, to show how much the choice matters.',
    COLUMNS_HELP,
  ].join('\n'),
  run: (argv) => runMetrics(argv),
};
