// Findings specs plot exactly what core computes: box means equal the overview's figures, rates equal outputs rows, stance shares equal stance rows.
import { describe, expect, it } from 'vitest';
import { findingsTables } from '../core/metrics/distributions';
import { stanceRow } from '../core/metrics/judges';
import { outputsTable } from '../core/metrics/outputs';
import { makeDataset } from '../core/model/builders';
import { describeSystem } from '../core/model/system';
import type { JudgeRecord } from '../core/model/types';
import { specTable } from './chart/spec-table';
import { coverageSpec, formatSpec, groupOf, measureBoxSpec, stanceMatrixSpec, stancePatternSpec, teacherEmbeddingSpec } from './findings-specs';

const stance = (prompt: number, sample: number, label: string): JudgeRecord => ({
  kind: 'eval-stance', name: 'llama-2-chat', prompt, sample, line: prompt * 3 + sample, content: JSON.stringify({ stance: label }),
});
const ds = makeDataset({
  texts: {
    'llama-2-base': [['a b c', 'a b d', '1. x\n2. y'], ['- a\n- b', 'p', 'q r']],
    'llama-2-chat': [['as an AI language model, no', 'a b', 'a c'], ['p q', 'p q r', null]],
  },
  judges: [stance(0, 0, 'yes'), stance(0, 1, 'no'), stance(0, 2, 'yes'), stance(1, 0, 'both'), stance(1, 1, 'yes'), stance(1, 2, 'yes')],
});
const systems = ds.systems;
const t = findingsTables(ds, 'outputs');
const rows = outputsTable(ds, { split: 'outputs' });

describe('findings specs', () => {
  it('box means equal the overview Jaccard and length per system', () => {
    const jac = specTable(measureBoxSpec('j', 'J', { label: 'J', digits: 3 }, systems, t, 'jaccard_all', ''));
    for (const r of jac.rows) expect(r[5]).toBeCloseTo(rows.find((o) => o.system === r[0])!.jaccard_all!, 12);
  });

  it('format rates equal the outputs rows (over responses, not a mean of prompt shares)', () => {
    const tab = specTable(formatSpec(systems, t));
    for (const o of rows) {
      expect(tab.rows.find((r) => r[0] === o.system && r[1] === 'numbered list')![2]).toBeCloseTo(o.frac_numbered_list!, 12);
      expect(tab.rows.find((r) => r[0] === o.system && r[1] === 'abstains')![2]).toBeCloseTo(o.frac_abstain!, 12);
    }
  });

  it('stance pattern shares equal the stance row; the matrix has one cell per prompt × judged system', () => {
    const row = stanceRow('test', 'llama-2-chat', ds.judges);
    const tab = specTable(stancePatternSpec(systems, t));
    const share = (label: string) => Number(tab.rows.find((r) => r[0] === 'llama-2-chat' && r[1] === label)![3]);
    expect(share('samples disagree (yes & no)') + share('disagree and argues both')).toBe(row.frac_prompts_yes_and_no);
    expect(share('a response argues both') + share('disagree and argues both')).toBe(row.frac_prompts_any_both);
    const m = stanceMatrixSpec(systems, t);
    expect(m.rows.map((r) => r.key)).toEqual(['llama-2-chat']);
    expect(m.cells.map((c) => c.detail)).toEqual(['2 yes, 1 no', '2 yes, 1 both']);
  });

  it('groups ICL variants by teacher and puts the teacher self row first', () => {
    expect(groupOf(describeSystem('llama-2-icl-gpt-3.5-knn-prompt_similar'))).toBe('In-context · teacher gpt-3.5');
    expect(groupOf(describeSystem('llama-2-icl'))).toBe('In-context · URIAL examples');
    const spec = teacherEmbeddingSpec([describeSystem('llama-2-chat'), describeSystem('llama-2-icl-chat')], [
      { system: 'llama-2-chat', teacher: null, perPrompt: [] },
      { system: 'llama-2-icl-chat', teacher: 'llama-2-chat', perPrompt: [{ prompt: 0, withinCosine: 0.5, distinct: 2, toTeacher: 0.7, teacherSelf: 0.9 }, { prompt: 1, withinCosine: null, distinct: 1, toTeacher: 0.5, teacherSelf: null }] },
    ]);
    expect(specTable(spec).rows).toEqual([['llama-2-chat (self)', 'similarity', 0.9], ['llama-2-icl-chat', 'similarity', 0.6]]);
  });
});

describe('coverageSpec', () => {
  it('plots per-prompt coverage whose means are the coverage totals', () => {
    const cov = { byAligned: 0.5, byOtherBase: 0.3, perPrompt: [{ prompt: 0, byAligned: 0.4, byOtherBase: 0.2, baseSentences: 9 }, { prompt: 1, byAligned: 0.6, byOtherBase: 0.4, baseSentences: 7 }, { prompt: 2, byAligned: null, byOtherBase: null, baseSentences: 0 }] };
    const spec = coverageSpec(describeSystem('llama-2-base'), describeSystem('llama-2-chat'), cov, 0.8);
    const tab = specTable(spec);
    expect(tab.rows.map((r) => [r[0], r[1], r[5]])).toEqual([['by llama-2-chat', 2, 0.5], ['by another llama-2-base sample', 2, expect.closeTo(0.3, 12)]]);
  });
});
