// Per-prompt semantic figures: their means are exactly the semantic table's.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../similarity/random';
import { semanticRows, type EmbeddedSamples, type SampleRef } from './semantic';
import { semanticDistributions } from './semantic-distributions';
import { mean } from './stats';

function randomSamples(seed: number): EmbeddedSamples {
  const rand = mulberry32(seed);
  const rows: SampleRef[] = [];
  for (const system of ['base', 'chat', 'icl-chat']) for (let p = 0; p < 6; p++) for (let i = 0; i < (p === 5 ? 1 : 4); i++) rows.push({ system, prompt: p, index: i });
  const dim = 8;
  const vectors = new Float32Array(rows.length * dim).map(() => rand() - 0.3);
  return { vectors, n: rows.length, dim, rows };
}

describe('semanticDistributions', () => {
  it('averages to semanticRows for every figure', () => {
    const e = randomSamples(7);
    const opts = { threshold: 0.5, teachers: { 'icl-chat': 'chat' } };
    const systems = ['base', 'chat', 'icl-chat', 'missing'];
    const rows = semanticRows(e, systems, opts);
    const dists = semanticDistributions(e, systems, opts);
    for (const [i, d] of dists.entries()) {
      const r = rows[i]!;
      const m = (k: 'withinCosine' | 'distinct' | 'toTeacher' | 'teacherSelf') => mean(d.perPrompt.map((p) => p[k]).filter((v): v is number => v !== null));
      expect(d.system).toBe(r.system);
      expect(d.teacher).toBe(r.teacher);
      for (const k of ['withinCosine', 'distinct', 'toTeacher', 'teacherSelf'] as const) {
        if (r[k] === null) expect(m(k)).toBeNull();
        else expect(m(k)).toBeCloseTo(r[k], 6);
      }
    }
    expect(dists[2]!.teacher).toBe('chat');
    expect(dists[3]!.perPrompt).toEqual([]);
  });
});
