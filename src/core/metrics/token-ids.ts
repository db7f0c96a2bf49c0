// The reference regex tokenizer's token sets as interned integer ids, and pairwise Jaccard over them: the same sets
// and the same numbers as `tokenSets(text, 'regex')` + `pairwiseJaccard`, without a string and a hash per token
// (the hottest loop of a report: every response of every system is tokenised).

import { isPyWhitespace } from '../io/text';
import { mean } from './stats';
import { STOP_WORD_SET } from './stop-words';

/** A text's distinct tokens as ids (first-seen order), and the ones that are not stop words (`jaccard_nostop`). */
export interface TokenIdSets {
  all: Int32Array;
  nostop: Int32Array;
}

// The vocabulary, grown and never shrunk (ids stay valid for the life of the module: one process or worker; a paper
// report has ~3·10^4 distinct tokens). Token characters live in one Uint16Array (`chars`, token id at `start[id]`,
// `len[id]` long) and the hash table interleaves [hash, id] pairs, so a lookup touches typed arrays only: the
// hottest loop of a report runs ~3·10^6 times.
const tokens: string[] = [];
let chars = new Uint16Array(1 << 16);
let charsUsed = 0;
let tokStart = new Int32Array(1024);
let tokLen = new Int32Array(1024);
let isStop = new Uint8Array(1024);
// Per-id stamps: `seen` dedupes one text's tokens, `mark` holds one set during an intersection count.
let seen = new Int32Array(1024);
let mark = new Int32Array(1024);
let seenGen = 0;
let markGen = 0;
/** Open addressing, linear probing: slot s holds [hash, id + 1] at 2s, 2s + 1 (id + 1 = 0: empty). */
let table = new Int32Array(2 << 12);
// The token group (one prompt's texts): every text's distinct ids appended to one pool per set, text t's ids at
// [allEnd[t - 1], allEnd[t]) (nostop alike). One pool instead of two typed arrays per text: ~4·10^4 fewer
// ArrayBuffers for the garbage collector to sweep in a paper report.
let poolAll = new Int32Array(4096);
let poolNostop = new Int32Array(4096);
let allEnd: number[] = [];
let nostopEnd: number[] = [];

const APOS = 39;
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
/** U+2019 and U+2018 count as `'` (METRICS.md maps them before matching). */
const isApos = (c: number) => c === APOS || c === 0x2019 || c === 0x2018;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

function grown<T extends Int32Array | Uint8Array | Uint16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

function growIds(): void {
  const n = isStop.length * 2;
  tokStart = grown(tokStart, n);
  tokLen = grown(tokLen, n);
  isStop = grown(isStop, n);
  seen = grown(seen, n);
  mark = grown(mark, n);
}

function rehash(): void {
  const slots = table.length; // twice the slot count, i.e. the new slot count
  const next = new Int32Array(slots * 2);
  const mask = slots - 1;
  for (let s = 0; s < table.length; s += 2) {
    if (table[s + 1] === 0) continue;
    let j = table[s]! & mask;
    while (next[2 * j + 1] !== 0) j = (j + 1) & mask;
    next[2 * j] = table[s]!;
    next[2 * j + 1] = table[s + 1]!;
  }
  table = next;
}

/** The id of the token `lower[start, end)` (hash `h`, curly apostrophes read as `'`), added when new. */
function intern(lower: string, start: number, end: number, h: number): number {
  const slots = table.length >> 1;
  const mask = slots - 1;
  const len = end - start;
  let j = h & mask;
  for (;;) {
    const idp1 = table[2 * j + 1]!;
    if (idp1 === 0) break;
    if (table[2 * j] === h && tokLen[idp1 - 1] === len) {
      const at = tokStart[idp1 - 1]!;
      let k = 0;
      for (; k < len; k++) {
        const c = lower.charCodeAt(start + k);
        if (chars[at + k] !== (isApos(c) ? APOS : c)) break;
      }
      if (k === len) return idp1 - 1;
    }
    j = (j + 1) & mask;
  }
  const raw = lower.slice(start, end);
  const tok = raw.includes('\u2019') || raw.includes('\u2018') ? raw.replace(/[\u2019\u2018]/g, "'") : raw;
  const id = tokens.length;
  tokens.push(tok);
  if (id >= isStop.length) growIds();
  if (charsUsed + len > chars.length) chars = grown(chars, Math.max(chars.length * 2, charsUsed + len));
  for (let k = 0; k < len; k++) chars[charsUsed + k] = tok.charCodeAt(k);
  tokStart[id] = charsUsed;
  tokLen[id] = len;
  charsUsed += len;
  isStop[id] = STOP_WORD_SET.has(tok) ? 1 : 0;
  table[2 * j] = h;
  table[2 * j + 1] = id + 1;
  if (tokens.length * 2 > slots) rehash();
  return id;
}

/** Starts a new token group (see {@link addGroupText}), forgetting the previous one. */
export function startTokenGroup(): void {
  allEnd = [];
  nostopEnd = [];
}

/**
 * Adds a text, already lowercased (`text.toLowerCase()`), to the current token group: its token sets, equal as sets
 * to `tokenSets(text, 'regex')`: every match of `[a-z0-9]+(?:'[a-z0-9]+)*` after mapping U+2019/U+2018 to `'`, scanned
 * by hand (a greedy match never backtracks here: each part is a maximal run). Returns the text's word count
 * (`wordCount`, Python's `len(text.split())`), counted in the same scan: lowercasing maps whitespace to itself and
 * any other character to non-whitespace, so the lowercase text has the same words.
 */
export function addGroupText(lower: string): number {
  if (++seenGen === 0x7fffffff) {
    seen.fill(0);
    seenGen = 1;
  }
  const gen = seenGen;
  let nAll = allEnd.length ? allEnd[allEnd.length - 1]! : 0;
  let nNostop = nostopEnd.length ? nostopEnd[nostopEnd.length - 1]! : 0;
  const n = lower.length;
  let words = 0;
  let inWord = false;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (!isAlnum(c)) {
      if (isPyWhitespace(c)) inWord = false;
      else if (!inWord) {
        words++;
        inWord = true;
      }
      i++;
      continue;
    }
    if (!inWord) {
      words++;
      inWord = true;
    }
    const start = i;
    let h = FNV_OFFSET;
    for (;;) {
      // One maximal run of [a-z0-9] ...
      do {
        h = Math.imul(h ^ c, FNV_PRIME);
        c = ++i < n ? lower.charCodeAt(i) : -1;
      } while (isAlnum(c));
      // ... then another after an apostrophe, only if one follows it.
      if (!isApos(c) || i + 1 >= n || !isAlnum(lower.charCodeAt(i + 1))) break;
      h = Math.imul(h ^ APOS, FNV_PRIME);
      c = lower.charCodeAt(++i);
    }
    const id = intern(lower, start, i, h);
    if (seen[id] !== gen) {
      seen[id] = gen;
      if (nAll === poolAll.length) {
        poolAll = grown(poolAll, nAll * 2);
        poolNostop = grown(poolNostop, nAll * 2);
      }
      poolAll[nAll++] = id;
      if (!isStop[id]) poolNostop[nNostop++] = id;
    }
  }
  allEnd.push(nAll);
  nostopEnd.push(nNostop);
  return words;
}

/** The token sets of an already lowercased text, as ids (starts a new token group). */
export function regexTokenIds(lower: string): TokenIdSets {
  startTokenGroup();
  addGroupText(lower);
  return { all: poolAll.slice(0, allEnd[0]), nostop: poolNostop.slice(0, nostopEnd[0]) };
}

/** The token of an id from {@link regexTokenIds} (tests, debugging). */
export function tokenOfId(id: number): string {
  return tokens[id]!;
}

/**
 * Mean Jaccard over all unordered pairs of one prompt's token id sets: the same values, in the same order, as
 * `pairwiseJaccard` over the equivalent string sets (pairs of two empty sets skipped; null for < 2 sets).
 */
export function pairwiseJaccardIds(sets: readonly Int32Array[]): number | null {
  const pool = new Int32Array(sets.reduce((a, x) => a + x.length, 0));
  const ends: number[] = [];
  for (const x of sets) {
    pool.set(x, ends.length ? ends[ends.length - 1]! : 0);
    ends.push((ends.length ? ends[ends.length - 1]! : 0) + x.length);
  }
  return pairwiseJaccardPool(pool, ends);
}

/** {@link pairwiseJaccardIds} over the current token group's `all` (or `nostop`) sets, without copying them out. */
export function groupJaccard(which: 'all' | 'nostop'): number | null {
  return which === 'all' ? pairwiseJaccardPool(poolAll, allEnd) : pairwiseJaccardPool(poolNostop, nostopEnd);
}

/** Pairwise Jaccard of the sets `pool[ends[t - 1], ends[t])` (ends[-1] = 0). */
function pairwiseJaccardPool(pool: Int32Array, ends: readonly number[]): number | null {
  const count = ends.length;
  if (count < 2) return null;
  const vals: number[] = [];
  for (let i = 0; i < count - 1; i++) {
    const a0 = i ? ends[i - 1]! : 0;
    const a1 = ends[i]!;
    if (++markGen === 0x7fffffff) {
      mark.fill(0);
      markGen = 1;
    }
    const g = markGen;
    for (let k = a0; k < a1; k++) mark[pool[k]!] = g;
    for (let j = i + 1; j < count; j++) {
      const b0 = ends[j - 1]!;
      const b1 = ends[j]!;
      const na = a1 - a0;
      const nb = b1 - b0;
      if (na === 0 && nb === 0) continue;
      let inter = 0;
      for (let k = b0; k < b1; k++) if (mark[pool[k]!] === g) inter++;
      vals.push(inter / (na + nb - inter));
    }
  }
  return mean(vals);
}
