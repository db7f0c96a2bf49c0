// Pins the per-system rows on hand-made samples: failed samples, one-sample prompts, sample0, histograms.
import { describe, expect, it } from 'vitest';
import { systemId } from '../model/ids';
import type { BertScoreFile, Sample } from '../model/types';
import { bertscoreRow } from './bertscore';
import { datasetId } from '../model/ids';
import type { Dataset } from '../model/types';
import { outputsRow, outputsTable, outputsTables, promptMeasures, sample0Row, sample0Table, type TableFilter } from './outputs';

const sys = systemId('s');
const smp = (prompt: number, index: number, text: string | null): Sample => ({
  prompt,
  system: sys,
  split: 'outputs',
  index,
  text,
  ...(text === null ? { error: 'validation' } : {}),
});
const ids = { dataset: 'D', split: 'outputs', system: 's' };

describe('outputsRow', () => {
  const samples = [
    smp(0, 0, 'p q r'),
    smp(0, 1, 'p q u v'),
    smp(0, 2, null),
    smp(1, 0, null),
    smp(1, 1, '1. x\n2. y'),
    smp(2, 0, 'As an AI language model'),
    smp(2, 1, 'As an AI language model'),
  ];
  const r = outputsRow(ids, samples);
  it('counts lines, samples, errors', () => {
    expect(r.n_prompts).toBe(3);
    expect(r.samples_per_prompt).toEqual({ '3': 1, '2': 2 });
    expect(r.n_responses).toBe(5);
    expect(r.n_errors).toBe(2);
  });
  it('length and format figures over valid responses', () => {
    expect(r.mean_words).toBeCloseTo((3 + 4 + 4 + 5 + 5) / 5);
    expect(r.median_words).toBe(4);
    expect(r.frac_numbered_list).toBeCloseTo(1 / 5);
    expect(r.frac_abstain).toBeCloseTo(2 / 5);
  });
  it('within-prompt figures skip prompts with < 2 valid responses', () => {
    // prompt 0: {p,q,r} vs {p,q,u,v} = 2/5; prompt 2: identical = 1 (also without the stop words as, an)
    expect(r.jaccard_all).toBeCloseTo((2 / 5 + 1) / 2);
    expect(r.jaccard_nostop).toBeCloseTo((2 / 5 + 1) / 2);
    // "a" and "d" are NLTK stop words: {b,c} vs {b,e} = 1/3
    expect(outputsRow(ids, [smp(0, 0, 'a b c'), smp(0, 1, 'a b d e')]).jaccard_nostop).toBeCloseTo(1 / 3);
    expect(r.distinct_prefix5_ratio).toBeCloseTo((1 + 0.5) / 2);
    expect(r.mean_pairwise_len_diff).toBeCloseTo((1 + 0) / 2);
  });
  it('a one-sample system has no within-prompt figures', () => {
    const one = outputsRow(ids, [smp(0, 0, 'x'), smp(1, 0, 'y z')]);
    expect(one.jaccard_all).toBeNull();
    expect(one.distinct_prefix5_ratio).toBeNull();
    expect(one.samples_per_prompt).toEqual({ '1': 2 });
  });
  it('an ok:false line counts as 0 samples and 1 error', () => {
    const r2 = outputsRow(ids, [smp(0, 0, 'x'), { ...smp(1, 0, null), lineFailed: true }]);
    expect(r2.samples_per_prompt).toEqual({ '1': 1, '0': 1 });
    expect([r2.n_prompts, r2.n_errors, r2.n_responses]).toEqual([2, 1, 1]);
  });
  it('an all-failed system has counts and no values', () => {
    const none = outputsRow(ids, [smp(0, 0, null)]);
    expect(none.n_errors).toBe(1);
    expect(none.mean_words).toBeNull();
    expect(none.frac_abstain).toBeNull();
  });
});

describe('sample0Row', () => {
  it('uses only the first sample of each line, if valid', () => {
    const r = sample0Row(ids, [smp(0, 0, 'a b'), smp(0, 1, 'a b c d'), smp(1, 0, null), smp(1, 1, 'x')]);
    expect(r.n_valid).toBe(1);
    expect(r.mean_words).toBe(2);
  });
});

describe('promptMeasures', () => {
  it('reports one prompt', () => {
    const m = promptMeasures(0, [smp(0, 1, 'b'), smp(0, 0, 'a')]);
    expect(m.n_valid).toBe(2);
    expect(m.jaccard_all).toBe(0);
  });
});

describe('bertscoreRow', () => {
  const f = (ref: string, alt: string): BertScoreFile => ({
    pair: `${ref}--${alt}`,
    ref: systemId(ref),
    alt: systemId(alt),
    hashcode: 'h',
    rows: [0, 1, 2].map((i) => ({ refSample: 0, altSample: i, precision: i === 0 ? 1 : 0.5, recall: 0.5, f1: 0.5 })),
  });
  it('drops text-vs-itself rows only for self pairs', () => {
    const self = bertscoreRow('D', f('a', 'a'));
    expect([self.rows, self.rows_used, self.P]).toEqual([3, 2, 0.5]);
    const other = bertscoreRow('D', f('a', 'b'));
    expect([other.rows_used, other.P]).toEqual([3, 2 / 3]);
    expect(other.hashcode).toBe('h');
  });
});

describe('outputsTables', () => {
  it('gives outputsTable and the sample0Table rows of the same systems from one pass, whatever the sample order', () => {
    const other = systemId('t');
    const mk = (system: typeof sys, split: string, prompt: number, index: number, text: string | null): Sample => ({ ...smp(prompt, index, text), system, split });
    // Out of order, a failed line, a duplicate index 0, non-ASCII case and an empty text: the cases where passes differ.
    const samples = [
      mk(sys, 'outputs', 1, 1, '- a\n- b'),
      mk(other, 'outputs', 0, 0, 'Zebra İstanbul KELVIN \u212A'),
      mk(sys, 'outputs', 0, 0, 'As an AI language model, no.'),
      mk(sys, 'outputs-temp0', 0, 0, '1. x\n2. y'),
      mk(sys, 'outputs', 1, 0, null),
      mk(other, 'outputs', 0, 0, 'zebra again'),
      mk(sys, 'outputs', 0, 1, ''),
      { ...mk(sys, 'outputs', 2, 0, null), lineFailed: true },
      mk(other, 'outputs', 1, 2, 'one two three four five six'),
    ];
    const ds: Dataset = { id: datasetId('D'), prompts: [], systems: [], samples, judges: [], bertscore: [], summaries: [] };
    const filters: TableFilter[] = [{}, { split: 'outputs' }, { systems: ['t'] }, { tokenizer: 'treebank' }];
    for (const opts of filters) {
      const keep = (r: { split: string; system: string }) => (!opts.split || r.split === opts.split) && (!opts.systems || opts.systems.includes(r.system));
      expect(outputsTables(ds, opts)).toEqual({ outputs: outputsTable(ds, opts), sample0: sample0Table(ds).filter(keep) });
    }
    expect(outputsTables(ds).sample0.map((r) => [r.split, r.system, r.n_valid])).toEqual([['outputs', 's', 1], ['outputs', 't', 2], ['outputs-temp0', 's', 1]]);
  });
});
