// Per-response length and format measures exactly as METRICS.md defines them (the paper's `lib/metrics.py`).
import { PY_WHITESPACE } from '../io/text';

/** The whitespace-separated pieces of a text, as Python's `text.split()` (no empty pieces). */
export function words(text: string): string[] {
  return text.split(PY_WHITESPACE).filter((w) => w.length > 0);
}

/** Number of words of a text (`len(text.split())`), METRICS.md "Words of a text". */
export function wordCount(text: string): number {
  return words(text).length;
}

/**
 * Length of the numbered list in a text: walk the lowercased text's lines (split on `\n`, not stripped) with a
 * counter c from 0; a line starting with `${c+1}. ` increments c. An indented `"  1. x"` does not count.
 */
export function numberedListLength(text: string): number {
  let c = 0;
  for (const line of text.toLowerCase().split('\n')) {
    if (line.startsWith(`${c + 1}. `)) c += 1;
  }
  return c;
}

/** True when the response holds a numbered list of length ≥ 2 (`frac_numbered_list`). */
export function isNumberedList(text: string): boolean {
  return numberedListLength(text) >= 2;
}

/** Number of lines (split on `\n`, not stripped) starting with `- `. */
export function bulletListLength(text: string): number {
  let c = 0;
  for (const line of text.split('\n')) if (line.startsWith('- ')) c += 1;
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

/** True when the lowercased text contains any {@link ABSTAIN_PHRASES} (`frac_abstain`). */
export function isAbstain(text: string): boolean {
  const t = text.toLowerCase();
  return ABSTAIN_PHRASES.some((p) => t.includes(p));
}

/** The first five words joined by one space (the key of `distinct_prefix5_ratio`). */
export function prefix5(text: string): string {
  return words(text).slice(0, 5).join(' ');
}
