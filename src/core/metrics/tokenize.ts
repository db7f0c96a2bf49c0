// Word tokenizers behind the lexical-overlap measures: the reference regex tokenizer of METRICS.md (default) and an
// NLTK-Treebank-like one (the paper's code used `nltk.word_tokenize`), so a view can show how much the choice matters.

import { splitSentences } from './sentences';
import { STOP_WORD_SET } from './stop-words';

/** Which tokenizer the lexical measures use. `regex` is the reference definition; `treebank` mimics NLTK. */
export type Tokenizer = 'regex' | 'treebank';

const LEXICAL_TOKEN = /[a-z0-9]+(?:'[a-z0-9]+)*/g;

/**
 * Lexical tokens of a text (METRICS.md): lowercase, map U+2019/U+2018 to `'`, take every match of
 * `[a-z0-9]+(?:'[a-z0-9]+)*`. Returned in order with repeats; callers build sets.
 */
export function regexTokens(text: string): string[] {
  return text.toLowerCase().replace(/[\u2019\u2018]/g, "'").match(LEXICAL_TOKEN) ?? [];
}

type Rule = [RegExp, string];

// A port of NLTK's improved Treebank word tokenizer (`NLTKWordTokenizer`), applied per sentence as `word_tokenize`
// does after Punkt; sentences come from our own splitter, so this is Treebank-like rather than byte-identical.
const STARTING_QUOTES: Rule[] = [
  [/([«“‘„]|`+)/gu, ' $1 '],
  [/^"/g, '``'],
  [/(``)/g, ' $1 '],
  [/([ ([{<])("|'{2})/g, '$1 `` '],
  [/(')(?!re|ve|ll|m|t|s|d|n)([\p{L}\p{N}_])\b/giu, '$1 $2'],
];
const ENDING_QUOTES: Rule[] = [
  [/([»”’])/gu, ' $1 '],
  [/''/g, " '' "],
  [/"/g, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /g, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /g, '$1 $2 '],
];
const PUNCTUATION: Rule[] = [
  [/([^.])(\.)([\])}>"']*)\s*$/gu, '$1 $2 $3 '],
  [/([:,])([^\d])/g, ' $1 $2'],
  [/([:,])$/g, ' $1 '],
  [/\.{2,}/gu, ' $& '],
  [/[;@#$%&]/g, ' $& '],
  [/[?!]/g, ' $& '],
  [/([^'])' /g, "$1 ' "],
  [/[*]/gu, ' $& '],
];
const PARENS: Rule = [/[\][(){}<>]/g, ' $& '];
const DOUBLE_DASHES: Rule = [/--/g, ' -- '];
const CONTRACTIONS: RegExp[] = [
  /\b(can)(not)\b/gi,
  /\b(d)('ye)\b/gi,
  /\b(gim)(me)\b/gi,
  /\b(gon)(na)\b/gi,
  /\b(got)(ta)\b/gi,
  /\b(lem)(me)\b/gi,
  /\b(more)('n)\b/gi,
  /\b(wan)(na)(?=\s)/gi,
  / ('t)(is)\b/gi,
  / ('t)(was)\b/gi,
];

function treebankSentence(sentence: string): string[] {
  let t = sentence;
  for (const [re, sub] of STARTING_QUOTES) t = t.replace(re, sub);
  for (const [re, sub] of PUNCTUATION) t = t.replace(re, sub);
  t = t.replace(PARENS[0], PARENS[1]).replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  t = ` ${t} `;
  for (const [re, sub] of ENDING_QUOTES) t = t.replace(re, sub);
  for (const re of CONTRACTIONS) t = t.replace(re, ' $1 $2 ');
  return t.split(/\s+/).filter((w) => w.length > 0);
}

/** NLTK-`word_tokenize`-like tokens: case kept, punctuation as tokens, contractions split (`do`, `n't`). */
export function treebankTokens(text: string): string[] {
  return splitSentences(text).flatMap(treebankSentence);
}

const ALL_PUNCT = /^[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/;

/** True for tokens `jaccard_nostop` drops: the 179 NLTK stop words, plus all-punctuation tokens for `treebank`. */
export function isStopToken(w: string, tokenizer: Tokenizer): boolean {
  return STOP_WORD_SET.has(w) || (tokenizer === 'treebank' && ALL_PUNCT.test(w));
}

/** Both token sets of a text, for `jaccard_all` and `jaccard_nostop`. */
export interface TokenSets {
  all: Set<string>;
  nostop: Set<string>;
}

/**
 * The token sets used by the pairwise Jaccard measures. `nostop` drops {@link isStopToken}; the Treebank tokens keep
 * case, so its stop-word test is case-sensitive, as the paper's `lib/nlp.py` `is_stop_word` is.
 */
export function tokenSets(text: string, tokenizer: Tokenizer = 'regex'): TokenSets {
  const all = new Set<string>();
  const nostop = new Set<string>();
  const regex = tokenizer === 'regex';
  for (const w of regex ? regexTokens(text) : treebankTokens(text)) {
    // One hash lookup per token: a repeat leaves the size unchanged (the hottest loop of a report).
    const before = all.size;
    all.add(w);
    if (all.size === before) continue;
    if (regex ? !STOP_WORD_SET.has(w) : !isStopToken(w, tokenizer)) nostop.add(w);
  }
  return { all, nostop };
}
