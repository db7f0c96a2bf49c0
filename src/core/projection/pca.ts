// Principal component analysis to k dimensions (2 for maps): centre, covariance (or Gram) by the blocked cosine kernel,
// seeded subspace iteration, sign-normalised components; degenerate inputs give zeros and a message, never NaN.

import { cosineMatrix, type Vectors } from '../similarity/cosine';
import { mulberry32 } from '../similarity/random';
import { Ticker, type JobControl } from './job';
import { topEigen } from './linalg';
import { checkRows, excludedMessage, type ExcludedRow } from './rows';

/** Options of {@link pca}. */
export interface PcaOptions {
  /** Output dimensions k (default 2). */
  components?: number;
  /** Seed of the subspace iteration's start vectors and of row sampling (default 42). */
  seed?: number;
  /**
   * Fit mean and components on at most this many rows (a seeded uniform sample), then project every row (default: all
   * rows). Bounds the O(n·dim²) covariance cost for large n; the UMAP initialisation uses 20 000.
   */
  maxFitRows?: number;
}

/** Result of {@link pca}. All arrays are new; nothing is NaN. */
export interface PcaResult {
  /** `n × k` row-major coordinates (units of the input vectors, centred); excluded rows are 0. */
  coords: Float32Array;
  n: number;
  k: number;
  /** `k × dim` row-major unit principal axes (all-zero rows for components with no variance). */
  components: Float32Array;
  /** The fitted mean, length dim. */
  mean: Float32Array;
  /** Variance along each component (eigenvalue of the covariance with n − 1 in the denominator), length k. */
  explainedVariance: Float64Array;
  /** Share of the total variance along each component, length k (0 when the total is 0). */
  explainedVarianceRatio: Float64Array;
  /** Rows left out of the fit (NaN or ±Infinity entries; zero vectors are kept as points). */
  excluded: ExcludedRow[];
  /** True when the fitted rows have no variance (one row, or all identical): every point sits at the origin. */
  degenerate: boolean;
  /** Human-readable notes on degenerate input or excluded rows, or null. */
  message: string | null;
}

/** Rows per covariance chunk: transposed to `dim × CHUNK` so the cosine kernel's dot products are covariance sums. */
const CHUNK = 2048;

/**
 * PCA of `v` (`n × dim` row-major Float32Array) onto its top `k` principal axes. Uses the `dim × dim` covariance when
 * fitted rows ≥ dim, else the `n × n` Gram matrix of centred rows (same axes, cheaper for a prompt's few hundred
 * samples). Deterministic: each axis's sign makes its largest-magnitude loading positive (first such index on ties).
 * Rows with NaN/Infinity are excluded (listed in `excluded`, coordinates 0); one row or identical rows give all
 * coordinates 0 with `degenerate: true`. Progress phases: `pca` (fitted rows done of total, then the projection).
 */
export async function pca(v: Vectors, opts: PcaOptions = {}, ctl: JobControl = {}): Promise<PcaResult> {
  const k = Math.max(1, Math.floor(opts.components ?? 2));
  const seed = opts.seed ?? 42;
  const { n, dim, data } = v;
  const ticker = new Ticker('PCA', ctl);
  const { kept, excluded } = checkRows(v, false);
  let fit = kept;
  if (opts.maxFitRows !== undefined && kept.length > opts.maxFitRows) fit = sampleRows(kept, Math.max(1, opts.maxFitRows), seed);
  const m = fit.length;
  const mean64 = new Float64Array(dim);
  for (let j = 0; j < m; j++) {
    const o = fit[j]! * dim;
    for (let d = 0; d < dim; d++) mean64[d] = mean64[d]! + data[o + d]!;
  }
  if (m > 0) for (let d = 0; d < dim; d++) mean64[d] = mean64[d]! / m;
  const mean = Float32Array.from(mean64);
  const kk = Math.min(k, dim);
  const comps = new Float64Array(k * dim);
  const variance = new Float64Array(k);
  let total = 0;
  if (m >= 2 && dim > 0) {
    let values: Float64Array;
    let vecs: Float64Array;
    if (m >= dim) {
      const C = new Float64Array(dim * dim);
      const T = new Float32Array(dim * CHUNK);
      for (let c0 = 0; c0 < m; c0 += CHUNK) {
        const c1 = Math.min(m, c0 + CHUNK), w = c1 - c0;
        for (let j = c0; j < c1; j++) {
          const o = fit[j]! * dim;
          for (let d = 0; d < dim; d++) T[d * w + (j - c0)] = data[o + d]! - mean64[d]!;
        }
        const part = cosineMatrix({ data: w === CHUNK ? T : T.subarray(0, dim * w), n: dim, dim: w }, undefined, { normalized: true });
        for (let i = 0; i < C.length; i++) C[i] = C[i]! + part[i]!;
        await ticker.tick('pca', c1, m);
      }
      const e = topEigen(C, dim, kk, seed);
      values = e.values;
      vecs = e.vectors;
      for (let d = 0; d < dim; d++) total += C[d * dim + d]!;
    } else {
      const X = new Float32Array(m * dim);
      for (let j = 0; j < m; j++) {
        const o = fit[j]! * dim;
        for (let d = 0; d < dim; d++) X[j * dim + d] = data[o + d]! - mean64[d]!;
      }
      const G32 = cosineMatrix({ data: X, n: m, dim }, undefined, { normalized: true });
      const G = Float64Array.from(G32);
      for (let j = 0; j < m; j++) total += G[j * m + j]!;
      const kg = Math.min(kk, m);
      const e = topEigen(G, m, kg, seed);
      values = new Float64Array(kk);
      values.set(e.values);
      // Axis = Xᵀu / ‖Xᵀu‖ (‖Xᵀu‖ = √λ for a unit eigenvector u of XXᵀ; normalising again absorbs rounding).
      vecs = new Float64Array(dim * kk);
      for (let c = 0; c < kg; c++) {
        let nn = 0;
        for (let d = 0; d < dim; d++) {
          let s = 0;
          for (let j = 0; j < m; j++) s += X[j * dim + d]! * e.vectors[j * kg + c]!;
          vecs[d * kk + c] = s;
          nn += s * s;
        }
        const inv = nn > 0 ? 1 / Math.sqrt(nn) : 0;
        for (let d = 0; d < dim; d++) vecs[d * kk + c] = vecs[d * kk + c]! * inv;
      }
    }
    // An axis carries variance only if its eigenvalue stands clear of f32 rounding relative to the total.
    const floor = Math.max(total * 1e-10, 1e-30);
    for (let c = 0; c < kk; c++) {
      if (!(values[c]! > floor)) continue;
      variance[c] = values[c]! / (m - 1);
      let best = 0;
      for (let d = 0; d < dim; d++) if (Math.abs(vecs[d * kk + c]!) > Math.abs(vecs[best * kk + c]!) + 1e-12) best = d;
      const sign = vecs[best * kk + c]! < 0 ? -1 : 1;
      // `+ 0` turns −0 into 0, so exact zeros compare equal in tests and exports.
      for (let d = 0; d < dim; d++) comps[c * dim + d] = sign * vecs[d * kk + c]! + 0;
    }
  }
  const coords = new Float32Array(n * k);
  for (let j = 0; j < kept.length; j++) {
    const i = kept[j]!, o = i * dim;
    for (let c = 0; c < k; c++) {
      if (variance[c] === 0) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (data[o + d]! - mean64[d]!) * comps[c * dim + d]!;
      coords[i * k + c] = s + 0;
    }
    if ((j & 4095) === 4095) await ticker.tick('pca', j + 1, kept.length);
  }
  await ticker.tick('pca', kept.length, kept.length, true);
  const totalVar = m >= 2 ? total / (m - 1) : 0;
  const degenerate = variance[0] === 0;
  const notes: string[] = [];
  if (m === 0) notes.push(n === 0 ? 'no vectors to project' : 'no usable vectors to project');
  else if (m === 1) notes.push('only one vector: it sits at the origin');
  else if (degenerate) notes.push(`all ${m} vectors are identical (zero variance): every point sits at the origin`);
  const ex = excludedMessage(excluded);
  if (ex) notes.push(ex);
  return {
    coords,
    n,
    k,
    components: Float32Array.from(comps),
    mean,
    explainedVariance: variance,
    explainedVarianceRatio: variance.map((x) => (totalVar > 0 ? x / totalVar : 0)),
    excluded,
    degenerate,
    message: notes.length ? notes.join('; ') : null,
  };
}

/** `count` of `rows` chosen uniformly without replacement by a seeded partial Fisher–Yates shuffle, kept in ascending order. */
function sampleRows(rows: Int32Array, count: number, seed: number): Int32Array {
  const a = Int32Array.from(rows);
  const r = mulberry32(seed ^ 0x5bd1e995);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(r() * (a.length - i));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.subarray(0, count).sort();
}
