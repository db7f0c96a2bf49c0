// Bytes → text (BOM, invalid UTF-8) and the response-text cleaning of METRICS.md "Response text".

import type { ImportProblem } from '../model/types';

const FENCE = '```';
const COT_MARKER = '# Answer:\n```\n';

/**
 * Cleans one raw response as METRICS.md "Response text" says: strip; if it then ends with three backticks (the
 * URIAL stop string TGI leaves in), drop them and strip again. For handles ending in `summary-cot`, keep only the
 * text between the first `# Answer:\n```\n` and the next three backticks, stripped (the whole text, cleaned as
 * above, when the marker is absent).
 *
 * "Strip" is Python's `str.strip()` exactly ({@link pyStrip}), not JS `trim()`: they differ on U+001C–U+001F,
 * U+0085 and U+FEFF.
 */
export function cleanText(raw: string, systemHandle: string): string {
  if (systemHandle.endsWith('summary-cot')) {
    const at = raw.indexOf(COT_MARKER);
    if (at >= 0) {
      const from = at + COT_MARKER.length;
      const end = raw.indexOf(FENCE, from);
      return pyStrip(end >= 0 ? raw.slice(from, end) : raw.slice(from));
    }
  }
  let t = pyStrip(raw);
  if (t.endsWith(FENCE)) t = pyStrip(t.slice(0, -FENCE.length));
  return t;
}

/**
 * Python's `str.split()` whitespace set, as a run. JS `\s` differs: it lacks U+001C–U+001F and U+0085 and adds
 * U+FEFF, so word counts would drift from the reference on rare texts. Must agree with {@link isPyWhitespace}.
 */
// eslint-disable-next-line no-control-regex -- U+001C–U+001F are whitespace to Python's split().
export const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** True for the code units Python's `str.isspace()` accepts (so `strip()`/`split()` agree with the reference). */
export function isPyWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** Python's `s.strip()` with no argument. */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPyWhitespace(s.charCodeAt(a))) a++;
  while (b > a && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Decoded text of one file plus the problems found while decoding. */
export interface DecodedText {
  text: string;
  problems: ImportProblem[];
}

/**
 * Decodes a file's bytes as UTF-8, once. A leading BOM is dropped. Invalid bytes become U+FFFD so the valid lines
 * survive, and a warning names the file and the (1-based) lines that held them.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  try {
    return { text: strict.decode(bytes), problems: [] };
  } catch {
    const text = lenient.decode(bytes);
    const lines: number[] = [];
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
      // Count newlines up to i, incrementally, so this stays linear in the file size.
      for (let j = text.indexOf('\n', lineStart); j >= 0 && j < i; j = text.indexOf('\n', j + 1)) {
        line++;
        lineStart = j + 1;
      }
      if (lines[lines.length - 1] !== line) lines.push(line);
    }
    const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', ...' : '');
    return {
      text,
      problems: [
        {
          severity: 'warning',
          file,
          ...(lines[0] !== undefined ? { line: lines[0] } : {}),
          message: `invalid UTF-8 (replaced with U+FFFD) on line${lines.length > 1 ? 's' : ''} ${shown}`,
        },
      ],
    };
  }
}
