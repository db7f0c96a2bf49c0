// Measurer service on a tiny built dataset: overview tables, per-prompt rows, keyed datasets and the error path.
import { describe, expect, it } from 'vitest';
import { makeDataset, makeSample } from '../../core/model/builders';
import { Measurer } from './measurer';

const ds = makeDataset({
  samples: [
    makeSample({ system: 'a', prompt: 0, index: 0, text: 'one two three' }),
    makeSample({ system: 'a', prompt: 0, index: 1, text: 'one two four' }),
    makeSample({ system: 'b', prompt: 0, index: 0, text: '1. x\n2. y' }),
  ],
});

describe('Measurer', () => {
  it('computes the overview of a dataset', () => {
    const o = new Measurer().measure(ds);
    expect(o.outputs.map((r) => r.system)).toEqual(['a', 'b']);
    expect(o.outputs[0]!.jaccard_all).toBeCloseTo(2 / 4);
    expect(o.outputs[1]!.frac_numbered_list).toBe(1);
    expect(o.tokenizer).toBe('regex');
  });
  it('holds datasets by key and answers per prompt', () => {
    const m = new Measurer();
    m.setDataset('k', ds);
    expect(m.hasDataset('k')).toBe(true);
    expect(m.overview('k', { systems: ['b'] }).outputs).toHaveLength(1);
    const rows = m.prompt('k', 0);
    expect(rows.map((r) => [r.system, r.n_valid])).toEqual([['a', 2], ['b', 1]]);
    expect(m.prompt('k', 7)).toEqual([]);
  });
  it('drops a held dataset, so later calls on its key fail and its samples can be freed', () => {
    const m = new Measurer();
    m.setDataset('k#1', ds);
    m.setDataset('j#1', ds);
    expect(m.drop('k#1')).toBe(true);
    expect(m.hasDataset('k#1')).toBe(false);
    expect(m.heldKeys()).toEqual(['j#1']);
    expect(() => m.overview('k#1')).toThrow(/no dataset "k#1"/);
    expect(() => m.promptReport('k#1', 'outputs', 0, ['a'])).toThrow(/no dataset/);
    expect(m.drop('k#1')).toBe(false);
  });
  it('throws for an unknown key (a rejected promise through Comlink)', () => {
    expect(() => new Measurer().overview('nope')).toThrow(/no dataset "nope"/);
  });
});
