// Per-sentence coverage of one base sample by one other response (paper §5, the picture behind the coverage share).

import { cosineBlock, normalizeRows } from '../similarity/cosine';
import type { EmbedFn } from './semantic';
import { splitSentences } from './sentences';

/** One sentence of the base sample and how well the other response covers it. */
export interface SentenceMatch {
  sentence: string;
  /** Highest cosine to any sentence of the other response (−1 when it has none). */
  best: number;
  /** The other response's sentence that reaches `best`, or null. */
  match: string | null;
  /** `best ≥ threshold`: the sentence counts as covered (as in core `coverage`). */
  covered: boolean;
}

/**
 * Splits `base` and `other` into sentences ({@link splitSentences}) and, for each base sentence, finds its most similar
 * sentence of `other` by cosine of `embed`'s vectors (one call for all sentences). The share of `covered` sentences is
 * the per-pair figure that core `coverage` averages.
 */
export async function sentenceMatches(base: string, other: string, embed: EmbedFn, threshold: number): Promise<SentenceMatch[]> {
  const b = splitSentences(base);
  const o = splitSentences(other);
  if (!b.length) return [];
  if (!o.length) return b.map((sentence) => ({ sentence, best: -1, match: null, covered: false }));
  const all = [...b, ...o];
  const flat = await embed(all);
  const dim = flat.length / all.length;
  if (!Number.isInteger(dim) || dim === 0) throw new Error(`sentenceMatches: embed returned ${flat.length} values for ${all.length} texts`);
  const unit = normalizeRows({ data: flat, n: all.length, dim });
  const sims = cosineBlock(unit, 0, b.length, b.length, all.length);
  return b.map((sentence, i) => {
    let best = -Infinity;
    let at = -1;
    for (let j = 0; j < o.length; j++) if (sims[i * o.length + j]! > best) [best, at] = [sims[i * o.length + j]!, j];
    return { sentence, best, match: o[at] ?? null, covered: best >= threshold };
  });
}
