// Semantic measures on small hand-made vectors, where every cosine is known.
import { describe, expect, it } from 'vitest';
import {
  clusterBySimilarity,
  coverage,
  distinctMeanings,
  promptSemantic,
  semanticRows,
  systemCoverage,
  teacherSimilarity,
  withinPromptCosine,
  type EmbeddedSamples,
  type SampleRef,
} from './semantic';

/** Builds EmbeddedSamples from [system, prompt, index, vector] rows (dim 2). */
function emb(rows: [string, number, number, [number, number]][]): EmbeddedSamples {
  const refs: SampleRef[] = rows.map(([system, prompt, index]) => ({ system, prompt, index }));
  return { vectors: new Float32Array(rows.flatMap((r) => r[3])), n: rows.length, dim: 2, rows: refs };
}
const X: [number, number] = [1, 0];
const Y: [number, number] = [0, 1];
const XY: [number, number] = [1, 1];

describe('withinPromptCosine', () => {
  it('means pairwise cosines per prompt, skipping one-sample prompts', () => {
    const e = emb([['a', 0, 0, X], ['a', 0, 1, X], ['a', 0, 2, Y], ['a', 1, 0, X], ['b', 0, 0, Y]]);
    const r = withinPromptCosine(e, 'a');
    expect(r.perPrompt).toEqual([{ prompt: 0, value: expect.closeTo(1 / 3, 6) }, { prompt: 1, value: null }]);
    expect(r.mean).toBeCloseTo(1 / 3);
  });
});

describe('clusterBySimilarity', () => {
  // 0~1 (0.9), 1~2 (0.9), 0 and 2 dissimilar (0.1): leader gives 2 classes, single-link chains them into 1.
  const sim = new Float32Array([1, 0.9, 0.1, 0.9, 1, 0.9, 0.1, 0.9, 1]);
  it('leader clustering is NoveltyBench-like and not transitive', () => {
    expect([...clusterBySimilarity(sim, 3, 0.8, 'leader')]).toEqual([0, 0, 1]);
  });
  it('single-link is transitive', () => {
    expect([...clusterBySimilarity(sim, 3, 0.8, 'single-link')]).toEqual([0, 0, 0]);
  });
});

describe('distinctMeanings', () => {
  it('counts meanings per prompt at a threshold', () => {
    const e = emb([['a', 0, 0, X], ['a', 0, 1, [2, 0.01]], ['a', 0, 2, Y], ['a', 1, 0, X], ['a', 1, 1, XY]]);
    const r = distinctMeanings(e, 'a', 0.9);
    expect(r.perPrompt.map((p) => p.value)).toEqual([2, 2]);
    expect(r.mean).toBe(2);
    expect(distinctMeanings(e, 'a', 0.5).perPrompt[1]!.value).toBe(1); // cos(X, XY) ≈ 0.707
  });
});

describe('teacherSimilarity', () => {
  it('compares the student with the teacher sample 0, next to the teacher self baseline', () => {
    const e = emb([
      ['t', 0, 0, X], ['t', 0, 1, XY], ['t', 0, 2, Y],
      ['s', 0, 0, X], ['s', 0, 1, X],
    ]);
    const r = teacherSimilarity(e, 's', 't');
    expect(r.student).toBeCloseTo(1);
    expect(r.teacherSelf).toBeCloseTo((Math.SQRT1_2 + 0) / 2);
  });
});

describe('coverage', () => {
  // Fake embedder: one-hot by the sentence's first word, so sentences match iff they start alike.
  const vocab = ['Cats', 'Dogs', 'Birds', 'Fish'];
  const embed = async (texts: string[]) => new Float32Array(texts.flatMap((t) => vocab.map((w) => (t.startsWith(w) ? 1 : 0))));
  it('shares of base sentences matched by the aligned response vs another base sample', async () => {
    const r = await coverage(
      [{ prompt: 0, base: ['Cats purr. Dogs bark.', 'Birds sing. Cats nap.'], aligned: 'Cats are pets. Dogs too. Birds fly.' }],
      embed,
      0.9,
    );
    expect(r.byAligned).toBeCloseTo(1);
    expect(r.byOtherBase).toBeCloseTo(0.5);
    expect(r.perPrompt[0]!.baseSentences).toBe(4);
  });
  it('skips prompts with fewer than 2 base samples or an empty aligned response', async () => {
    const r = await coverage([{ prompt: 0, base: ['Cats.'], aligned: 'Cats.' }, { prompt: 1, base: ['Cats.', 'Dogs.'], aligned: ' ' }], embed, 0.9);
    expect(r.byAligned).toBeNull();
    expect(r.perPrompt.map((p) => p.byAligned)).toEqual([null, null]);
  });
});

describe('semanticRows / promptSemantic', () => {
  const e = emb([
    ['t', 0, 0, X], ['t', 0, 1, XY], ['s', 0, 1, Y], ['s', 0, 0, X], ['s', 1, 0, X],
  ]);
  it('composes the per-system figures, with teacher figures only for systems whose teacher has rows', () => {
    const [s, t, none] = semanticRows(e, ['s', 't', 'none'], { threshold: 0.9, teachers: { s: 't', t: 'absent' } });
    expect(s).toMatchObject({ samples: 3, prompts: 2, maxPerPrompt: 2, teacher: 't', distinct: 1.5 });
    expect(s!.withinCosine).toBeCloseTo(0, 6);
    expect(s!.toTeacher).toBeCloseTo(0.5, 6);
    expect(s!.teacherSelf).toBeCloseTo(Math.SQRT1_2, 6);
    expect(s!.ratio).toBeCloseTo(0.5 / Math.SQRT1_2, 6);
    expect(t).toMatchObject({ teacher: null, ratio: null });
    expect(none).toMatchObject({ samples: 0, withinCosine: null, distinct: null });
  });
  it('gives one prompt and its clusters by sample index, whatever the row order', () => {
    const [s] = promptSemantic(e, 0, ['s'], { threshold: 0.9 });
    expect(s).toMatchObject({ samples: 2, prompts: 1, distinct: 2, clusters: [[0], [1]] });
    expect(promptSemantic(e, 0, ['s'], { threshold: -0.5 })[0]!.clusters).toEqual([[0, 1]]);
  });
});

describe('systemCoverage', () => {
  const vocab = ['Cats', 'Dogs', 'Birds'];
  const embed = async (texts: string[]) => new Float32Array(texts.flatMap((t) => vocab.map((w) => (t.startsWith(w) ? 1 : 0))));
  it('tries each aligned sample and weighs prompts equally', async () => {
    const r = await systemCoverage(
      [
        { prompt: 0, base: ['Cats purr.', 'Dogs bark.'], aligned: ['Cats. Dogs.', 'Birds.'] },
        { prompt: 1, base: ['Cats.', 'Cats.'], aligned: ['Cats.'] },
      ],
      embed,
      0.9,
    );
    expect(r.perPrompt.map((p) => p.byAligned)).toEqual([0.5, 1]);
    expect(r.byAligned).toBeCloseTo(0.75);
    expect(r.byOtherBase).toBeCloseTo(0.5);
  });
});
