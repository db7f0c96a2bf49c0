// Line-by-line JSONL reader: keeps every good line, reports every bad one with file and 1-based line.

import type { ImportProblem } from '../model/types';
import { decodeText } from './text';

/** One parsed JSONL line. `line` is 1-based in the file; `ordinal` counts non-blank lines from 0. */
export interface JsonlRecord {
  line: number;
  ordinal: number;
  value: unknown;
}

/** A JSONL line that did not parse: it keeps its ordinal, so later lines keep their position. */
export interface JsonlBadLine {
  line: number;
  ordinal: number;
}

/** What {@link parseJsonl} returns. */
export interface JsonlResult {
  records: JsonlRecord[];
  /** Non-blank lines that were not valid JSON (already reported in `problems`). */
  bad: JsonlBadLine[];
  /** Number of non-blank lines (good + bad): the positions a line-per-prompt file occupies. */
  lines: number;
  problems: ImportProblem[];
}

/**
 * Parses JSONL from bytes (decoded once; BOM dropped; invalid UTF-8 → warning) or from already-decoded text.
 * Accepts LF and CRLF; blank lines are skipped without a problem, except a blank line between records, which is
 * reported as a warning since it usually means a lost record. A last line without a newline that does not parse
 * is reported as truncated. Never throws.
 *
 * Bytes are cut into lines at `\n` bytes and each line is decoded on its own just before `JSON.parse` (see
 * `byteLines`); text is cut with `indexOf('\n')` + one `slice` per line.
 */
export function parseJsonl(input: Uint8Array | string, file: string): JsonlResult {
  let records: JsonlRecord[] = [];
  const r = eachJsonl(
    input,
    file,
    (line, ordinal, value) => {
      if (value !== BAD_LINE) records.push({ line, ordinal, value });
    },
    () => (records = []),
  );
  return { ...r, records };
}

/** What {@link eachJsonl} passes for a non-blank line that is not JSON (it is also listed in `bad`). */
export const BAD_LINE: unique symbol = Symbol('bad JSONL line');

/**
 * {@link parseJsonl} that hands each non-blank line to `each` as it is parsed, in order (its parsed value, or
 * {@link BAD_LINE}) instead of keeping the records: a caller that keeps only part of each record lets the rest die
 * young. `each` may run twice for the first lines of a file with invalid UTF-8, so it must only collect (the
 * collected state is reset through `restart`, called before the second pass). `records` of the result is empty.
 */
export function eachJsonl(
  input: Uint8Array | string,
  file: string,
  each: (line: number, ordinal: number, value: unknown) => void,
  restart?: () => void,
): JsonlResult {
  if (typeof input === 'string') return parseLines(stringLines(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input), file, [], each);
  // Valid UTF-8 (the usual case) is decoded line by line as it is parsed; at the first invalid line the file is
  // parsed again from the start, decoded whole and leniently, with the warning naming the bad lines.
  try {
    return parseLines(byteLines(input), file, [], each);
  } catch (e) {
    if (!(e instanceof InvalidUtf8)) throw e;
    restart?.();
    const d = decodeText(input, file);
    return parseLines(stringLines(d.text), file, d.problems, each);
  }
}

function parseLines(lines: LineReader, file: string, problems: ImportProblem[], each: (line: number, ordinal: number, value: unknown) => void): JsonlResult {
  const bad: JsonlBadLine[] = [];
  let ordinal = 0;
  let lineNo = 0;
  let blankRun: number[] = [];
  for (let i = 0; i < lines.count; i++) {
    const hasNewline = i < lines.count - 1 || lines.endsWithNewline;
    lineNo++;
    let line = lines.at(i);
    if (isBlank(line)) {
      blankRun.push(lineNo);
      continue;
    }
    if (blankRun.length) {
      if (ordinal > 0) {
        problems.push({ severity: 'warning', file, line: blankRun[0]!, message: `blank line${blankRun.length > 1 ? 's' : ''} between records (skipped)` });
      }
      blankRun = [];
    }
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      bad.push({ line: lineNo, ordinal });
      each(lineNo, ordinal, BAD_LINE);
      const why = e instanceof Error ? e.message : String(e);
      const truncated = !hasNewline && ordinal > 0;
      problems.push({
        severity: 'error',
        file,
        line: lineNo,
        message: truncated ? `truncated last line (not valid JSON: ${short(why)})` : `not valid JSON: ${short(why)} — ${preview(line)}`,
      });
      ordinal++;
      continue;
    }
    each(lineNo, ordinal, value);
    ordinal++;
  }
  return { records: [], bad, lines: ordinal, problems };
}

/** A file's lines, without `\n` and a `\r` before it. */
interface LineReader {
  count: number;
  /** Whether the last line ended with `\n` (else it may be truncated). */
  endsWithNewline: boolean;
  at(i: number): string;
}

/** The lines of decoded text. */
function stringLines(text: string): LineReader {
  const bounds: number[] = [];
  const n = text.length;
  let start = 0;
  let endsWithNewline = false;
  while (start < n) {
    let end = text.indexOf('\n', start);
    endsWithNewline = end >= 0;
    if (end < 0) end = n;
    bounds.push(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
  }
  return { count: bounds.length / 2, endsWithNewline, at: (i) => text.slice(bounds[2 * i]!, bounds[2 * i + 1]!) };
}

// Lines after a leading BOM keep any U+FEFF of their own, as a whole-file decode does (it drops only the first).
const lineDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A line that is not valid UTF-8: {@link parseJsonl} starts over with the whole-file lenient decode. */
class InvalidUtf8 extends Error {}

/**
 * The lines of UTF-8 bytes, each decoded when read ({@link InvalidUtf8} if it is not valid UTF-8). Gives exactly the
 * lines of `stringLines(decodeText(bytes).text)` (a `\n` byte never occurs inside a multi-byte sequence), but a line
 * of ASCII or Latin-1 text stays a one-byte string, instead of every line of a file holding one emoji being two-byte,
 * and each line's string dies as soon as it is parsed: decoding and parsing run about twice as fast, and so does every
 * later pass over the texts.
 */
function byteLines(bytes: Uint8Array): LineReader {
  const bounds: number[] = [];
  const n = bytes.length;
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let endsWithNewline = false;
  while (start < n) {
    let end = bytes.indexOf(10, start);
    endsWithNewline = end >= 0;
    if (end < 0) end = n;
    bounds.push(start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
    start = end + 1;
  }
  return {
    count: bounds.length / 2,
    endsWithNewline,
    at(i) {
      try {
        return lineDecoder.decode(bytes.subarray(bounds[2 * i]!, bounds[2 * i + 1]!));
      } catch {
        throw new InvalidUtf8();
      }
    },
  };
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * The engine's JSON.parse message, trimmed for a one-line report. A JSONL line is parsed on its own, so the engine's
 * "at position P (line 1 column C)" would sit confusingly beside our file line: it becomes "at column P+1".
 */
export function short(msg: string): string {
  const m = msg
    .replace(/ \(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position (\d+)/, (_, p: string) => ` at column ${Number(p) + 1}`);
  return m.length > 120 ? m.slice(0, 117) + '...' : m;
}

/** First characters of a bad line, JSON-quoted so control characters and markup stay inert in messages. */
export function preview(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? s.slice(0, max) + '…' : s);
}

/**
 * Best-effort 1-based line of a `JSON.parse` error in `text`: V8 reports `at position N`; "Unexpected end" means
 * the last line. Returns `{}` when unknown, so it spreads into an ImportProblem.
 */
export function jsonErrorLine(text: string, e: unknown): { line?: number } {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  const pos = m ? Number(m[1]) : /end of JSON input/i.test(msg) ? text.trimEnd().length : -1;
  if (pos < 0) return {};
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return { line };
}
