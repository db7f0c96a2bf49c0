// Pins tokenization and the within-prompt lexical measures to METRICS.md on hand-made cases.
import { describe, expect, it } from 'vitest';
import { distinctPrefix5Ratio, jaccard, pairwiseJaccard, pairwiseLenDiff } from './lexical';
import { NLTK_STOP_WORDS } from './stop-words';
import { regexTokens, tokenSets, treebankTokens } from './tokenize';

describe('regexTokens', () => {
  it('lowercases, maps curly apostrophes and keeps inner apostrophes', () => {
    expect(regexTokens('Don\u2019t STOP, it\u2018s 2 o\'clock!')).toEqual(["don't", 'stop', "it's", '2', "o'clock"]);
    expect(regexTokens("rock 'n' roll's")).toEqual(['rock', 'n', "roll's"]);
    expect(regexTokens('café naïve')).toEqual(['caf', 'na', 've']);
    expect(regexTokens('')).toEqual([]);
  });
});

describe('stop words', () => {
  it('has the 179 NLTK English words', () => {
    expect(NLTK_STOP_WORDS).toHaveLength(179);
    expect(new Set(NLTK_STOP_WORDS).size).toBe(179);
    expect(NLTK_STOP_WORDS.slice(0, 3)).toEqual(['i', 'me', 'my']);
    expect(NLTK_STOP_WORDS.at(-1)).toBe("wouldn't");
  });
  it('nostop removes them from the regex tokens', () => {
    const s = tokenSets("I don't like the cats");
    expect([...s.all]).toEqual(['i', "don't", 'like', 'the', 'cats']);
    expect([...s.nostop]).toEqual(['like', 'cats']);
  });
});

describe('treebankTokens', () => {
  it('keeps case, splits punctuation and contractions', () => {
    expect(treebankTokens("I don't know. Cannot say, \"really\"!")).toEqual([
      'I', 'do', "n't", 'know', '.', 'Can', 'not', 'say', ',', '``', 'really', "''", '!',
    ]);
  });
  it('nostop drops punctuation and case-sensitive stop words', () => {
    const s = tokenSets('The cat, the dog.', 'treebank');
    expect([...s.nostop]).toEqual(['The', 'cat', 'dog']);
  });
});

describe('jaccard', () => {
  const S = (...w: string[]) => new Set(w);
  it('handles empty sets as METRICS.md says', () => {
    expect(jaccard(S(), S())).toBeNull();
    expect(jaccard(S('a'), S())).toBe(0);
    expect(jaccard(S('a', 'b'), S('b', 'c'))).toBeCloseTo(1 / 3);
  });
  it('pairwise: skips both-empty pairs, needs ≥ 2 sets', () => {
    expect(pairwiseJaccard([S('a')])).toBeNull();
    expect(pairwiseJaccard([S(), S()])).toBeNull();
    // pairs: (a,a)=1, (a,∅)=0, (a,∅)=0, (∅,∅) skipped
    expect(pairwiseJaccard([S('a'), S('a'), S()])).toBeCloseTo(1 / 3);
    expect(pairwiseJaccard([S('a'), S(), S()])).toBe(0);
  });
});

describe('prefix and length', () => {
  it('distinct 5-word prefixes over responses', () => {
    expect(distinctPrefix5Ratio(['a b c d e f', 'a b c d e g', 'x'])).toBeCloseTo(2 / 3);
    expect(distinctPrefix5Ratio(['one'])).toBeNull();
  });
  it('mean absolute word-count difference over pairs', () => {
    expect(pairwiseLenDiff(['a', 'a b c', 'a b c d'])).toBeCloseTo((2 + 3 + 1) / 3);
    expect(pairwiseLenDiff(['a'])).toBeNull();
  });
});
