// PCA: known axes and variances, agreement of the covariance and Gram paths with a dense eigensolver, sign stability, degenerate inputs.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../similarity/random';
import { JobCancelledError } from './job';
import { jacobiEigen } from './linalg';
import { pca } from './pca';

/** `n` points `μ + Σ_c s_c z_c e_c` with z ~ N(0,1), orthonormal axes e_c = the given rotation's rows, row-major n × dim. */
function gaussianCloud(n: number, dim: number, sds: number[], seed: number, axes?: number[][]): Float32Array {
  const r = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < sds.length; c++) {
      const z = g() * sds[c]!;
      for (let d = 0; d < dim; d++) out[i * dim + d] = out[i * dim + d]! + z * (axes ? axes[c]![d]! : d === c ? 1 : 0);
    }
    for (let d = 0; d < dim; d++) out[i * dim + d] = out[i * dim + d]! + 3; // an offset the centring must remove
  }
  return out;
}

/** Reference PCA: dense covariance + Jacobi, sign rule applied. Returns axes (k × dim) and variances. */
function referencePca(x: Float32Array, n: number, dim: number, k: number) {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] = mean[d]! + x[i * dim + d]! / n;
  const C = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) C[a * dim + b] = C[a * dim + b]! + ((x[i * dim + a]! - mean[a]!) * (x[i * dim + b]! - mean[b]!)) / (n - 1);
  const e = jacobiEigen(C, dim);
  const axes: number[][] = [];
  for (let c = 0; c < k; c++) {
    const v = Array.from({ length: dim }, (_, d) => e.vectors[d * dim + c]!);
    const big = v.reduce((b, x, i) => (Math.abs(x) > Math.abs(v[b]!) + 1e-12 ? i : b), 0);
    axes.push(v[big]! < 0 ? v.map((x) => -x) : v);
  }
  return { axes, variances: Array.from(e.values.subarray(0, k)) };
}

describe('pca', () => {
  it('projects a known cross onto its arms (golden)', async () => {
    const r = await pca({ data: Float32Array.from([1, 0, -1, 0, 0, 0.5, 0, -0.5]), n: 4, dim: 2 });
    expect(Array.from(r.components)).toEqual([1, 0, 0, 1]);
    expect(Array.from(r.coords)).toEqual([1, 0, -1, 0, 0, 0.5, 0, -0.5]);
    expect(r.explainedVariance[0]).toBeCloseTo(2 / 3, 12);
    expect(r.explainedVariance[1]).toBeCloseTo(0.5 / 3, 12);
    expect(r.explainedVarianceRatio[0]).toBeCloseTo(0.8, 12);
  });

  it('recovers known axes and variances of an anisotropic cloud (axis-aligned), with the sign rule', async () => {
    const n = 4000, dim = 6;
    const x = gaussianCloud(n, dim, [5, 2, 0.5], 1);
    const r = await pca({ data: x, n, dim });
    expect(r.k).toBe(2);
    expect(r.degenerate).toBe(false);
    expect(Math.abs(r.components[0]! - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.components[dim + 1]! - 1)).toBeLessThan(1e-3);
    expect(r.explainedVariance[0]).toBeGreaterThan(25 * 0.93);
    expect(r.explainedVariance[0]).toBeLessThan(25 * 1.07);
    expect(r.explainedVariance[1]).toBeGreaterThan(4 * 0.93);
    expect(r.explainedVariance[1]).toBeLessThan(4 * 1.07);
    const ratioSum = r.explainedVarianceRatio[0]! + r.explainedVarianceRatio[1]!;
    expect(ratioSum).toBeGreaterThan(0.98);
    expect(ratioSum).toBeLessThanOrEqual(1 + 1e-9);
    for (const d of [0, 1, 2, 3, 4, 5]) expect(Math.abs(r.mean[d]! - 3)).toBeLessThan(0.2);
  });

  it('matches a dense covariance eigensolver on rotated data, on both the covariance (n ≥ dim) and Gram (n < dim) paths', async () => {
    const dim = 12;
    const rot: number[][] = [];
    const q = jacobiEigen(Float64Array.from({ length: dim * dim }, (_, i) => Math.sin(i * 1.7) + Math.cos((i % dim) * (Math.floor(i / dim) + 1))).map((v, i, a) => (v + a[(i % dim) * dim + Math.floor(i / dim)]!) / 2), dim);
    for (let c = 0; c < 3; c++) rot.push(Array.from({ length: dim }, (_, d) => q.vectors[d * dim + c]!));
    for (const n of [300, 9]) {
      const x = gaussianCloud(n, dim, [4, 2, 1], 7 + n, rot);
      const r = await pca({ data: x, n, dim }, { components: 3 });
      const ref = referencePca(x, n, dim, 3);
      for (let c = 0; c < 3; c++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += r.components[c * dim + d]! * ref.axes[c]![d]!;
        expect(dot).toBeGreaterThan(1 - 1e-4);
        expect(r.explainedVariance[c]! / ref.variances[c]!).toBeCloseTo(1, 4);
      }
      // coords are projections of centred rows onto the axes
      let s = 0;
      for (let d = 0; d < dim; d++) s += (x[d]! - r.mean[d]!) * r.components[d]!;
      expect(r.coords[0]).toBeCloseTo(s, 3);
    }
  });

  it('gives the same picture for any seed (sign-normalised) and exactly the same for the same seed', async () => {
    const n = 500, dim = 20;
    const x = gaussianCloud(n, dim, [3, 2, 1], 3);
    const a = await pca({ data: x, n, dim }, { seed: 1 });
    const b = await pca({ data: x, n, dim }, { seed: 1 });
    const c = await pca({ data: x, n, dim }, { seed: 99 });
    expect(b.coords).toEqual(a.coords);
    for (let i = 0; i < a.coords.length; i++) expect(Math.abs(c.coords[i]! - a.coords[i]!)).toBeLessThan(1e-3);
  });

  it('fits on a seeded row sample when maxFitRows is set, and still projects every row', async () => {
    const n = 3000, dim = 8;
    const x = gaussianCloud(n, dim, [4, 1], 5);
    const r = await pca({ data: x, n, dim }, { maxFitRows: 500 });
    expect(Math.abs(r.components[0]!)).toBeGreaterThan(0.99);
    expect(r.coords.every((v) => Number.isFinite(v))).toBe(true);
    expect(r.coords[2 * (n - 1)]).not.toBe(0);
  });

  it('handles degenerate input without NaN: empty, one row, identical rows, rank one, NaN and zero rows', async () => {
    const dim = 4;
    const empty = await pca({ data: new Float32Array(0), n: 0, dim });
    expect(empty.coords.length).toBe(0);
    expect(empty.message).toMatch(/no vectors/);

    const one = await pca({ data: Float32Array.from([1, 2, 3, 4]), n: 1, dim });
    expect(Array.from(one.coords)).toEqual([0, 0]);
    expect(one.degenerate).toBe(true);
    expect(one.message).toMatch(/only one vector/);

    const same = new Float32Array(5 * dim).map((_, i) => [0.1, -0.3, 0.7, 0.2][i % dim]!);
    const s = await pca({ data: same, n: 5, dim });
    expect(Array.from(s.coords)).toEqual(new Array(10).fill(0));
    expect(s.degenerate).toBe(true);
    expect(s.message).toMatch(/identical \(zero variance\)/);
    expect(Array.from(s.explainedVarianceRatio)).toEqual([0, 0]);

    // Two distinct points: one axis, the second component has no variance and stays 0.
    const two = await pca({ data: Float32Array.from([0, 0, 0, 0, 1, 1, 0, 0]), n: 2, dim });
    expect(two.degenerate).toBe(false);
    expect(Math.abs(two.coords[0]! - two.coords[2]!)).toBeCloseTo(Math.SQRT2, 5);
    expect(two.coords[1]).toBe(0);
    expect(two.coords[3]).toBe(0);

    const bad = Float32Array.from([1, 0, 0, 0, NaN, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, Infinity, 0]);
    const b = await pca({ data: bad, n: 5, dim });
    expect(b.excluded).toEqual([{ row: 1, problem: 'non-finite' }, { row: 4, problem: 'non-finite' }]);
    expect(b.coords.every((v) => Number.isFinite(v))).toBe(true);
    expect(b.coords[2]).toBe(0);
    expect(b.message).toMatch(/2 NaN\/Infinity vectors left out \(rows 1, 4\)/);
    // the zero vector (row 2) is a point of the fit, not excluded
    expect(b.coords[4] !== 0 || b.coords[5] !== 0).toBe(true);

    await expect(pca({ data: new Float32Array(3), n: 2, dim: 2 })).rejects.toThrow(/data.length 3/);
  });

  it('stops with an AbortError when the signal is aborted or onProgress returns false', async () => {
    const n = 5000, dim = 8;
    const x = gaussianCloud(n, dim, [1], 2);
    await expect(pca({ data: x, n, dim }, {}, { signal: { aborted: true } })).rejects.toBeInstanceOf(JobCancelledError);
    const seen: string[] = [];
    await expect(pca({ data: x, n, dim }, {}, { onProgress: (p) => (seen.push(p.phase), false) })).rejects.toThrow(/PCA cancelled/);
    expect(seen).toEqual(['pca']);
  });
});
