// Findings distributions: box statistics, per-prompt measures whose means are the overview's, stance patterns.
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../model/builders';
import type { JudgeRecord } from '../model/types';
import { boxStats, findingsTables, stancePattern } from './distributions';
import { qualityRow, stanceRow } from './judges';
import { outputsTable } from './outputs';
import { mean } from './stats';

describe('boxStats', () => {
  it('gives type-7 quartiles and Tukey whiskers', () => {
    const b = boxStats([1, 2, 3, 4, 100])!;
    expect(b).toMatchObject({ n: 5, min: 1, q1: 2, median: 3, q3: 4, max: 100, whiskerLo: 1, whiskerHi: 4, mean: 22 });
  });
  it('is null for no finite value and ignores NaN', () => {
    expect(boxStats([])).toBeNull();
    expect(boxStats([Number.NaN])).toBeNull();
    expect(boxStats([2, Number.NaN])!.median).toBe(2);
  });
});

describe('stancePattern', () => {
  const c = (yes: number, no: number, both: number, other = 0, unparsed = 0) => ({ yes, no, both, other, unparsed });
  it('separates samples that disagree from responses that argue both sides', () => {
    expect(stancePattern(c(3, 0, 0))).toBe('one');
    expect(stancePattern(c(2, 1, 0))).toBe('disagree');
    expect(stancePattern(c(2, 0, 1))).toBe('both');
    expect(stancePattern(c(1, 1, 1))).toBe('disagree+both');
    expect(stancePattern(c(0, 0, 0, 0, 2))).toBe('none');
  });
});

const judge = (kind: JudgeRecord['kind'], name: string, prompt: number, sample: number, line: number, content: unknown): JudgeRecord => ({
  kind,
  name,
  prompt,
  sample,
  line,
  content: typeof content === 'string' ? content : JSON.stringify(content),
});

describe('findingsTables', () => {
  const ds = makeDataset({
    texts: {
      'llama-2-base': [['a b c', 'a b d', 'x y'], ['1. one\n2. two', 'hi']],
      'llama-2-chat': [['as an ai language model I', 'a b'], ['p q', 'p q r']],
    },
    judges: [
      judge('eval-stance', 'llama-2-chat', 0, 0, 0, { stance: 'yes' }),
      judge('eval-stance', 'llama-2-chat', 0, 1, 1, { stance: 'no' }),
      judge('eval-stance', 'llama-2-chat', 1, 0, 2, { stance: 'both' }),
      judge('eval-stance', 'llama-2-chat', 1, 1, 3, 'not json'),
      judge('eval-quality', 'llama-2-base', 0, 0, 0, { helpfulness: { score: 4 }, clarity: { score: '3' }, factuality: { score: 5 }, depth: { score: 2 }, engagement: { score: 1 } }),
      judge('eval-quality', 'llama-2-base', 1, 0, 1, { helpfulness: { score: 2 }, clarity: { score: 5 }, factuality: { score: 'N/A' }, depth: { score: 2 }, engagement: { score: 3 } }),
      judge('eval-quality', 'someone-else', 1, 0, 1, { helpfulness: { score: 2 } }),
    ],
  });
  const t = findingsTables(ds, 'outputs');

  it('per-prompt measures average to the outputs table (prompts with a value)', () => {
    const rows = outputsTable(ds, { split: 'outputs' });
    for (const s of t.perPrompt) {
      const row = rows.find((r) => r.system === s.system)!;
      const vals = s.perPrompt.map((p) => p.jaccard_all).filter((v): v is number => v !== null);
      expect(mean(vals)).toBeCloseTo(row.jaccard_all!, 12);
    }
    expect(t.perPrompt.map((s) => s.system)).toEqual(['llama-2-base', 'llama-2-chat']);
    expect(t.perPrompt[0]!.perPrompt.map((p) => p.prompt)).toEqual([0, 1]);
  });

  it('quality aspects equal the judge table and only folders named after systems of the split count', () => {
    expect(t.quality.map((q) => q.system)).toEqual(['llama-2-base']);
    const row = qualityRow('test', 'llama-2-base', ds.judges.filter((j) => j.name === 'llama-2-base'));
    expect(t.quality[0]!.aspects.helpfulness).toBe(row.helpfulness_all);
    expect(t.quality[0]!.aspects.factuality).toBe(5);
  });

  it('stance composition matches the stance row', () => {
    const s = t.stance[0]!;
    expect(s.totals).toEqual({ yes: 1, no: 1, both: 1, other: 0, unparsed: 1 });
    expect(s.perPrompt.map((p) => p.pattern)).toEqual(['disagree', 'both']);
    const row = stanceRow('test', 'llama-2-chat', ds.judges.filter((j) => j.kind === 'eval-stance'));
    const share = (pred: (p: (typeof s.perPrompt)[number]) => boolean) => s.perPrompt.filter(pred).length / s.perPrompt.length;
    expect(share((p) => p.pattern === 'disagree' || p.pattern === 'disagree+both')).toBe(row.frac_prompts_yes_and_no);
    expect(share((p) => p.pattern === 'both' || p.pattern === 'disagree+both')).toBe(row.frac_prompts_any_both);
  });

  it('has no judge results on other splits, and nothing for an unknown split', () => {
    const other = findingsTables(ds, 'outputs-temp0');
    expect(other).toMatchObject({ perPrompt: [], quality: [], stance: [], bertscore: [] });
  });
});
