// Per-response length and format measures exactly as METRICS.md defines them (the paper's `lib/metrics.py`).
import { isPyWhitespace } from '../io/text';

/**
 * The first `limit` whitespace-separated pieces of a text, as Python's `text.split()[:limit]` (no empty pieces).
 * A scan over code units, not a regex split: word counts run over every response several times per report.
 */
export function words(text: string, limit = Infinity): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length && out.length < limit; i++) {
    if (isPyWhitespace(text.charCodeAt(i))) {
      if (start >= 0) out.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0 && out.length < limit) out.push(text.slice(start));
  return out;
}

/** Number of words of a text (`len(text.split())`), METRICS.md "Words of a text"; counts without building them. */
export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isPyWhitespace(text.charCodeAt(i));
    if (!space && !inWord) n += 1;
    inWord = !space;
  }
  return n;
}

/**
 * Length of the numbered list in a text: walk the lowercased text's lines (split on `\n`, not stripped) with a
 * counter c from 0; a line starting with `${c+1}. ` increments c. An indented `"  1. x"` does not count.
 */
export function numberedListLength(text: string): number {
  return walkNumbered(text.toLowerCase());
}

/** True when the response holds a numbered list of length ≥ 2 (`frac_numbered_list`). */
export function isNumberedList(text: string): boolean {
  return numberedListLength(text) >= 2;
}

/** Number of lines (split on `\n`, not stripped) starting with `- `. */
export function bulletListLength(text: string): number {
  let c = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.startsWith('- ', start)) c += 1;
    start = end + 1;
  }
  return c;
}

/** True when the response has ≥ 2 lines starting with `- ` (`frac_bullet_list`). */
export function isBulletList(text: string): boolean {
  return bulletListLength(text) >= 2;
}

/** The paper's abstention phrases (ASCII apostrophes), matched as substrings of the lowercased text. */
export const ABSTAIN_PHRASES: readonly string[] = [
  'ai language model',
  'cannot have personal',
  "can't have personal",
  "don't have personal",
  'do not have personal',
  'cannot provide personal',
  "can't provide personal",
  'cannot condone',
  "can't condone",
];

// One scan instead of nine substring searches; the phrases hold no regex metacharacters.
const ABSTAIN_RE = new RegExp(ABSTAIN_PHRASES.join('|'));

/** True when the lowercased text contains any {@link ABSTAIN_PHRASES} (`frac_abstain`). */
export function isAbstain(text: string): boolean {
  return ABSTAIN_RE.test(text.toLowerCase());
}

/** Everything the length and format measures need of one text (METRICS.md), computed in one pass each. */
export interface TextFacts {
  /** {@link wordCount}. */
  words: number;
  /** {@link prefix5}. */
  prefix5: string;
  /** {@link isNumberedList}. */
  numbered: boolean;
  /** {@link isBulletList}. */
  bullet: boolean;
  /** {@link isAbstain}. */
  abstain: boolean;
}

/**
 * The {@link TextFacts} of a text; equal to calling each measure on it, with the lowercase copy made once (`lower`:
 * `text.toLowerCase()`, and `words`: its {@link wordCount}, when the caller has them already).
 */
export function textFacts(text: string, lower = text.toLowerCase(), words = wordCount(text)): TextFacts {
  // Lowercasing may change the length (U+0130 → two code units), so each walk indexes its own string.
  return { words, prefix5: prefix5(text), numbered: walkNumbered(lower) >= 2, bullet: bulletListLength(text) >= 2, abstain: ABSTAIN_RE.test(lower) };
}

/** {@link numberedListLength} of an already lowercased text, walking its lines in place (no split). */
function walkNumbered(lower: string): number {
  let c = 0;
  for (let start = 0; start <= lower.length; ) {
    let end = lower.indexOf('\n', start);
    if (end < 0) end = lower.length;
    // The marker holds no \n, so a match at `start` lies inside this line.
    if (lower.startsWith(`${c + 1}. `, start)) c += 1;
    start = end + 1;
  }
  return c;
}

/** The first five words joined by one space (the key of `distinct_prefix5_ratio`). */
export function prefix5(text: string): string {
  return words(text, 5).join(' ');
}
