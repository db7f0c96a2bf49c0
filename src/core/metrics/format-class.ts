// One format category per response (refusal, numbered list, bullet list, prose, empty): what a map can colour
// samples by, with the same tests as the format measures of METRICS.md.
import { isAbstain, isBulletList, isNumberedList, wordCount } from './format';

/** The categories, in legend order; a response is counted in the first that applies. */
export const FORMAT_CLASSES = ['refuses', 'numbered list', 'bullet list', 'prose', 'empty'] as const;
export type FormatClass = (typeof FORMAT_CLASSES)[number];

/**
 * The category of `text`: `empty` without words, else `refuses` when it contains an abstention phrase (`frac_abstain`),
 * else `numbered list` / `bullet list` as `frac_numbered_list` / `frac_bullet_list` test them, else `prose`.
 */
export function formatClass(text: string | null): FormatClass {
  if (text === null || wordCount(text) === 0) return 'empty';
  if (isAbstain(text)) return 'refuses';
  if (isNumberedList(text)) return 'numbered list';
  if (isBulletList(text)) return 'bullet list';
  return 'prose';
}
