// `metrics <folder>`: the paper's per-system lexical and format figures, one row per dataset × split × system.
import Papa from 'papaparse';
import { importAny } from '../../core/io/detect';
import { OUTPUTS_FIELDS, type OutputsRow } from '../../core/metrics/outputs';
import { round } from '../../core/metrics/stats';
import type { Tokenizer } from '../../core/metrics/tokenize';
import type { Dataset, ImportProblem } from '../../core/model/types';
import { Measurer } from '../../workers/services/measurer';
import type { Command } from '../main';
import { nodeSource } from '../node-source';

/** Where a command writes; tests pass collectors. */
export interface Output {
  out(s: string): void;
  err(s: string): void;
}

/** stdout / stderr. */
export const std: Output = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/** Parsed `--name value` / `--name=value` options, `--flag` booleans and positionals. */
export interface Args {
  positional: string[];
  opts: Map<string, string | true>;
}

/** Parses argv; names in `valued` take a value (from `=` or the next word). */
export function parseArgs(argv: string[], valued: readonly string[]): Args {
  const positional: string[] = [];
  const opts = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (eq > 0) opts.set(name, a.slice(eq + 1));
    else if (valued.includes(name) && i + 1 < argv.length) opts.set(name, argv[++i]!);
    else opts.set(name, true);
  }
  return { positional, opts };
}

/** Imports a folder and keeps the datasets named by `--dataset` (all when absent); problems go to `io.err`. */
export async function loadDatasets(folder: string, dataset: string | undefined, io: Output): Promise<Dataset[]> {
  const res = await importAny(nodeSource(folder));
  const errors = res.problems.filter((p: ImportProblem) => p.severity === 'error');
  for (const p of errors) io.err(`${p.file}${p.line !== undefined ? `:${p.line}` : ''}: error: ${p.message}`);
  const ds = res.datasets.filter((d) => !dataset || d.id === dataset);
  if (dataset && ds.length === 0) {
    throw new Error(`no dataset "${dataset}" in ${folder} (have: ${res.datasets.map((d) => d.id).join(', ') || 'none'})`);
  }
  return ds;
}

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

/** Runs `metrics` with an explicit output. */
export async function runMetrics(argv: string[], io: Output = std): Promise<number> {
  const { positional, opts } = parseArgs(argv, ['dataset', 'systems', 'split', 'tokenizer', 'digits']);
  const folder = positional[0];
  const tokenizer = (opts.get('tokenizer') ?? 'regex') as Tokenizer;
  if (!folder || (tokenizer !== 'regex' && tokenizer !== 'treebank')) {
    io.err(command.usage);
    return 2;
  }
  const str = (k: string) => (typeof opts.get(k) === 'string' ? (opts.get(k) as string) : undefined);
  const digits = Number(str('digits') ?? 4);
  const systems = str('systems')?.split(',').map((s) => s.trim()).filter(Boolean);
  let datasets: Dataset[];
  try {
    datasets = await loadDatasets(folder, str('dataset'), io);
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  const measurer = new Measurer();
  const rows = datasets.flatMap((d) => measurer.measure(d, { tokenizer, systems, split: str('split') }).outputs);
  const header = ['dataset', 'split', 'system', ...OUTPUTS_FIELDS];
  const cells = rows.map((r) => [r.dataset, r.split, r.system, ...OUTPUTS_FIELDS.map((f) => cell(r[f], digits, f))]);
  if (opts.has('json')) io.out(JSON.stringify(rows.map((r) => jsonRow(r, digits)), null, 2));
  else if (opts.has('csv')) {
    // CSV keeps the histogram machine-readable as JSON.
    const data = rows.map((r) => header.map((h) => (h === 'samples_per_prompt' ? JSON.stringify(r[h]) : cell(r[h as keyof OutputsRow], digits, h))));
    io.out(Papa.unparse({ fields: header, data }));
  }
  else if (opts.has('latex')) io.out(latexTable(header, cells));
  else io.out(textTable(header, cells));
  if (rows.length === 0) io.err(`no samples found in ${folder}`);
  return 0;
}

export const command: Command = {
  summary: 'per-system lexical diversity and format figures (METRICS.md), one row per dataset × split × system',
  usage: [
    'usage: npm run cli -- metrics <data-folder> [--dataset D] [--systems a,b] [--split outputs]',
    '                              [--tokenizer regex|treebank] [--digits 4] [--json | --csv | --latex]',
    '',
    'Imports <data-folder> (the paper layout or sample tables) and prints n_prompts, samples_per_prompt, n_responses,',
    'n_errors, mean/median words, jaccard_all/nostop, numbered/bullet list and abstain rates, distinct 5-word prefix',
    'ratio and mean pairwise length difference. --tokenizer treebank uses an NLTK-word_tokenize-like tokenizer',
    '(case kept, punctuation tokens) instead of the reference regex, to show how much the choice matters.',
  ].join('\n'),
  run: (argv) => runMetrics(argv),
};
