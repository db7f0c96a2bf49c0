// The reference regex tokenizer's token sets as interned integer ids, and pairwise Jaccard over them: the same sets
// and the same numbers as `tokenSets(text, 'regex')` + `pairwiseJaccard`, without a string and a hash per token
// (the hottest loop of a report: every response of every system is tokenised).

import { mean } from './stats';
import { STOP_WORD_SET } from './stop-words';

/** A text's distinct tokens as ids (first-seen order), and the ones that are not stop words (`jaccard_nostop`). */
export interface TokenIdSets {
  all: Int32Array;
  nostop: Int32Array;
}

// The vocabulary: id → token, id → stop word?, and an open-addressing table hash → id. Grows, never shrinks: ids stay
// valid for the life of the module (one process or worker), and a paper report's vocabulary is ~10^5 tokens.
const tokens: string[] = [];
let isStop = new Uint8Array(1024);
let slots = new Int32Array(1 << 12).fill(-1);
let slotHash = new Int32Array(1 << 12);
// Per-id stamps: `seen` dedupes one text's tokens, `mark` holds one set during an intersection count.
let seen = new Int32Array(1024);
let mark = new Int32Array(1024);
let seenGen = 0;
let markGen = 0;

const APOS = 39;
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
/** U+2019 and U+2018 count as `'` (METRICS.md maps them before matching). */
const isApos = (c: number) => c === APOS || c === 0x2019 || c === 0x2018;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

function growIds(): void {
  const n = isStop.length * 2;
  const grow = (a: Int32Array) => {
    const b = new Int32Array(n);
    b.set(a);
    return b;
  };
  const s = new Uint8Array(n);
  s.set(isStop);
  isStop = s;
  seen = grow(seen);
  mark = grow(mark);
}

function rehash(): void {
  const size = slots.length * 2;
  const ns = new Int32Array(size).fill(-1);
  const nh = new Int32Array(size);
  for (let i = 0; i < slots.length; i++) {
    const id = slots[i]!;
    if (id < 0) continue;
    let j = slotHash[i]! & (size - 1);
    while (ns[j]! >= 0) j = (j + 1) & (size - 1);
    ns[j] = id;
    nh[j] = slotHash[i]!;
  }
  slots = ns;
  slotHash = nh;
}

/** Whether token `t` equals `lower[start, end)` with curly apostrophes read as `'`. */
function sameToken(t: string, lower: string, start: number, end: number): boolean {
  if (t.length !== end - start) return false;
  for (let k = 0; k < t.length; k++) {
    const c = lower.charCodeAt(start + k);
    if (t.charCodeAt(k) !== (isApos(c) ? APOS : c)) return false;
  }
  return true;
}

/** The id of the token `lower[start, end)` (hash `h`), added to the vocabulary when new. */
function intern(lower: string, start: number, end: number, h: number): number {
  const mask = slots.length - 1;
  let j = h & mask;
  for (;;) {
    const id = slots[j]!;
    if (id < 0) break;
    if (slotHash[j] === h && sameToken(tokens[id]!, lower, start, end)) return id;
    j = (j + 1) & mask;
  }
  const raw = lower.slice(start, end);
  const tok = raw.includes('\u2019') || raw.includes('\u2018') ? raw.replace(/[\u2019\u2018]/g, "'") : raw;
  const id = tokens.length;
  tokens.push(tok);
  if (id >= isStop.length) growIds();
  isStop[id] = STOP_WORD_SET.has(tok) ? 1 : 0;
  slots[j] = id;
  slotHash[j] = h;
  if (tokens.length * 2 > slots.length) rehash();
  return id;
}

/**
 * The token sets of an already lowercased text (`text.toLowerCase()`), equal as sets to `tokenSets(text, 'regex')`:
 * every match of `[a-z0-9]+(?:'[a-z0-9]+)*` after mapping U+2019/U+2018 to `'`, scanned by hand (a greedy match
 * never backtracks here: each part is a maximal run).
 */
export function regexTokenIds(lower: string): TokenIdSets {
  if (++seenGen === 0x7fffffff) {
    seen.fill(0);
    seenGen = 1;
  }
  const gen = seenGen;
  const all: number[] = [];
  const nostop: number[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (!isAlnum(c)) {
      i++;
      continue;
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
      all.push(id);
      if (!isStop[id]) nostop.push(id);
    }
  }
  return { all: new Int32Array(all), nostop: new Int32Array(nostop) };
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
  if (sets.length < 2) return null;
  const vals: number[] = [];
  for (let i = 0; i < sets.length - 1; i++) {
    const a = sets[i]!;
    if (++markGen === 0x7fffffff) {
      mark.fill(0);
      markGen = 1;
    }
    const g = markGen;
    for (let k = 0; k < a.length; k++) mark[a[k]!] = g;
    for (let j = i + 1; j < sets.length; j++) {
      const b = sets[j]!;
      if (a.length === 0 && b.length === 0) continue;
      let inter = 0;
      for (let k = 0; k < b.length; k++) if (mark[b[k]!] === g) inter++;
      vals.push(inter / (a.length + b.length - inter));
    }
  }
  return mean(vals);
}
