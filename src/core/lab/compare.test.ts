// compareForPrompt: teacher self-similarity excludes sample 0; figures equal the metrics core's.
import { describe, expect, it } from 'vitest';
import { makeSample } from '../model/builders';
import { promptMeasures } from '../metrics/outputs';
import { compareForPrompt, withSemantic } from './compare';

const s = (system: string, index: number, text: string | null) => ({ ...makeSample({ system, prompt: 3, index, text: text ?? '' }), text });

describe('compareForPrompt', () => {
  it('scores students against the teacher sample 0 and the teacher against itself', () => {
    const teacher = [s('t', 0, 'a b c d'), s('t', 1, 'a b c x'), s('t', 2, 'a y z w')];
    const gen = [s('g', 0, 'a b c d'), s('g', 1, 'q r s t'), s('g', 2, null)];
    const rows = compareForPrompt(3, [
      { system: 'g', role: 'generated', samples: gen },
      { system: 't', role: 'teacher', samples: teacher },
    ], 't');
    // g: (1 + 0) / 2 over valid samples; t: (3/5 + 1/7) / 2.
    expect(rows[0]!.toTeacher).toBeCloseTo(0.5, 10);
    expect(rows[1]!.toTeacher).toBeCloseTo((3 / 5 + 1 / 7) / 2, 10);
    expect(rows[0]).toMatchObject(promptMeasures(3, gen));
    expect(rows[0]!.n_valid).toBe(2);
  });

  it('has no teacher figure without a valid teacher sample 0', () => {
    const rows = compareForPrompt(3, [{ system: 'g', role: 'generated', samples: [s('g', 0, 'x')] }, { system: 't', role: 'teacher', samples: [s('t', 0, null)] }], 't');
    expect(rows.map((r) => r.toTeacher)).toEqual([null, null]);
  });
});

describe('withSemantic', () => {
  it('adds cosine to the teacher, the teacher self-similarity and within-prompt cosine', () => {
    const rows = compareForPrompt(3, [
      { system: 'g', role: 'generated', samples: [s('g', 0, 'x'), s('g', 1, 'y')] },
      { system: 't', role: 'teacher', samples: [s('t', 0, 'a'), s('t', 1, 'b')] },
    ], 't');
    // t0 = (1,0); t1 = (0.6,0.8) → teacher self 0.6; g0 = (1,0), g1 = (0,1) → to teacher (1 + 0) / 2; g within 0.
    const e = { vectors: Float32Array.from([1, 0, 0.6, 0.8, 1, 0, 0, 1]), n: 4, dim: 2, rows: [{ system: 't', prompt: 3, index: 0 }, { system: 't', prompt: 3, index: 1 }, { system: 'g', prompt: 3, index: 0 }, { system: 'g', prompt: 3, index: 1 }] };
    const out = withSemantic(rows, e, 't', 0.8);
    expect(out[0]!.cosToTeacher).toBeCloseTo(0.5, 6);
    expect(out[1]!.cosToTeacher).toBeCloseTo(0.6, 6);
    expect(out[0]!.withinCosine).toBeCloseTo(0, 6);
    expect(out[0]!.meanings).toBe(2);
    expect(out[1]!.withinCosine).toBeCloseTo(0.6, 6);
  });
});
