// Tests for per-sentence coverage: matches the core coverage share and handles empty responses.
import { describe, expect, it } from 'vitest';
import { coverage } from './semantic';
import { sentenceMatches } from './sentence-coverage';

/** A toy embedding: one axis per distinct first word, so sentences starting alike are identical. */
const embed = async (texts: string[]) => {
  const words = [...new Set(texts.map((t) => t.split(' ')[0]!.toLowerCase()))];
  const out = new Float32Array(texts.length * words.length);
  texts.forEach((t, i) => (out[i * words.length + words.indexOf(t.split(' ')[0]!.toLowerCase())] = 1));
  return out;
};

describe('sentenceMatches', () => {
  it('marks base sentences covered by the other response, agreeing with core coverage', async () => {
    const base = 'Rest a lot. Drink water often. Ginger tea helps.';
    const aligned = 'Drink plenty of fluids. Rest and sleep.';
    const m = await sentenceMatches(base, aligned, embed, 0.8);
    expect(m.map((x) => x.covered)).toEqual([true, true, false]);
    expect(m[1]!.match).toBe('Drink plenty of fluids.');
    const other = 'Ginger works. Sleep well.';
    const core = await coverage([{ prompt: 0, base: [base, other], aligned }], embed, 0.8);
    const m2 = await sentenceMatches(other, aligned, embed, 0.8);
    const share = (xs: { covered: boolean }[]) => xs.filter((x) => x.covered).length / xs.length;
    expect(core.byAligned).toBeCloseTo((share(m) + share(m2)) / 2, 6);
  });

  it('gives no matches against an empty response and nothing for an empty base', async () => {
    expect(await sentenceMatches('One. Two.', '', embed, 0.8)).toEqual([
      { sentence: 'One.', best: -1, match: null, covered: false },
      { sentence: 'Two.', best: -1, match: null, covered: false },
    ]);
    expect(await sentenceMatches('', 'Two.', embed, 0.8)).toEqual([]);
  });
});
