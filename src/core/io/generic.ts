// Importer for plain tables of samples (JSONL, JSON, CSV/TSV): one row per sample, columns mapped to our fields.

import Papa from 'papaparse';
import { datasetId, promptId, systemId } from '../model/ids';
import { describeSystem } from '../model/system';
import type { Dataset, ImportProblem, ImportResult, Prompt, Sample } from '../model/types';
import { jsonErrorLine, parseJsonl } from './jsonl';
import { kindOf, parseSampleLine } from './records';
import { cleanText, decodeText } from './text';

/** A file handed to the generic importer: its name (used for the format and in messages) and bytes. */
export interface GenericFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Our field → the user's column name. Required: `system`, `text`, and `prompt` or `promptId`. Optional: `sample`
 * (0-based index; assigned in order of appearance when absent), `dataset` (default `imported`), `split` (default
 * `outputs`), `error` (a non-empty value marks the sample failed). Every other column becomes `Sample.meta`.
 */
export interface ColumnMapping {
  prompt?: string;
  promptId?: string;
  system?: string;
  sample?: string;
  text?: string;
  dataset?: string;
  split?: string;
  error?: string;
}

/** Fields of {@link ColumnMapping}, in display order. */
export const MAPPING_FIELDS: readonly (keyof ColumnMapping)[] = ['prompt', 'promptId', 'system', 'sample', 'text', 'dataset', 'split', 'error'];

const SYNONYMS: Record<keyof ColumnMapping, string[]> = {
  prompt: ['prompt', 'prompt_text', 'instruction', 'question', 'query', 'input', 'user'],
  promptId: ['prompt_id', 'promptid', 'instance_id', 'question_id', 'qid', 'id'],
  system: ['system', 'model', 'model_name', 'system_id', 'handle', 'generator'],
  sample: ['sample', 'sample_index', 'sample_idx', 'sample_id', 'sample_no', 'index', 'n'],
  text: ['text', 'response', 'output', 'completion', 'answer', 'generated_text', 'generation', 'content'],
  dataset: ['dataset', 'dataset_name', 'task', 'benchmark'],
  split: ['split', 'decoding'],
  error: ['error', 'error_message', 'err'],
};

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Guesses a mapping from column names by common synonyms (case-, space- and dash-insensitive). Each column is
 * used at most once; fields with no match are left out, so the caller can show a mapping step.
 */
export function guessMapping(columns: string[]): ColumnMapping {
  const out: ColumnMapping = {};
  const used = new Set<string>();
  for (const field of MAPPING_FIELDS) {
    for (const syn of SYNONYMS[field]) {
      const col = columns.find((c) => !used.has(c) && norm(c) === syn);
      if (col !== undefined) {
        out[field] = col;
        used.add(col);
        break;
      }
    }
  }
  return out;
}

/** The mapping's missing required fields (`prompt` counts as present when `promptId` is mapped). */
export function missingFields(m: ColumnMapping): (keyof ColumnMapping)[] {
  const miss: (keyof ColumnMapping)[] = [];
  if (!m.prompt && !m.promptId) miss.push('prompt');
  if (!m.system) miss.push('system');
  if (!m.text) miss.push('text');
  return miss;
}

type Format = 'jsonl' | 'json' | 'csv' | 'tsv';

/** The table format of a file name, or null when it is not one we read. */
export function formatOf(name: string): Format | null {
  const n = name.toLowerCase();
  if (n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'jsonl';
  if (n.endsWith('.json')) return 'json';
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.tsv')) return 'tsv';
  return null;
}

interface Row {
  /** 1-based line in the file when known (JSONL, CSV); JSON items have `item` instead. */
  line?: number;
  item?: number;
  value: Record<string, unknown>;
}

interface Table {
  rows: Row[];
  columns: string[];
  problems: ImportProblem[];
  /** Set when rows are the paper's samples.jsonl records rather than one-row-per-sample. */
  paperRecords?: { line: number; ordinal: number; value: unknown }[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Column names of a file: the CSV header, or the keys of the first 100 JSON records in first-seen order. */
export function readColumns(file: GenericFile): string[] {
  return readTable(file).columns;
}

function readTable(file: GenericFile): Table {
  const fmt = formatOf(file.name);
  const problems: ImportProblem[] = [];
  if (!fmt) return { rows: [], columns: [], problems: [{ severity: 'warning', file: file.name, message: 'not a JSONL, JSON or CSV file (skipped)' }] };
  if (fmt === 'csv' || fmt === 'tsv') return readCsv(file, fmt === 'tsv' ? '\t' : undefined);
  const rows: Row[] = [];
  if (fmt === 'jsonl') {
    const parsed = parseJsonl(file.bytes, file.name);
    problems.push(...parsed.problems);
    if (parsed.lines === 0) problems.push({ severity: 'error', file: file.name, line: 1, message: 'empty file: no rows' });
    const first = parsed.records[0]?.value;
    if (isObj(first) && Array.isArray(first.outputs)) {
      return { rows: [], columns: Object.keys(first), problems, paperRecords: parsed.records };
    }
    for (const r of parsed.records) {
      if (isObj(r.value)) rows.push({ line: r.line, value: r.value });
      else problems.push({ severity: 'error', file: file.name, line: r.line, message: `row is ${kindOf(r.value)}, not an object (skipped)` });
    }
  } else {
    const d = decodeText(file.bytes, file.name);
    problems.push(...d.problems);
    let v: unknown;
    try {
      v = JSON.parse(d.text);
    } catch (e) {
      problems.push({ severity: 'error', file: file.name, ...jsonErrorLine(d.text, e), message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
      return { rows, columns: [], problems };
    }
    const list = Array.isArray(v) ? v : isObj(v) ? (['samples', 'data', 'rows', 'records'].map((k) => v[k]).find(Array.isArray) as unknown[] | undefined) : undefined;
    if (!list) {
      problems.push({ severity: 'error', file: file.name, message: `JSON is ${kindOf(v)}, not an array of objects (or {"samples": [...]})` });
      return { rows, columns: [], problems };
    }
    list.forEach((item, i) => {
      if (isObj(item)) rows.push({ item: i, value: item });
      else problems.push({ severity: 'error', file: file.name, message: `item ${i} is ${kindOf(item)}, not an object (skipped)` });
    });
  }
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows.slice(0, 100)) {
    for (const k of Object.keys(r.value)) {
      if (!seen.has(k)) {
        seen.add(k);
        cols.push(k);
      }
    }
  }
  return { rows, columns: cols, problems };
}

function readCsv(file: GenericFile, delimiter: string | undefined): Table {
  const d = decodeText(file.bytes, file.name);
  const problems: ImportProblem[] = [...d.problems];
  const text = d.text;
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, ...(delimiter ? { delimiter } : {}) });
  // Papa gives no line numbers; recover them from row starts by counting newlines inside quoted fields too.
  const lineStarts: number[] = [];
  let line = 1;
  for (const row of parsed.data) {
    lineStarts.push(line);
    let nl = 0;
    for (const cell of row) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) nl++;
    line += 1 + nl;
  }
  // A row whose quote never closes runs to the end of the file, swallowing every later line into one cell: it is not
  // a sample, so it is dropped (and the message says so) rather than kept as one giant bogus text.
  const unterminated = new Set<number>();
  for (const err of parsed.errors) {
    const at = err.row !== undefined && err.row !== null ? lineStarts[err.row] : undefined;
    if (err.code === 'UndetectableDelimiter') continue;
    const dropped = err.code === 'MissingQuotes' && err.row !== undefined && err.row !== null && err.row > 0;
    if (dropped) unterminated.add(err.row!);
    problems.push({
      severity: 'error',
      file: file.name,
      ...(at !== undefined ? { line: at } : {}),
      message: `CSV: ${err.message}${dropped ? ' — row dropped (the quote opened here never closes, so everything after it would be one cell); close the quote to keep it' : ''}`,
    });
  }
  const data = parsed.data;
  const header = data[0];
  if (!header || (header.length === 1 && header[0] === '')) {
    problems.push({ severity: 'error', file: file.name, line: 1, message: 'empty file: no header row' });
    return { rows: [], columns: [], problems };
  }
  const columns = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const rows: Row[] = [];
  for (let r = 1; r < data.length; r++) {
    const cells = data[r]!;
    if (cells.length === 1 && cells[0]!.trim() === '') continue;
    if (unterminated.has(r)) continue;
    const ln = lineStarts[r]!;
    if (cells.length !== columns.length) {
      problems.push({ severity: 'warning', file: file.name, line: ln, message: `row has ${cells.length} fields, header has ${columns.length}${cells.length < columns.length ? ' (missing ones left empty)' : ' (extra ones dropped)'}` });
    }
    const value: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (i < cells.length) value[c] = cells[i];
    });
    rows.push({ line: ln, value });
  }
  return { rows, columns, problems };
}

const where = (r: Row) => (r.line !== undefined ? { line: r.line } : {});
const rowName = (r: Row) => (r.item !== undefined ? `item ${r.item}: ` : '');

/** `given` over `guessed`; a guessed field whose column `given` assigns to another field is dropped (one use per column). */
function overlayMapping(guessed: ColumnMapping, given: ColumnMapping): ColumnMapping {
  const taken = new Set(Object.values(given));
  const out: ColumnMapping = {};
  for (const f of MAPPING_FIELDS) if (guessed[f] !== undefined && !taken.has(guessed[f])) out[f] = guessed[f];
  return { ...out, ...given };
}

/** Options of {@link importGeneric}. */
export interface GenericImportOptions {
  /** Dataset name for rows without a dataset column (default `imported`). */
  defaultDataset?: string;
  /**
   * Treat `mapping` as a partial mapping laid over {@link guessMapping} of each file's columns, so a user who names
   * only the unusual columns (the CLI's `--columns text=resp`) keeps the guesses for the rest. Default false: the
   * app's mapping step sends a complete mapping, and a field it leaves out must stay out.
   */
  mappingFillsGuesses?: boolean;
}

/**
 * Imports one-row-per-sample tables. Each file is mapped with `mapping` when given, else with
 * {@link guessMapping} of its own columns; a file whose mapping lacks a required field is skipped with an error
 * naming the file and the missing columns. Rows are grouped by dataset; prompts are identified by prompt id (or
 * prompt text) in order of first appearance; a second row for the same (dataset, split, system, prompt, sample)
 * is reported with both lines and skipped. JSONL files whose records are the paper's samples.jsonl shape are read
 * as one system's run (system = file name, or its folder for `samples.jsonl`). Texts are cleaned with
 * {@link cleanText}. Never throws.
 */
export function importGeneric(files: GenericFile[], mapping?: ColumnMapping, opts: GenericImportOptions = {}): ImportResult {
  const problems: ImportProblem[] = [];
  const byName = new Map<string, Dataset>();
  const promptIndex = new Map<string, Map<string, number>>();
  const seen = new Map<string, string>();
  const autoIndex = new Map<string, number>();
  const dataset = (name: string): Dataset => {
    let ds = byName.get(name);
    if (!ds) {
      ds = { id: datasetId(name), prompts: [], systems: [], samples: [], judges: [], bertscore: [], summaries: [] };
      byName.set(name, ds);
      promptIndex.set(name, new Map());
    }
    return ds;
  };
  const defaultName = opts.defaultDataset ?? 'imported';
  const promptOf = (ds: Dataset, key: string, id: string | undefined, text: string): number => {
    const idx = promptIndex.get(ds.id)!;
    let i = idx.get(key);
    if (i === undefined) {
      i = ds.prompts.length;
      idx.set(key, i);
      const p: Prompt = { id: promptId(id ?? i), index: i, text };
      ds.prompts.push(p);
    } else if (text && !ds.prompts[i]!.text) ds.prompts[i]!.text = text;
    return i;
  };

  for (const file of files) {
    const table = readTable(file);
    problems.push(...table.problems);
    if (table.paperRecords) {
      importPaperRecords(file.name, table.paperRecords, dataset(defaultName), promptOf, problems);
      continue;
    }
    if (!table.rows.length) continue;
    const asked = mapping && opts.mappingFillsGuesses ? overlayMapping(guessMapping(table.columns), mapping) : (mapping ?? guessMapping(table.columns));
    // Only columns the file really has count; a mapped-but-absent required column is named in the message.
    const m: ColumnMapping = {};
    for (const f of MAPPING_FIELDS) if (asked[f] && table.columns.includes(asked[f])) m[f] = asked[f];
    const miss = missingFields(m);
    if (miss.length) {
      const names = miss.map((f) => {
        const col = f === 'prompt' ? (asked.prompt ?? asked.promptId) : asked[f];
        return col ? `${f} (column "${col}" not found)` : f;
      });
      const headerLine = formatOf(file.name) === 'csv' || formatOf(file.name) === 'tsv' ? 1 : table.rows[0]?.line;
      problems.push({ severity: 'error', file: file.name, ...(headerLine !== undefined ? { line: headerLine } : {}), message: `missing column${miss.length > 1 ? 's' : ''} for ${names.join(', ')}; found columns: ${table.columns.join(', ') || '(none)'}` });
      continue;
    }
    const mapped = new Set(Object.values(m).filter(Boolean));
    for (const row of table.rows) {
      const v = row.value;
      const str = (col: string | undefined): string | undefined => {
        if (!col) return undefined;
        const x = v[col];
        if (x === undefined || x === null) return undefined;
        return typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x);
      };
      const system = str(m.system)?.trim();
      if (!system) {
        problems.push({ severity: 'error', file: file.name, ...where(row), message: `${rowName(row)}no system (skipped)` });
        continue;
      }
      const ptext = str(m.prompt) ?? '';
      const pid = str(m.promptId)?.trim() || undefined;
      if (!pid && !ptext) {
        problems.push({ severity: 'error', file: file.name, ...where(row), message: `${rowName(row)}no prompt (skipped)` });
        continue;
      }
      const ds = dataset(str(m.dataset)?.trim() || defaultName);
      const split = str(m.split)?.trim() || 'outputs';
      const prompt = promptOf(ds, pid !== undefined ? `id:${pid}` : `text:${ptext}`, pid, ptext);
      const runKey = `${ds.id}\u0000${split}\u0000${system}\u0000${prompt}`;
      let index: number;
      const rawIndex = str(m.sample)?.trim();
      if (rawIndex !== undefined && rawIndex !== '') {
        index = Number(rawIndex);
        if (!Number.isInteger(index) || index < 0) {
          problems.push({ severity: 'error', file: file.name, ...where(row), message: `${rowName(row)}sample index ${JSON.stringify(rawIndex)} is not a whole number ≥ 0 (skipped)` });
          continue;
        }
      } else {
        index = autoIndex.get(runKey) ?? 0;
      }
      autoIndex.set(runKey, Math.max(autoIndex.get(runKey) ?? 0, index + 1));
      const dupKey = `${runKey}\u0000${index}`;
      const here = `${file.name}${row.line !== undefined ? `:${row.line}` : row.item !== undefined ? ` item ${row.item}` : ''}`;
      const first = seen.get(dupKey);
      if (first !== undefined) {
        problems.push({ severity: 'error', file: file.name, ...where(row), message: `${rowName(row)}duplicate sample (system ${system}, prompt ${pid ?? prompt}, sample ${index}); first at ${first} (skipped)` });
        continue;
      }
      seen.set(dupKey, here);
      const sample: Sample = { prompt, system: systemId(system), split, index, text: null };
      const rawText = m.text ? v[m.text] : undefined;
      const err = str(m.error)?.trim();
      if (typeof rawText === 'string' && !err) sample.text = cleanText(rawText, system);
      else if (typeof rawText === 'number') sample.text = String(rawText);
      if (err) sample.error = err;
      else if (sample.text === null) {
        sample.error = rawText === undefined || rawText === null ? 'no text' : `text is ${kindOf(rawText)}`;
        problems.push({ severity: 'warning', file: file.name, ...where(row), message: `${rowName(row)}${sample.error}: counted as a failed sample` });
      }
      const meta: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (!mapped.has(k)) meta[k] = x;
      if (Object.keys(meta).length) sample.meta = meta;
      ds.samples.push(sample);
    }
  }
  for (const ds of byName.values()) {
    const handles = [...new Set(ds.samples.map((s) => s.system as string))];
    ds.systems = handles.map((h) => describeSystem(h));
  }
  return { datasets: [...byName.values()], problems };
}

function importPaperRecords(
  name: string,
  records: { line: number; ordinal: number; value: unknown }[],
  ds: Dataset,
  promptOf: (ds: Dataset, key: string, id: string | undefined, text: string) => number,
  problems: ImportProblem[],
): void {
  const parts = name.split('/');
  const base = parts[parts.length - 1]!.replace(/\.(jsonl|ndjson)$/i, '');
  const handle = base === 'samples' && parts.length > 1 ? parts[parts.length - 2]! : base;
  const system = systemId(handle);
  for (const rec of records) {
    const prompt = promptOf(ds, `line:${rec.ordinal}`, undefined, '');
    const line = parseSampleLine(rec.value);
    for (const issue of line.issues) problems.push({ severity: 'error', file: name, line: rec.line, message: issue });
    if (line.lineError !== undefined) {
      ds.samples.push({ prompt, system, split: 'outputs', index: 0, text: null, error: line.lineError, lineFailed: true });
      continue;
    }
    line.samples.forEach((s, index) => {
      const sample: Sample = { prompt, system, split: 'outputs', index, text: s.text === null ? null : cleanText(s.text, handle) };
      if (s.error !== undefined) sample.error = s.error;
      if (s.finishReason !== undefined) sample.finishReason = s.finishReason;
      ds.samples.push(sample);
    });
  }
}
