// Per-prompt report on built data: measures equal core's promptMeasures, judges attach to the right column and sample.
import { describe, expect, it } from 'vitest';
import { promptMeasures } from '../../core/metrics/outputs';
import { makeDataset, makeSample } from '../../core/model/builders';
import { systemId } from '../../core/model/ids';
import type { JudgeKind, JudgeRecord } from '../../core/model/types';
import { Measurer } from './measurer';

const judge = (kind: JudgeKind, name: string, prompt: number, sample: number, line: number, content: unknown): JudgeRecord => ({
  kind,
  name,
  prompt,
  sample,
  line,
  content: content === null ? null : JSON.stringify(content),
});
const quality = (h: string, reason = 'why') => ({
  helpfulness: { score: h, reason },
  clarity: { score: '4', reason },
  factuality: { score: '4', reason },
  depth: { score: 'N/A', reason },
  engagement: { score: '2', reason },
});

const ds = makeDataset({
  samples: [
    makeSample({ system: 'llama-2-chat', prompt: 0, index: 0, text: 'the cat sat on a mat' }),
    makeSample({ system: 'llama-2-chat', prompt: 0, index: 1, text: 'the dog sat\n1. a\n2. b' }),
    makeSample({ system: 'llama-2-chat', prompt: 0, index: 2, text: null }),
    makeSample({ system: 'llama-2-chat', prompt: 1, index: 0, text: 'other prompt' }),
    makeSample({ system: 'llama-2-base', prompt: 0, index: 0, text: 'as an ai language model I cannot' }),
    makeSample({ system: 'llama-2-base', prompt: 0, index: 1, text: 'yes indeed' }),
    makeSample({ system: 'llama-2-base', prompt: 0, index: 0, split: 'outputs-temp0', text: 'greedy' }),
  ],
  judges: [
    judge('eval-quality', 'llama-2-chat', 0, 0, 0, quality('5')),
    judge('eval-quality', 'llama-2-chat', 0, 1, 1, quality('3')),
    judge('eval-quality', 'llama-2-chat', 1, 0, 2, quality('1')),
    judge('eval-stance', 'llama-2-base', 0, 0, 0, { stance: ' Yes', reason: 'r0' }),
    judge('eval-stance', 'llama-2-base', 0, 1, 1, { stance: 'no' }),
    judge('eval-missing', 'ref_llama-2-chat--alt_llama-2-base', 0, 1, 1, { score: 4, reason: 'adds' }),
    judge('extract-topics', 'ref_llama-2-chat--alt_llama-2-base', 0, 0, 0, {
      topics: [{ name: 't1', response: 'A' }, { name: 't2', response: 'both' }, { name: 't3', response: 'A' }],
    }),
  ],
  bertscore: [
    {
      pair: 'llama-2-chat--llama-2-base',
      ref: systemId('llama-2-chat'),
      alt: systemId('llama-2-base'),
      rows: [
        { prompt: 0, refSample: 0, altSample: 0, precision: 0.8, recall: 0.8, f1: 0.8 },
        { prompt: 0, refSample: 0, altSample: 1, precision: 0.9, recall: 0.9, f1: 0.9 },
        { prompt: 1, refSample: 0, altSample: 0, precision: 0.1, recall: 0.1, f1: 0.1 },
      ],
    },
  ],
  summaries: [
    { split: 'summaries-outputs', source: systemId('llama-2-chat'), prompt: 0, text: 'Two sentence hint. Here.' },
    { split: 'summaries-outputs-temp0', source: systemId('llama-2-chat'), prompt: 0, text: 'greedy hint' },
    { split: 'summaries-outputs', source: systemId('llama-2-chat'), prompt: 1, text: 'other' },
  ],
});

const m = new Measurer();
m.setDataset('k', ds);

describe('Measurer.promptReport', () => {
  const r = m.promptReport('k', 'outputs', 0, ['llama-2-base', 'llama-2-chat', 'gpt-3.5-turbo']);
  const [base, chat, absent] = r.columns;

  it('keeps the requested order and gives core measures of the prompt', () => {
    expect(r.columns.map((c) => c.system)).toEqual(['llama-2-base', 'llama-2-chat', 'gpt-3.5-turbo']);
    const expected = promptMeasures(0, ds.samples.filter((s) => s.system === 'llama-2-chat' && s.prompt === 0 && s.split === 'outputs'));
    expect(chat!.measures).toEqual(expected);
    expect(chat!.measures!.n_valid).toBe(2);
    expect(chat!.n_errors).toBe(1);
    expect(chat!.measures!.frac_numbered_list).toBe(0.5);
    expect(base!.measures!.frac_abstain).toBe(0.5);
    expect(absent!.measures).toBeNull();
  });

  it('attaches quality per sample with reasons, and aggregates only this prompt', () => {
    expect(chat!.samples.map((s) => s.quality?.helpfulness.score)).toEqual([5, 3]);
    expect(chat!.samples[0]!.quality!.depth).toEqual({ score: null, reason: 'why' });
    expect(chat!.quality!.helpfulness_all).toBe(4);
    expect(chat!.quality!.depth_all).toBeNull();
    expect(chat!.quality!.avg5_all).toBeNull();
  });

  it('gives stance labels and the pluralism flags of the prompt', () => {
    expect(base!.samples.map((s) => s.stance)).toEqual([
      { stance: 'yes', reason: 'r0' },
      { stance: 'no', reason: null },
    ]);
    expect(base!.stance!.frac_prompts_yes_and_no).toBe(1);
    expect(base!.stance!.frac_prompts_any_both).toBe(0);
  });

  it('puts pairwise judges and BERTScore on the alt column', () => {
    expect(base!.samples[1]!.missing).toEqual([{ name: 'ref_llama-2-chat--alt_llama-2-base', ref: 'llama-2-chat', score: 4, reason: 'adds' }]);
    expect(base!.samples[0]!.topics[0]!.counts).toEqual({ A: 2, B: 0, both: 1 });
    expect(base!.samples[0]!.topics[0]!.names!.A).toEqual(['t1', 't3']);
    expect(base!.missing[0]!.mean_score).toBe(4);
    expect(base!.bertscore).toHaveLength(1);
    expect(base!.bertscore[0]!.F1).toBeCloseTo(0.85);
    expect(base!.samples.map((s) => s.bertscore[0]?.f1)).toEqual([0.8, 0.9]);
    expect(chat!.missing).toEqual([]);
    expect(chat!.bertscore).toEqual([]);
  });

  it('drops BERTScore whose ref is not shown', () => {
    const only = m.promptReport('k', 'outputs', 0, ['llama-2-base']);
    expect(only.columns[0]!.bertscore).toEqual([]);
  });

  it('shows the hints of the split, and no judges outside the judged split', () => {
    expect(r.hints.map((h) => [h.source, h.text, h.words])).toEqual([['llama-2-chat', 'Two sentence hint. Here.', 4]]);
    const t0 = m.promptReport('k', 'outputs-temp0', 0, ['llama-2-base']);
    expect(t0.judged).toBe(false);
    expect(t0.columns[0]!.measures!.n_valid).toBe(1);
    expect(t0.columns[0]!.samples).toEqual([]);
    expect(t0.columns[0]!.stance).toBeNull();
    expect(t0.hints.map((h) => h.text)).toEqual(['greedy hint']);
  });
});
