// Reads a few top-level fields of a large JSON object straight from its UTF-8 bytes, validating the rest without
// decoding it: a BERTScore file is ~90% reference/alternative texts the tables never use.

const strict = new TextDecoder('utf-8', { fatal: true });

/** Thrown inside the scanner for anything it does not accept; the caller then parses the file in full. */
class Reject extends Error {}
const reject = (): never => {
  throw new Reject();
};

/**
 * The fields `keys` of the JSON object in `bytes` (UTF-8, optional BOM), each parsed with `JSON.parse`; other fields
 * are checked but not decoded. For any input that is not a valid UTF-8 JSON object, returns undefined, so the caller
 * can parse it in full and report exactly what `JSON.parse` / the UTF-8 decoder says. The returned object holds only
 * the requested fields present (the last one when a key repeats, as `JSON.parse` keeps), on a null prototype.
 */
export function pickJsonFields(bytes: Uint8Array, keys: readonly string[]): Record<string, unknown> | undefined {
  try {
    // 4-byte words of the buffer (from the first 4-aligned byte), for skipping plain string text a word at a time.
    const lead = (4 - (bytes.byteOffset & 3)) & 3;
    words = new Uint32Array(bytes.buffer, bytes.byteOffset + Math.min(lead, bytes.length), Math.max(0, (bytes.length - lead) >> 2));
    wordsFrom = lead;
    return scanObject(bytes, new Set(keys));
  } catch (e) {
    if (e instanceof Reject || e instanceof RangeError || e instanceof SyntaxError || e instanceof TypeError) return undefined;
    throw e;
  }
}

function scanObject(b: Uint8Array, want: Set<string>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  let i = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  i = ws(b, i);
  if (b[i] !== 0x7b) reject();
  i = ws(b, i + 1);
  if (b[i] === 0x7d) return end(b, i + 1, out);
  for (;;) {
    if (b[i] !== 0x22) reject();
    const k0 = i;
    i = skipString(b, i);
    const key = JSON.parse(strict.decode(b.subarray(k0, i))) as string;
    i = ws(b, i);
    if (b[i] !== 0x3a) reject();
    i = ws(b, i + 1);
    const v0 = i;
    i = skipValue(b, i, 0);
    if (want.has(key)) out[key] = JSON.parse(strict.decode(b.subarray(v0, i)));
    i = ws(b, i);
    if (b[i] === 0x2c) {
      i = ws(b, i + 1);
      continue;
    }
    if (b[i] === 0x7d) return end(b, i + 1, out);
    reject();
  }
}

/** Only whitespace may follow the object. */
function end(b: Uint8Array, i: number, out: Record<string, unknown>): Record<string, unknown> {
  if (ws(b, i) !== b.length) reject();
  return out;
}

/** Index of the first non-whitespace byte (JSON whitespace: space, tab, LF, CR) at or after `i`. */
function ws(b: Uint8Array, i: number): number {
  for (;;) {
    const c = b[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Skips one JSON value starting at `i` (no leading whitespace), validating it; returns the index after it. */
function skipValue(b: Uint8Array, i: number, depth: number): number {
  if (depth > 512) reject();
  const c = b[i];
  if (c === 0x22) return skipString(b, i);
  if (c === 0x7b) {
    i = ws(b, i + 1);
    if (b[i] === 0x7d) return i + 1;
    for (;;) {
      if (b[i] !== 0x22) reject();
      i = ws(b, skipString(b, i));
      if (b[i] !== 0x3a) reject();
      i = ws(b, skipValue(b, ws(b, i + 1), depth + 1));
      if (b[i] === 0x2c) i = ws(b, i + 1);
      else if (b[i] === 0x7d) return i + 1;
      else reject();
    }
  }
  if (c === 0x5b) {
    i = ws(b, i + 1);
    if (b[i] === 0x5d) return i + 1;
    for (;;) {
      i = ws(b, skipValue(b, i, depth + 1));
      if (b[i] === 0x2c) i = ws(b, i + 1);
      else if (b[i] === 0x5d) return i + 1;
      else reject();
    }
  }
  if (c === 0x74) return literal(b, i, 'true');
  if (c === 0x66) return literal(b, i, 'false');
  if (c === 0x6e) return literal(b, i, 'null');
  return skipNumber(b, i);
}

function literal(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) reject();
  return i + word.length;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?` */
function skipNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else reject();
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) reject();
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) reject();
    while (isDigit(b[i])) i++;
  }
  return i;
}

// The current buffer as 4-byte words starting at byte `wordsFrom` (set per pickJsonFields call).
let words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
let wordsFrom = 0;

const HEX = new Uint8Array(256);
for (const ch of '0123456789abcdefABCDEF') HEX[ch.charCodeAt(0)] = 1;
const ESCAPE = new Uint8Array(256);
for (const ch of '"\\/bfnrt') ESCAPE[ch.charCodeAt(0)] = 1;

/**
 * Skips a string starting at the quote at `i`; returns the index after its closing quote. Rejects raw control
 * characters, bad escapes and invalid UTF-8 (overlong forms, surrogates, code points past U+10FFFF, truncation), as
 * `JSON.parse` after a fatal UTF-8 decode would.
 */
function skipString(b: Uint8Array, i: number): number {
  const n = b.length;
  const end = wordsFrom + words.length * 4;
  i++;
  for (;;) {
    // A whole word of plain text (0x20..0x7f, no quote, no backslash) at once: exact "any byte is ..." tests.
    while (i >= wordsFrom && i + 4 <= end && ((i - wordsFrom) & 3) === 0) {
      const x = words[(i - wordsFrom) >> 2]!;
      const q = x ^ 0x22222222;
      const s = x ^ 0x5c5c5c5c;
      if ((x & 0x80808080) | ((x - 0x20202020) & ~x & 0x80808080) | ((q - 0x01010101) & ~q & 0x80808080) | ((s - 0x01010101) & ~s & 0x80808080)) break;
      i += 4;
    }
    if (i >= n) reject();
    const c = b[i]!;
    if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
      i++;
      continue;
    }
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      const e = b[i + 1];
      if (e === 0x75) {
        if (!HEX[b[i + 2]!] || !HEX[b[i + 3]!] || !HEX[b[i + 4]!] || !HEX[b[i + 5]!]) reject();
        i += 6;
      } else if (e !== undefined && ESCAPE[e]) i += 2;
      else reject();
      continue;
    }
    if (c < 0x20) reject();
    i = skipUtf8(b, i, c);
  }
}

/** Validates one multi-byte UTF-8 sequence whose lead byte `c` is at `i`; returns the index after it. */
function skipUtf8(b: Uint8Array, i: number, c: number): number {
  const cont = (k: number) => {
    const x = b[i + k];
    return x !== undefined && (x & 0xc0) === 0x80;
  };
  if (c >= 0xc2 && c <= 0xdf) {
    if (!cont(1)) reject();
    return i + 2;
  }
  if (c >= 0xe0 && c <= 0xef) {
    const x = b[i + 1]!;
    // E0 needs A0..BF (no overlong), ED needs 80..9F (no surrogates).
    if (!cont(1) || !cont(2) || (c === 0xe0 && x < 0xa0) || (c === 0xed && x > 0x9f)) reject();
    return i + 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const x = b[i + 1]!;
    // F0 needs 90..BF (no overlong), F4 needs 80..8F (at most U+10FFFF).
    if (!cont(1) || !cont(2) || !cont(3) || (c === 0xf0 && x < 0x90) || (c === 0xf4 && x > 0x8f)) reject();
    return i + 4;
  }
  return reject();
}
