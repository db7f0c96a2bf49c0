// Table formatters shared by the CLI and the export view: aligned text, CSV and booktabs LaTeX from one table shape.
import Papa from 'papaparse';

/** One cell as computed: a label, a number, a histogram (`{"5": 50}` = 50 prompts with 5 samples), or missing. */
export type CellValue = string | number | boolean | null | undefined | Readonly<Record<string, number>>;

/** A table: `columns` names (METRICS.md field names), `rows` one array of `columns.length` values each. */
export interface Table {
  columns: readonly string[];
  rows: readonly (readonly CellValue[])[];
}

/** Which way a column's best value lies, for {@link latexTable}'s bold best. */
export type Best = 'max' | 'min';

/** How numbers are written. */
export interface FormatOptions {
  /** Decimals of non-count numbers (default 4): fixed per column, so `0.3000` lines up under `0.3527`. */
  digits?: number;
}

/** Fields that count things: written as integers; every other number gets {@link FormatOptions.digits} decimals. */
export const isCountField = (field: string): boolean => /^(n_|rows|parse_failures|unparsed|samples_per_prompt$)/.test(field);

/**
 * A value as display text: counts (by {@link isCountField}) as integers, other numbers with `digits` decimals, null
 * and undefined as empty, histograms as `5×50` (50 prompts with 5 samples each).
 */
export function cell(v: CellValue, digits: number, field = ''): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return isCountField(field) && Number.isInteger(v) ? String(v) : v.toFixed(digits);
  if (typeof v === 'object') {
    return Object.entries(v)
      .map(([k, n]) => `${k}×${n}`)
      .join(' ');
  }
  return String(v);
}

const looksNumeric = (c: string) => c === '' || /^-?[\d.]+$/.test(c);

/** An aligned plain-text table of already formatted cells; columns whose cells all look numeric are right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = header.map((_, i) => rows.every((r) => looksNumeric(r[i]!)));
  const line = (r: readonly string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** {@link textTable} of a {@link Table}, numbers written by {@link cell}. */
export function toText(t: Table, opts: FormatOptions = {}): string {
  const digits = opts.digits ?? 4;
  return textTable(t.columns, t.rows.map((r) => r.map((v, i) => cell(v, digits, t.columns[i]))));
}

/**
 * RFC 4180 CSV with a header row. Numbers as {@link cell} writes them (so the CSV matches the printed table);
 * histograms stay machine-readable as JSON (`{"5":50}`); missing values are empty.
 */
export function toCsv(t: Table, opts: FormatOptions = {}): string {
  const digits = opts.digits ?? 4;
  const data = t.rows.map((r) => r.map((v, i) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : cell(v, digits, t.columns[i]))));
  return Papa.unparse({ fields: [...t.columns], data }, { newline: '\n' });
}

/** Escapes LaTeX's special characters in plain text. */
export const latexEscape = (s: string): string =>
  s.replace(/([\\&%$#_{}~^])/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));

/** Options of {@link latexTable}. */
export interface LatexOptions {
  /** Per column name: bold the best numeric cell(s) of that column (ties all bold). */
  best?: Readonly<Record<string, Best>>;
  /** Put the column names in `\texttt{}` (they are field names such as `jaccard_all`). Default false. */
  ttHeader?: boolean;
}

/**
 * A booktabs `tabular` (`\toprule`, `\midrule`, `\bottomrule`; needs `\usepackage{booktabs}`) of already formatted
 * cells: columns whose cells all look numeric are right-aligned, empty cells print as `--`, text is escaped.
 * `opts.best` bolds the largest (`max`) or smallest (`min`) value of the named columns, compared as printed, so
 * cells that round alike tie.
 */
export function latexTable(header: readonly string[], rows: readonly (readonly string[])[], opts: LatexOptions = {}): string {
  const numeric = header.map((_, i) => rows.every((r) => looksNumeric(r[i]!)));
  const spec = numeric.map((n) => (n ? 'r' : 'l')).join('');
  const bestOf = header.map((h, i) => {
    const dir = opts.best?.[h];
    if (!dir || !numeric[i]) return null;
    const vals = rows.map((r) => r[i]!).filter((c) => c !== '').map(Number);
    if (vals.length === 0) return null;
    return dir === 'max' ? Math.max(...vals) : Math.min(...vals);
  });
  const tex = (c: string, i: number) => {
    if (c === '') return '--';
    const body = latexEscape(c).replace(/×/g, '$\\times$');
    const b = bestOf[i];
    return b !== null && b !== undefined && Number(c) === b ? `\\textbf{${body}}` : body;
  };
  const head = header.map((h) => (opts.ttHeader ? `\\texttt{${latexEscape(h)}}` : latexEscape(h))).join(' & ') + ' \\\\';
  const row = (r: readonly string[]) => r.map(tex).join(' & ') + ' \\\\';
  return [`\\begin{tabular}{${spec}}`, '\\toprule', head, '\\midrule', ...rows.map(row), '\\bottomrule', '\\end{tabular}'].join('\n');
}

/** {@link latexTable} of a {@link Table}, numbers written by {@link cell} with `opts.digits` decimals. */
export function toLatex(t: Table, opts: FormatOptions & LatexOptions = {}): string {
  const digits = opts.digits ?? 4;
  return latexTable(t.columns, t.rows.map((r) => r.map((v, i) => cell(v, digits, t.columns[i]))), opts);
}
