// The interned-id tokenizer must give exactly the reference regex tokenizer's sets, and the same Jaccard values.
import { describe, expect, it } from 'vitest';
import { importPaperData } from '../io/paper-layout';
import { nodeSource } from '../../node/fs-source';
import { paperDataDir } from '../../node/paper-data';
import { pairwiseJaccard } from './lexical';
import { addGroupText, groupJaccard, pairwiseJaccardIds, regexTokenIds, startTokenGroup, tokenOfId } from './token-ids';
import { wordCount } from './format';
import { tokenSets } from './tokenize';

/** The id sets of a text as string sets, in first-seen order. */
function asStrings(text: string): { all: string[]; nostop: string[] } {
  const ids = regexTokenIds(text.toLowerCase());
  return { all: [...ids.all].map(tokenOfId), nostop: [...ids.nostop].map(tokenOfId) };
}

function expectSame(text: string): void {
  const ref = tokenSets(text, 'regex');
  expect(asStrings(text), JSON.stringify(text)).toEqual({ all: [...ref.all], nostop: [...ref.nostop] });
  // The same scan counts the words, over the lowercase text.
  startTokenGroup();
  expect(addGroupText(text.toLowerCase()), JSON.stringify(text)).toBe(wordCount(text));
}

describe('regexTokenIds', () => {
  it('matches the regex tokenizer on apostrophes, curly quotes, case and odd Unicode', () => {
    for (const t of [
      '',
      "Don't stop: it's rock'n'roll, isn't it?",
      'don’t ‘quote’ ’tis rock‘n‘roll',
      "'lead trail' a''b c'' 'd e'f'g'",
      'KELVIN \u212A and İstanbul, ÀÉÎ café naïve',
      'x'.repeat(40) + " y'" + 'z'.repeat(3),
      'THE the The tHe a an 123 4.5 6,7 1e9',
      "ends with apostrophe'",
      '日本語 text ＡＢＣ ǅ ß',
    ]) expectSame(t);
  });

  it('matches it on random text over a small alphabet (many repeats, apostrophes in every position)', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 1000) / 1000;
    const alphabet = ['a', 'b', 'I', 'İ', '\u00a0', '\u2003', '\x1c', '\u0085', '\u3000', '\u2028', '\t', '.', "'", '’', '‘', ' ', '\n', '-', '0', 'K', '\u212A', 'the'];
    for (let n = 0; n < 300; n++) {
      let t = '';
      for (let k = 0; k < 40; k++) t += alphabet[Math.floor(rnd() * alphabet.length)];
      expectSame(t);
    }
  });

  it('matches it on every LIMA-OE response of the paper data', async () => {
    const res = await importPaperData(nodeSource(paperDataDir()), { datasets: ['LIMA-OE'] });
    const texts = res.datasets[0]!.samples.flatMap((s) => (s.text === null ? [] : [s.text]));
    expect(texts.length).toBeGreaterThan(1000);
    for (const t of texts) {
      const ref = tokenSets(t, 'regex');
      const got = asStrings(t);
      startTokenGroup();
      if (addGroupText(t.toLowerCase()) !== wordCount(t)) expectSame(t);
      if (got.all.length !== ref.all.size || got.nostop.length !== ref.nostop.size) expectSame(t);
      else for (const w of got.all) if (!ref.all.has(w)) expectSame(t);
    }
  });
});

describe('pairwiseJaccardIds', () => {
  it('gives exactly pairwiseJaccard of the string sets, empty sets included', () => {
    const groups = [
      ['a b c', 'b c d', 'c d e f', ''],
      ['', ''],
      ['', 'x'],
      ['same words here', 'same words here', 'Same, WORDS here!'],
      ['one'],
    ];
    for (const g of groups) {
      const ids = g.map((t) => regexTokenIds(t.toLowerCase()));
      const sets = g.map((t) => tokenSets(t, 'regex'));
      expect(pairwiseJaccardIds(ids.map((s) => s.all))).toBe(pairwiseJaccard(sets.map((s) => s.all)));
      expect(pairwiseJaccardIds(ids.map((s) => s.nostop))).toBe(pairwiseJaccard(sets.map((s) => s.nostop)));
      // The same through a token group (one pool for the prompt's texts, as the outputs table uses it).
      startTokenGroup();
      for (const t of g) addGroupText(t.toLowerCase());
      expect(groupJaccard('all')).toBe(pairwiseJaccard(sets.map((s) => s.all)));
      expect(groupJaccard('nostop')).toBe(pairwiseJaccard(sets.map((s) => s.nostop)));
    }
  });
});
