// `metrics <folder>`: the paper's per-system lexical and format figures, one row per dataset × split × system.
import Papa from 'papaparse';
import { OUTPUTS_FIELDS, type OutputsRow } from '../../core/metrics/outputs';
import { round } from '../../core/metrics/stats';
import type { Tokenizer } from '../../core/metrics/tokenize';
import type { ColumnMapping } from '../../core/io/generic';
import type { Dataset } from '../../core/model/types';
import { Measurer } from '../../workers/services/measurer';
import { COLUMNS_HELP, loadDatasets, optColumns, optInt, optList, optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../main';

/** Fields that count things: printed as integers; every other number gets a fixed number of decimals. */
const isCountField = (field: string) => /^(n_|rows|parse_failures|unparsed)/.test(field);

/**
 * A value as a table cell: counts as integers, other numbers with `digits` decimals (fixed per column, so a
 * paper table lines up: `0.0000`, not `0`), null as empty, histograms as `5×50`.
 */
export function cell(v: unknown, digits: number, field = ''): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return isCountField(field) && Number.isInteger(v) ? String(v) : v.toFixed(digits);
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, number>)
      .map(([k, n]) => `${k}×${n}`)
      .join(' ');
  }
  return String(v);
}

/** An aligned plain-text table; numeric-looking columns are right-aligned. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = header.map((_, i) => rows.every((r) => r[i] === '' || /^-?[\d.]+$/.test(r[i]!)));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const latexEscape = (s: string) => s.replace(/([\\&%$#_{}])/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`));

/** A booktabs LaTeX table (numeric columns right-aligned). */
export function latexTable(header: string[], rows: string[][]): string {
  const numeric = header.map((_, i) => rows.every((r) => r[i] === '' || /^-?[\d.]+$/.test(r[i]!)));
  const spec = numeric.map((n) => (n ? 'r' : 'l')).join('');
  const tex = (c: string) => (c === '' ? '--' : latexEscape(c).replace(/×/g, '$\\times$'));
  const row = (r: string[]) => r.map(tex).join(' & ') + ' \\\\';
  return [`\\begin{tabular}{${spec}}`, '\\toprule', row(header), '\\midrule', ...rows.map(row), '\\bottomrule', '\\end{tabular}'].join('\n');
}

/** The `--json` object of one row: `dataset`, `split`, `system`, then METRICS.md's field names. */
export function jsonRow(r: OutputsRow, digits: number): Record<string, unknown> {
  const o: Record<string, unknown> = { dataset: r.dataset, split: r.split, system: r.system };
  for (const f of OUTPUTS_FIELDS) o[f] = typeof r[f] === 'number' ? round(r[f] as number, digits) : r[f];
  return o;
}

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
  const cells = rows.map((r) => [r.dataset, r.split, r.system, ...OUTPUTS_FIELDS.map((f) => cell(r[f], digits, f))]);
  if (args.opts.has('json')) io.out(JSON.stringify(rows.map((r) => jsonRow(r, digits)), null, 2));
  else if (args.opts.has('csv')) {
    // CSV keeps the histogram machine-readable as JSON.
    const data = rows.map((r) => header.map((h) => (h === 'samples_per_prompt' ? JSON.stringify(r[h]) : cell(r[h as keyof OutputsRow], digits, h))));
    io.out(Papa.unparse({ fields: header, data }));
  } else if (args.opts.has('latex')) io.out(latexTable(header, cells));
  else io.out(textTable(header, cells));
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
