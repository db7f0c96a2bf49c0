// Tests for the projection service: prompt maps agree with the core semantic measures, degenerate input gives a picture and a message.
import { describe, expect, it } from 'vitest';
import { withinPromptCosine } from '../../core/metrics/semantic';
import type { SampleRef } from '../../core/model/sample-ref';
import { ProjectionService, type ProjectionInput, type ProjectionParams } from './projection-service';

const PARAMS: ProjectionParams = { method: 'pca', seed: 42, threshold: 0.9 };

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
}

/** `perSystem` samples of prompt 3 for each system, vectors near one direction per system. */
function input(systems: string[], perSystem: number, dim = 16): ProjectionInput {
  const rnd = seeded(11);
  const refs: SampleRef[] = [];
  const rows: number[] = [];
  systems.forEach((system, s) => {
    for (let index = 0; index < perSystem; index++) {
      refs.push({ system, prompt: 3, index });
      for (let d = 0; d < dim; d++) rows.push((d % systems.length === s ? 2 : 0) + rnd());
    }
  });
  return { vectors: { data: Float32Array.from(rows), n: refs.length, dim }, refs, texts: refs.map((r) => `${r.system} answer ${r.index} words`), version: '1' };
}

describe('ProjectionService.promptMap', () => {
  it('puts the core within-prompt cosine on the system matrix diagonal and groups the heatmap by system', async () => {
    const inp = input(['a', 'b', 'c'], 5);
    const map = await new ProjectionService().promptMap('t', inp, ['c', 'a', 'missing'], PARAMS);
    expect(map.systems).toEqual(['c', 'a']);
    expect(map.missing).toEqual(['missing']);
    expect(map.rows.n).toBe(10);
    expect([...map.rows.system].map((c) => map.rows.systems[c])).toEqual(['c', 'c', 'c', 'c', 'c', 'a', 'a', 'a', 'a', 'a']);
    const e = { vectors: inp.vectors.data, n: inp.vectors.n, dim: inp.vectors.dim, rows: inp.refs };
    for (const [k, s] of map.systems.entries()) {
      const want = withinPromptCosine(e, s).perPrompt[0]!.value!;
      expect(map.systemMatrix[k * 2 + k]).toBeCloseTo(want, 5);
    }
    // Symmetric, 1 on the diagonal, and the off-diagonal block mean is the matrix's cross entry.
    const m = map.rows.n;
    let cross = 0;
    for (let a = 0; a < m; a++) {
      expect(map.heatmap[a * m + a]).toBeCloseTo(1, 5);
      for (let b = 0; b < m; b++) expect(map.heatmap[a * m + b]).toBeCloseTo(map.heatmap[b * m + a]!, 6);
      for (let b = 5; b < 10; b++) if (a < 5) cross += map.heatmap[a * m + b]!;
    }
    expect(map.systemMatrix[1]).toBeCloseTo(cross / 25, 5);
    // Two well-separated systems: at least two clusters, each labelled.
    expect(Math.max(...map.labels) + 1).toBeGreaterThanOrEqual(2);
    expect(map.clusterWords.length).toBe(Math.max(...map.labels) + 1);
    expect(map.xy.every(Number.isFinite)).toBe(true);
  });

  it('is seeded: the same input and params give the same map; a cached map survives its copy being emptied', async () => {
    const svc = new ProjectionService();
    const inp = input(['a', 'b'], 4);
    const one = await svc.promptMap('t', inp, ['a', 'b'], PARAMS);
    const xy = one.xy.slice();
    structuredClone(one.xy, { transfer: [one.xy.buffer] });
    const two = await svc.promptMap('t', inp, ['a', 'b'], PARAMS);
    expect([...two.xy]).toEqual([...xy]);
    const fresh = await new ProjectionService().promptMap('t', inp, ['a', 'b'], PARAMS);
    expect([...fresh.xy]).toEqual([...xy]);
  });

  it('gives identical texts a degenerate map with a message, one sample a point, and a zero vector no cluster', async () => {
    const dim = 8;
    const same = Float32Array.from({ length: 3 * dim }, (_, i) => (i % dim) + 1);
    const refs = [0, 1, 2].map((index) => ({ system: 'a', prompt: 0, index }));
    const inp: ProjectionInput = { vectors: { data: same, n: 3, dim }, refs, texts: ['x', 'x', 'x'], version: '1' };
    const map = await new ProjectionService().promptMap('t', inp, ['a'], PARAMS);
    expect(map.message).toMatch(/./);
    expect(map.xy.every((x) => x === 0)).toBe(true);
    expect([...map.labels]).toEqual([0, 0, 0]);
    expect(map.systemMatrix[0]).toBeCloseTo(1, 5);

    const one = await new ProjectionService().promptMap('t', { ...inp, vectors: { data: same.slice(0, dim), n: 1, dim }, refs: refs.slice(0, 1), texts: ['x'] }, ['a'], PARAMS);
    expect(one.rows.n).toBe(1);
    expect(Number.isNaN(one.systemMatrix[0])).toBe(true);

    const zero = await new ProjectionService().promptMap('t', { ...inp, vectors: { data: new Float32Array(dim), n: 1, dim }, refs: refs.slice(0, 1), texts: [''] }, ['a'], PARAMS);
    expect(zero.systems).toEqual([]);
    expect(zero.missing).toEqual(['a']);
    expect([...zero.labels]).toEqual([-1]);
  });
});

describe('ProjectionService UMAP', () => {
  it('maps with UMAP (seeded: same seed, same layout) and falls back to PCA below 4 samples with a message', async () => {
    const inp = input(['a', 'b', 'c'], 6);
    const params: ProjectionParams = { ...PARAMS, method: 'umap' };
    const one = await new ProjectionService().promptMap('t', inp, ['a', 'b', 'c'], params);
    const two = await new ProjectionService().promptMap('t', inp, ['a', 'b', 'c'], params);
    expect(one.method).toBe('umap');
    expect(one.xy.every(Number.isFinite)).toBe(true);
    expect([...one.xy]).toEqual([...two.xy]);
    const pcaMap = await new ProjectionService().promptMap('t', inp, ['a', 'b', 'c'], PARAMS);
    expect([...one.xy]).not.toEqual([...pcaMap.xy]);
    const small = input(['a'], 3);
    const fallback = await new ProjectionService().promptMap('t', small, ['a'], params);
    expect(fallback.message).toMatch(/UMAP needs at least 4 samples/);
    expect(fallback.method).toBe('pca');
  });
});

describe('ProjectionService corpus clustering apart from the map', () => {
  it('maps without clusters when asked, and clusters() gives the labels a clustered map has', async () => {
    const inp = input(['a', 'b'], 5);
    const svc = new ProjectionService();
    const bare = await svc.mapSamples('t', inp, { ...PARAMS, clusters: false });
    expect([...bare.labels].every((l) => l === -1)).toBe(true);
    expect(bare.clusterWords).toEqual([]);
    const full = await svc.mapSamples('t', inp, PARAMS);
    expect([...bare.xy]).toEqual([...full.xy]);
    const c = await svc.clusters(inp, PARAMS);
    expect([...c.labels]).toEqual([...full.labels]);
    expect(c.clusterWords).toEqual(full.clusterWords);
  });
});
