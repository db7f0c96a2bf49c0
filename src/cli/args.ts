// Argv parsing, output sinks and dataset loading shared by every CLI command, so flags behave the same everywhere.
import type { ColumnMapping } from '../core/io/generic';
import { MAPPING_FIELDS } from '../core/io/generic';
import { importAny } from '../core/io/detect';
import type { Dataset, ImportProblem } from '../core/model/types';
import { nodeSource } from '../node/fs-source';

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

/** The options a command accepts: `valued` take a value, `flags` do not. Anything else is a usage error. */
export interface OptionSpec {
  valued: readonly string[];
  flags: readonly string[];
}

/** A usage error: the caller prints its message and the usage, and exits with 2. */
export class UsageError extends Error {}

/**
 * Parses argv against `spec`. Throws {@link UsageError} for an unknown option, a valued option without a value
 * (`--dataset` at the end, or followed by another `--option`), a value given to a flag, or a repeated option,
 * because silently ignoring any of these prints figures for something the user did not ask for.
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): Args {
  const positional: string[] = [];
  const opts = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || a === '--') {
      if (a !== '--') positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (opts.has(name)) throw new UsageError(`--${name} given twice`);
    if (spec.valued.includes(name)) {
      const next = argv[i + 1];
      const value = eq > 0 ? a.slice(eq + 1) : next !== undefined && !next.startsWith('--') ? argv[++i]! : undefined;
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      opts.set(name, value);
    } else if (spec.flags.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      opts.set(name, true);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, opts };
}

/** The string value of a valued option, or undefined when absent. */
export function optString(args: Args, name: string): string | undefined {
  const v = args.opts.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A comma-separated list option (`--systems a,b`), trimmed, empty items dropped; undefined when absent. */
export function optList(args: Args, name: string): string[] | undefined {
  return optString(args, name)?.split(',').map((s) => s.trim()).filter(Boolean);
}

/** An integer option in [min, max] (`--digits 4`, `--batch 32`); `fallback` when absent; a UsageError otherwise. */
export function optInt(args: Args, name: string, fallback: number, min: number, max: number): number {
  const raw = optString(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return n;
}

/** `--tokenizer` (regex | treebank, default regex) for the lexical measures; anything else is a usage error. */
export function optTokenizer(args: Args): 'regex' | 'treebank' {
  const t = optString(args, 'tokenizer') ?? 'regex';
  if (t !== 'regex' && t !== 'treebank') throw new UsageError(`--tokenizer must be regex or treebank, not "${t}"`);
  return t;
}

/** The checks every table command makes: exactly one `<data-folder>` and at most one of `--json`, `--csv`, `--latex`. */
export function checkTableArgs(args: Args): void {
  if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
  if (['json', 'csv', 'latex'].filter((f) => args.opts.has(f)).length > 1) throw new UsageError('choose one of --json, --csv, --latex');
}

/**
 * `--columns prompt=q,system=model,text=resp`: our field → the user's column, for generic JSONL/JSON/CSV files
 * whose names the importer does not recognise. Fields are those of {@link ColumnMapping}.
 */
export function optColumns(args: Args): ColumnMapping | undefined {
  const raw = optString(args, 'columns');
  if (raw === undefined) return undefined;
  const m: ColumnMapping = {};
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim() as keyof ColumnMapping;
    const column = part.slice(eq + 1).trim();
    if (eq <= 0 || !column || !MAPPING_FIELDS.includes(field)) {
      throw new UsageError(`--columns wants field=column pairs with fields ${MAPPING_FIELDS.join(', ')}; got "${part}"`);
    }
    m[field] = column;
  }
  return m;
}

/** The usage lines describing `--columns`, shared by the commands that read generic files. */
export const COLUMNS_HELP = [
  '--columns prompt=q,system=model,text=resp names the columns of generic JSONL/JSON/CSV files the importer does',
  `not recognise (fields: ${MAPPING_FIELDS.join(', ')}); fields you leave out are still guessed.`,
].join('\n');

/** Formats a problem as `file:line: severity: message` (no line part when unknown). */
export function formatProblem(p: ImportProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`;
}

/** What {@link loadDatasets} reads: the folder or file, and optional filters. */
export interface LoadRequest {
  folder: string;
  dataset?: string;
  systems?: readonly string[];
  mapping?: ColumnMapping;
}

/**
 * Imports a folder or file and keeps the datasets named by `dataset` (all when absent); import errors go to `io.err`.
 * Throws an Error with a message for the user when nothing can be read, the dataset does not exist, or none of
 * `systems` is in the kept datasets (a typo would otherwise print an empty table with exit code 0).
 */
export async function loadDatasets(req: LoadRequest, io: Output): Promise<Dataset[]> {
  const res = await importAny(nodeSource(req.folder), req.mapping ? { mapping: req.mapping, mappingFillsGuesses: true } : {});
  // Every problem, warnings included, as `inspect` prints them: a table computed over data with warnings must say so.
  for (const p of res.problems) io.err(formatProblem(p));
  if (res.datasets.length === 0) throw new Error(`nothing imported from ${req.folder}${res.problems.length ? ' (see the errors above)' : ''}`);
  const ds = res.datasets.filter((d) => !req.dataset || d.id === req.dataset);
  if (req.dataset && ds.length === 0) {
    throw new Error(`no dataset "${req.dataset}" in ${req.folder} (have: ${res.datasets.map((d) => d.id).join(', ')})`);
  }
  if (req.systems) {
    const have = new Set(ds.flatMap((d) => d.systems.map((s) => s.id as string)));
    const unknown = req.systems.filter((s) => !have.has(s));
    if (unknown.length === req.systems.length) {
      throw new Error(`no system ${unknown.map((s) => `"${s}"`).join(', ')} in ${req.folder} (have: ${[...have].sort().join(', ') || 'none'})`);
    }
    if (unknown.length) io.err(`warning: no system ${unknown.map((s) => `"${s}"`).join(', ')}; showing the others`);
  }
  return ds;
}
