// Within-prompt lexical diversity measures (METRICS.md "Per-system figures"): pairwise Jaccard, distinct 5-word
// prefixes, pairwise length difference. Each takes one prompt's valid responses; aggregation is in outputs.ts.

import { prefix5, wordCount } from './format';
import { mean } from './stats';

/** |A∩B| / |A∪B|; null when both sets are empty (the pair is skipped), 0 when exactly one is. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number | null {
  if (a.size === 0 && b.size === 0) return null;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const w of small) if (large.has(w)) inter += 1;
  return inter / (a.size + b.size - inter);
}

/**
 * Mean Jaccard over all unordered pairs of one prompt's token sets (paper §4, lexical diversity; higher = less
 * diverse). Null when fewer than 2 sets or every pair is both-empty.
 */
export function pairwiseJaccard(sets: readonly ReadonlySet<string>[]): number | null {
  if (sets.length < 2) return null;
  const vals: number[] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const v = jaccard(sets[i]!, sets[j]!);
      if (v !== null) vals.push(v);
    }
  }
  return mean(vals);
}

/** (distinct first-5-word prefixes) / (responses) for one prompt; null when fewer than 2 responses. */
export function distinctPrefix5Ratio(texts: readonly string[]): number | null {
  return distinctRatio(texts.map(prefix5));
}

/** (distinct keys) / (keys), e.g. of {@link prefix5}es; null when fewer than 2 (the prompt is skipped). */
export function distinctRatio(keys: readonly string[]): number | null {
  return keys.length < 2 ? null : new Set(keys).size / keys.length;
}

/** Mean absolute word-count difference over unordered pairs of one prompt's responses; null when fewer than 2. */
export function pairwiseLenDiff(texts: readonly string[]): number | null {
  return meanPairwiseDiff(texts.map(wordCount));
}

/** Mean |a − b| over unordered pairs of `values` (word counts); null when fewer than 2. */
export function meanPairwiseDiff(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      sum += Math.abs(values[i]! - values[j]!);
      pairs += 1;
    }
  }
  return sum / pairs;
}
