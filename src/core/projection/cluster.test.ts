// Threshold clustering: equals the distinct-meanings count per (system, prompt), the k-NN variant equals the exact one on a
// full graph, separated groups separate, bad rows are left out; c-TF-IDF labels pick each cluster's own words.
import { describe, expect, it } from 'vitest';
import { clusterBySimilarity, distinctMeanings, type ClusterMethod, type EmbeddedSamples, type SampleRef } from '../metrics/semantic';
import { cosineMatrix, normalizeRows } from '../similarity/cosine';
import { mulberry32 } from '../similarity/random';
import { clusterComposition, clusterVectors, singleLinkKnn } from './cluster';
import { clusterKeywords } from './cluster-labels';
import { Ticker } from './job';
import { knnCosine } from './knn';

const METHODS: ClusterMethod[] = ['leader', 'single-link'];

/** Samples of `systems` × `prompts` × `perPrompt`, each near one of a few per-prompt "meanings" with noise `spread`. */
function samples(systems: string[], prompts: number, perPrompt: number, dim: number, spread: number, seed: number): EmbeddedSamples {
  const r = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
  const rows: SampleRef[] = [];
  const out: number[] = [];
  for (let p = 0; p < prompts; p++) {
    const meanings = Array.from({ length: 4 }, () => Array.from({ length: dim }, g));
    for (const system of systems) {
      // Shuffled sample order, so the test also checks that order by sample index is what matters.
      const idx = Array.from({ length: perPrompt }, (_, i) => i).sort(() => r() - 0.5);
      for (const index of idx) {
        const m = meanings[Math.floor(r() * (1 + (system.length % 4)))]!;
        for (let d = 0; d < dim; d++) out.push(m[d]! + spread * g());
        rows.push({ system, prompt: p, index });
      }
    }
  }
  return { vectors: Float32Array.from(out), n: rows.length, dim, rows };
}

describe('clusterVectors', () => {
  it('gives the distinct-meanings count for each system and prompt (both methods, several thresholds)', async () => {
    const e = samples(['a', 'bb', 'ccc', 'dddd'], 6, 8, 24, 0.7, 11);
    let checked = 0;
    const counts = new Set<number>();
    for (const method of METHODS) {
      for (const threshold of [0.3, 0.5, 0.7, 0.85]) {
        for (const system of ['a', 'bb', 'ccc', 'dddd']) {
          const dm = distinctMeanings(e, system, threshold, method);
          for (const { prompt, value } of dm.perPrompt) {
            const rows = e.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.system === system && r.prompt === prompt).sort((x, y) => x.r.index - y.r.index);
            const data = new Float32Array(rows.length * e.dim);
            rows.forEach(({ i }, j) => data.set(e.vectors.subarray(i * e.dim, (i + 1) * e.dim), j * e.dim));
            const c = await clusterVectors({ data, n: rows.length, dim: e.dim }, { threshold, method });
            expect(c.exact).toBe(true);
            expect(c.count).toBe(value);
            expect(c.labels).toEqual(dm.labels.get(prompt));
            counts.add(value);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(2 * 4 * 4 * 6);
    // The data must exercise more than one answer, or the equality would prove little.
    expect(counts.size).toBeGreaterThan(3);
  });

  it('above maxExact: leader stays exact (blocked), single-link on a complete k-NN graph equals the exact one', async () => {
    const e = samples(['a', 'bb'], 3, 60, 16, 0.8, 5);
    const unit = normalizeRows({ data: e.vectors, n: e.n, dim: e.dim });
    const sim = cosineMatrix(unit, undefined, { normalized: true });
    const full = await knnCosine(unit, e.n - 1, {}, new Ticker('test'));
    for (const t of [0.4, 0.6, 0.8]) {
      const lead = await clusterVectors({ data: e.vectors, n: e.n, dim: e.dim }, { threshold: t, method: 'leader', maxExact: 0 });
      expect(lead.labels).toEqual(clusterBySimilarity(sim, e.n, t, 'leader'));
      expect(singleLinkKnn(full, t)).toEqual(clusterBySimilarity(sim, e.n, t, 'single-link'));
    }
    const viaGraph = await clusterVectors({ data: e.vectors, n: e.n, dim: e.dim }, { threshold: 0.6, method: 'single-link', maxExact: 0, k: e.n - 1 });
    expect(viaGraph.exact).toBe(false);
    expect(viaGraph.labels).toEqual(clusterBySimilarity(sim, e.n, 0.6, 'single-link'));
  });

  it('separates well-separated groups with a sparse graph too, and sizes add up', async () => {
    const r = mulberry32(3);
    const dim = 32, per = 300, groups = 5;
    const centres = Array.from({ length: groups }, (_, c) => Array.from({ length: dim }, (_, d) => (d % groups === c ? 1 : 0)));
    const data = new Float32Array(per * groups * dim);
    for (let i = 0; i < per * groups; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = centres[i % groups]![d]! + 0.05 * (r() - 0.5);
    for (const method of METHODS) {
      const c = await clusterVectors({ data, n: per * groups, dim }, { threshold: 0.8, method, maxExact: 100, k: 10 });
      expect(c.count).toBe(groups);
      expect(Array.from(c.sizes)).toEqual(new Array(groups).fill(per));
      for (let i = 0; i < per * groups; i++) expect(c.labels[i]).toBe(i % groups);
    }
  });

  it('leaves NaN and zero vectors out with label -1 and says so; empty input is fine', async () => {
    const data = Float32Array.from([1, 0, 0, 0, NaN, 0, 0, 0, 0, 0, 0, 1]);
    const c = await clusterVectors({ data, n: 4, dim: 3 }, { threshold: 0.9 });
    expect(Array.from(c.labels)).toEqual([0, -1, -1, 1]);
    expect(c.excluded.map((x) => x.problem)).toEqual(['non-finite', 'zero']);
    expect(c.message).toMatch(/NaN\/Infinity vector left out \(rows 1\); 1 all-zero vector left out \(rows 2\)/);
    const empty = await clusterVectors({ data: new Float32Array(0), n: 0, dim: 3 }, { threshold: 0.9 });
    expect(empty.count).toBe(0);
    expect(empty.message).toBe('no vectors to cluster');
  });
});

describe('clusterComposition', () => {
  it('counts each group per cluster and skips excluded rows', () => {
    const comp = clusterComposition(Int32Array.from([0, 1, 0, -1, 0]), ['base', 'chat', 'chat', 'base', 'base']);
    expect(comp.map((m) => Object.fromEntries(m))).toEqual([{ base: 2, chat: 1 }, { chat: 1 }]);
    expect(() => clusterComposition(new Int32Array(2), ['a'])).toThrow(/1 groups but 2 labels/);
  });
});

describe('clusterKeywords', () => {
  it("labels each cluster by its own frequent words, not by words every cluster uses or stop words", () => {
    const texts = [
      'The vaccine trial showed the vaccine is safe.',
      'Vaccine safety data from the trial.',
      'Climate change raises sea levels; the climate is warming.',
      'Warming climate and sea ice loss, the data says.',
      'Something unrelated.',
    ];
    const kw = clusterKeywords(texts, Int32Array.from([0, 0, 1, 1, -1]));
    expect(kw).toHaveLength(2);
    expect(kw[0]![0]!.word).toBe('vaccine');
    expect(kw[0]![0]!.count).toBe(3);
    expect(kw[1]![0]!.word).toBe('climate');
    for (const list of kw) for (const w of list) expect(['the', 'is', 'from', 'and'].includes(w.word)).toBe(false);
    // "data" appears in both clusters, so it ranks below each cluster's own words
    const dataRank = kw[0]!.findIndex((w) => w.word === 'data');
    expect(dataRank === -1 || dataRank > kw[0]!.findIndex((w) => w.word === 'trial')).toBe(true);
    expect(() => clusterKeywords(['a'], new Int32Array(2))).toThrow(/1 texts but 2 labels/);
  });
});
