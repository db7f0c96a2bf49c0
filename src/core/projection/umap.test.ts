// UMAP: the a/b fit, seeded determinism, separated clusters stay separated (trustworthiness, same-cluster neighbours),
// NN-descent recall, degenerate inputs never NaN, cancellation, and a side-by-side check with umap-js.
import { UMAP } from 'umap-js';
import { describe, expect, it } from 'vitest';
import { normalizeRows } from '../similarity/cosine';
import { mulberry32 } from '../similarity/random';
import { Ticker } from './job';
import { knnCosine } from './knn';
import { findAB, powTable, umap } from './umap';

/** `groups` Gaussian blobs in `dim` dimensions (centres far apart), `per` points each, labels i % groups. */
function blobs(groups: number, per: number, dim: number, seed: number, noise = 0.3) {
  const r = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: groups }, () => Array.from({ length: dim }, g));
  const n = groups * per;
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = centres[i % groups]![d]! + noise * g();
  return { data, n, dim, label: (i: number) => i % groups };
}

/** Brute-force ranks: for each i, the other rows sorted by distance `dist(i, j)`. */
function neighbours(n: number, dist: (i: number, j: number) => number): Int32Array[] {
  return Array.from({ length: n }, (_, i) => Int32Array.from(Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((a, b) => dist(i, a) - dist(i, b) || a - b)));
}

/** Trustworthiness (Venna & Kaski; sklearn's formula) of a layout at k. */
function trustworthiness(high: Int32Array[], low: Int32Array[], k: number): number {
  const n = high.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const rank = new Map<number, number>();
    high[i]!.forEach((j, r) => rank.set(j, r + 1));
    for (let p = 0; p < k; p++) s += Math.max(0, rank.get(low[i]![p]!)! - k);
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * s;
}

const cosDist = (x: Float32Array, dim: number) => {
  const u = normalizeRows({ data: x, n: x.length / dim, dim }).data;
  return (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += u[i * dim + d]! * u[j * dim + d]!;
    return 1 - s;
  };
};
const eucl2d = (y: Float32Array) => (i: number, j: number) => (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2;

describe('findAB', () => {
  it("matches the reference implementation's fit (spread 1, minDist 0.1 → a ≈ 1.577, b ≈ 0.895)", () => {
    const { a, b } = findAB(1, 0.1);
    expect(a).toBeCloseTo(1.577, 2);
    expect(b).toBeCloseTo(0.895, 2);
    const wide = findAB(1, 0.5);
    // A larger minDist flattens the curve near 0 (larger b) and lowers a.
    expect(wide.b).toBeGreaterThan(b);
    expect(wide.a).toBeLessThan(a);
  });
});

describe('powTable', () => {
  it('equals Math.pow to 1e-6 relative over the layout distance range and beyond', () => {
    for (const b of [0.895, 1.334, 0.5]) {
      const pow = powTable(b);
      for (let x = 1e-15; x < 1e15; x *= 1.013) expect(Math.abs(pow(x) / Math.pow(x, b) - 1)).toBeLessThan(1e-6);
    }
  });
});

describe('umap', () => {
  it('reproduces a stored layout for a fixed input and seed (golden)', async () => {
    const r = mulberry32(7);
    const data = new Float32Array(40 * 6).map(() => r() - 0.5);
    const u = await umap({ data, n: 40, dim: 6 }, { seed: 3, nEpochs: 60 });
    const golden = [-2.167919397354126, -1.8866853713989258, -2.257721185684204, -2.703322410583496, -4.432933807373047, -3.1064038276672363];
    golden.forEach((g, i) => expect(u.coords[i]).toBeCloseTo(g, 3));
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const x = blobs(3, 40, 10, 1);
    const a = await umap(x, { seed: 5, nEpochs: 100 });
    const b = await umap(x, { seed: 5, nEpochs: 100 });
    const c = await umap(x, { seed: 6, nEpochs: 100 });
    expect(b.coords).toEqual(a.coords);
    expect(c.coords).not.toEqual(a.coords);
    expect(a.coords.every(Number.isFinite)).toBe(true);
  });

  it('keeps separable clusters apart with high trustworthiness (exact k-NN path)', async () => {
    const x = blobs(5, 80, 30, 2);
    const r = await umap(x, { seed: 1 });
    expect(r.knn.exact).toBe(true);
    const high = neighbours(x.n, cosDist(x.data, x.dim));
    const low = neighbours(x.n, eucl2d(r.coords));
    expect(trustworthiness(high, low, 10)).toBeGreaterThan(0.9);
    let same = 0;
    for (let i = 0; i < x.n; i++) for (let p = 0; p < 10; p++) same += x.label(low[i]![p]!) === x.label(i) ? 1 : 0;
    expect(same / (x.n * 10)).toBeGreaterThan(0.98);
  });

  it('NN-descent (forced) finds most exact neighbours, deterministically, and the layout still separates clusters', async () => {
    const x = blobs(6, 150, 24, 3, 0.8);
    const unit = normalizeRows(x);
    const exact = await knnCosine(unit, 14, {}, new Ticker('t'));
    const approx = await knnCosine(unit, 14, { exactMaxN: 100, seed: 9 }, new Ticker('t'));
    const again = await knnCosine(unit, 14, { exactMaxN: 100, seed: 9 }, new Ticker('t'));
    expect(approx.exact).toBe(false);
    expect(again.indices).toEqual(approx.indices);
    let hit = 0;
    for (let i = 0; i < x.n; i++) {
      const s = new Set(exact.indices.subarray(i * 14, i * 14 + 14));
      for (let p = 0; p < 14; p++) hit += s.has(approx.indices[i * 14 + p]!) ? 1 : 0;
    }
    expect(hit / (x.n * 14)).toBeGreaterThan(0.9);
    const r = await umap(x, { seed: 2, exactKnnMaxN: 100, nEpochs: 150 });
    expect(r.message).toMatch(/approximate neighbours/);
    const low = neighbours(x.n, eucl2d(r.coords));
    let same = 0;
    for (let i = 0; i < x.n; i++) for (let p = 0; p < 10; p++) same += x.label(low[i]![p]!) === x.label(i) ? 1 : 0;
    expect(same / (x.n * 10)).toBeGreaterThan(0.95);
  });

  it('gives sensible, finite pictures for degenerate input', async () => {
    const dim = 3;
    const none = await umap({ data: new Float32Array(0), n: 0, dim });
    expect(none.coords.length).toBe(0);
    expect(none.message).toMatch(/no vectors/);
    const one = await umap({ data: Float32Array.from([1, 2, 3]), n: 1, dim });
    expect(Array.from(one.coords)).toEqual([0, 0]);
    expect(one.message).toMatch(/only one vector/);
    const two = await umap({ data: Float32Array.from([1, 0, 0, 0, 1, 0]), n: 2, dim });
    expect(two.coords.every(Number.isFinite)).toBe(true);
    expect(two.coords[0]).not.toBe(two.coords[2]);
    const same = await umap({ data: new Float32Array(30).fill(0.5), n: 10, dim });
    expect(Array.from(same.coords)).toEqual(new Array(20).fill(0));
    expect(same.message).toMatch(/identical/);
    // NaN and zero rows are left out and placed at 0; the rest is laid out.
    const x = blobs(2, 30, dim, 4);
    x.data[5 * dim] = NaN;
    x.data.fill(0, 7 * dim, 8 * dim);
    const bad = await umap(x, { seed: 1, nEpochs: 50 });
    expect(bad.excluded).toEqual([{ row: 5, problem: 'non-finite' }, { row: 7, problem: 'zero' }]);
    expect(bad.coords.every(Number.isFinite)).toBe(true);
    expect([bad.coords[10], bad.coords[11], bad.coords[14], bad.coords[15]]).toEqual([0, 0, 0, 0]);
    expect(bad.rows.length).toBe(58);
    expect(bad.message).toMatch(/NaN\/Infinity vector left out \(rows 5\)/);
    // Fewer points than neighbours: k shrinks to n − 1.
    const few = await umap(blobs(1, 5, 4, 1), { seed: 1, nEpochs: 50 });
    expect(few.knn.k).toBe(4);
    expect(few.coords.every(Number.isFinite)).toBe(true);
  });

  it('stops with an AbortError from the signal mid-layout or from onProgress returning false', async () => {
    const x = blobs(3, 100, 8, 5);
    const signal = { aborted: false };
    const phases: string[] = [];
    const run = umap(x, { seed: 1 }, {
      signal,
      progressMs: 0,
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === 'layout' && p.done >= 3) signal.aborted = true;
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(phases).toContain('knn');
    expect(phases.filter((p) => p === 'layout').length).toBeLessThan(10);
    await expect(umap(x, {}, { onProgress: () => false })).rejects.toThrow(/cancelled/);
  });

  it('lays out as faithfully as umap-js (15-NN recall of the layout, same data)', async () => {
    const x = blobs(4, 75, 20, 6, 1.2);
    const high = neighbours(x.n, cosDist(x.data, x.dim));
    const recall = (y: Float32Array) => {
      const low = neighbours(x.n, eucl2d(y));
      let hit = 0;
      for (let i = 0; i < x.n; i++) {
        const s = new Set(high[i]!.subarray(0, 15));
        for (let p = 0; p < 15; p++) hit += s.has(low[i]![p]!) ? 1 : 0;
      }
      return hit / (x.n * 15);
    };
    const ours = await umap(x, { seed: 1, nEpochs: 200 });
    const rows = Array.from({ length: x.n }, (_, i) => Array.from(x.data.subarray(i * x.dim, (i + 1) * x.dim)));
    const theirs = Float32Array.from(new UMAP({ random: mulberry32(1), nEpochs: 200 }).fit(rows).flat());
    expect(recall(ours.coords)).toBeGreaterThan(0.95 * recall(theirs));
  });
});
