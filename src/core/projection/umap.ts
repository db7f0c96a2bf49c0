// UMAP to 2-D on typed arrays (McInnes et al. 2018, following the reference implementation and umap-js): cosine k-NN,
// smooth-kNN fuzzy simplicial set, PCA initialisation, SGD with negative sampling; seeded, with progress and cancel.

import { normalizeRows, type Vectors } from '../similarity/cosine';
import { Ticker, type JobControl } from './job';
import { knnCosine, type Knn } from './knn';
import { pca } from './pca';
import { checkRows, excludedMessage, pickRows, type ExcludedRow } from './rows';

/** Options of {@link umap}; defaults are umap-js's (nNeighbors 15, minDist 0.1, spread 1, epochs by n). */
export interface UmapOptions {
  /** Neighbourhood size including the point itself, as in umap-js and the reference (default 15). */
  nNeighbors?: number;
  /** Smallest distance between points in the layout (layout units; default 0.1). */
  minDist?: number;
  /** Scale of the layout's clusters (default 1). */
  spread?: number;
  /** SGD epochs; default as umap-js: 500 up to 2500 rows, 400 to 5000, 300 to 7500, else 200. */
  nEpochs?: number;
  learningRate?: number;
  negativeSampleRate?: number;
  repulsionStrength?: number;
  /** Seed of every random choice (k-NN trees, initial jitter, negative samples); same seed + input = same layout. */
  seed?: number;
  /** `pca` (default): the first two principal components scaled to ±10, plus 1e-4 jitter; `random`: uniform in ±10 as umap-js. */
  init?: 'pca' | 'random';
  /** Largest n for the exact k-NN (default 20 000); above it NN-descent. */
  exactKnnMaxN?: number;
  /** A k-NN graph of the usable rows to reuse (k ≥ nNeighbors − 1 neighbours used). */
  knn?: Knn;
}

/** Result of {@link umap}. */
export interface UmapResult {
  /** `n × 2` row-major layout coordinates (unitless, roughly within ±15); excluded rows are 0. Never NaN. */
  coords: Float32Array;
  n: number;
  /** The k-NN graph of the usable rows (`knn.n` = usable rows, in input order), reusable by clustering. */
  knn: Knn;
  /** Input row of each usable row (ascending): usable row j is input row `rows[j]`. */
  rows: Int32Array;
  excluded: ExcludedRow[];
  /** Epochs run. */
  epochs: number;
  /** The fitted curve 1 / (1 + a·d^(2b)) of the layout's similarity. */
  a: number;
  b: number;
  /** Milliseconds per phase. */
  timings: { knn: number; graph: number; init: number; layout: number };
  message: string | null;
}

/** umap-js's epoch schedule (it trades epochs for time as n grows). */
export function defaultEpochs(n: number): number {
  return n <= 2500 ? 500 : n <= 5000 ? 400 : n <= 7500 ? 300 : 200;
}

/**
 * Fits `a`, `b` of the layout similarity 1 / (1 + a·x^(2b)) to the target `1` for x < minDist and
 * `exp(-(x − minDist) / spread)` beyond, at 300 points on [0, 3·spread], by Levenberg–Marquardt least squares as the
 * reference implementation's `find_ab_params` does (spread 1, minDist 0.1 → a ≈ 1.577, b ≈ 0.895).
 */
export function findAB(spread: number, minDist: number): { a: number; b: number } {
  const N = 300;
  const xs = new Float64Array(N), ys = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const x = (3 * spread * i) / (N - 1);
    xs[i] = x;
    ys[i] = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
  }
  const sse = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      const r = 1 / (1 + a * Math.pow(xs[i]!, 2 * b)) - ys[i]!;
      s += r * r;
    }
    return s;
  };
  let a = 1, b = 1, lambda = 1e-3, err = sse(a, b);
  for (let it = 0; it < 200; it++) {
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < N; i++) {
      const x = xs[i]!;
      if (x === 0) continue;
      const p = Math.pow(x, 2 * b);
      const den = 1 + a * p;
      const f = 1 / den;
      const r = f - ys[i]!;
      const da = -p / (den * den);
      const db = (-a * p * 2 * Math.log(x)) / (den * den);
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 20 && !improved; tries++) {
      const A = jaa * (1 + lambda), B = jab, D = jbb * (1 + lambda);
      const det = A * D - B * B;
      const stepA = -(D * ga - B * gb) / det, stepB = -(A * gb - B * ga) / det;
      const na = a + stepA, nb = b + stepB;
      const e = na > 0 && nb > 0 ? sse(na, nb) : Infinity;
      if (e < err) {
        const done = err - e < 1e-14 * Math.max(1, err);
        a = na;
        b = nb;
        err = e;
        lambda /= 10;
        improved = true;
        if (done) it = Infinity;
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}

/**
 * UMAP layout of the rows of `v` (`n × dim` row-major) in 2-D, by cosine distance.
 *
 * Steps: rows with NaN/Infinity or all zeros are left out (listed, placed at 0); k-NN by {@link knnCosine} (exact up to
 * `exactKnnMaxN`, else NN-descent); per row ρ = distance to the nearest neighbour and σ by binary search so that
 * Σ exp(−(d − ρ)/σ) = log2(nNeighbors); memberships symmetrised by the fuzzy union w = p + q − pq; edges lighter than
 * max/nEpochs dropped; PCA initialisation (by default); SGD as in the reference (each edge sampled in proportion to its
 * weight, `negativeSampleRate` random repulsions per sample, gradients clipped at 4, learning rate decaying linearly).
 * Deterministic for a seed. Degenerate input (n ≤ 2, all rows identical) returns the PCA picture with a message.
 * Progress phases `knn`, `graph`, `init`, `layout` (epochs); cancel via `ctl.signal` or `onProgress` returning false.
 */
export async function umap(v: Vectors, opts: UmapOptions = {}, ctl: JobControl = {}): Promise<UmapResult> {
  const seed = opts.seed ?? 42;
  const minDist = opts.minDist ?? 0.1, spread = opts.spread ?? 1;
  const ticker = new Ticker('UMAP', ctl);
  const { kept, excluded } = checkRows(v, true);
  const m = kept.length;
  const coords = new Float32Array(v.n * 2);
  const { a, b } = findAB(spread, minDist);
  const notes: string[] = [];
  const ex = excludedMessage(excluded);
  const timings = { knn: 0, graph: 0, init: 0, layout: 0 };
  let t0 = performance.now();
  const unit = normalizeRows(pickRows(v, kept));
  const k = Math.max(0, Math.min((opts.nNeighbors ?? 15) - 1, m - 1));
  const emptyKnn: Knn = { indices: new Int32Array(0), distances: new Float32Array(0), n: m, k: 0, exact: true };
  const base = { n: v.n, rows: kept, excluded, a, b, timings };

  // Too few points, or no spread at all: UMAP has nothing to lay out, so show the PCA picture (zeros for identical rows).
  const init = await pca(unit, { components: 2, seed, maxFitRows: 20000 }, ctl);
  if (m <= 2 || init.degenerate) {
    for (let j = 0; j < m; j++) {
      coords[kept[j]! * 2] = init.coords[j * 2]!;
      coords[kept[j]! * 2 + 1] = init.coords[j * 2 + 1]!;
    }
    if (init.message) notes.push(init.message);
    else if (m > 0) notes.push(`only ${m} vectors: shown by PCA, not UMAP`);
    if (ex) notes.push(ex);
    return { ...base, coords, knn: emptyKnn, epochs: 0, message: notes.join('; ') || null };
  }
  const initMs = performance.now() - t0;

  t0 = performance.now();
  let knn = opts.knn;
  if (knn && (knn.n !== m || knn.k < k)) throw new Error(`umap: the given k-NN graph has ${knn.n} rows × ${knn.k}, need ${m} × ≥ ${k}`);
  knn ??= await knnCosine(unit, k, { exactMaxN: opts.exactKnnMaxN, seed }, ticker);
  timings.knn = performance.now() - t0;

  t0 = performance.now();
  const nEpochs = Math.max(1, Math.floor(opts.nEpochs ?? defaultEpochs(m)));
  const graph = fuzzySimplicialSet(knn, k, opts.nNeighbors ?? 15);
  await ticker.tick('graph', 1, 1, true);
  timings.graph = performance.now() - t0;

  t0 = performance.now();
  const rnd = xorshift(seed);
  const Y = new Float32Array(m * 2);
  if ((opts.init ?? 'pca') === 'pca') {
    let max = 0;
    for (let i = 0; i < m * 2; i++) max = Math.max(max, Math.abs(init.coords[i]!));
    const scale = max > 0 ? 10 / max : 0;
    for (let i = 0; i < m * 2; i++) Y[i] = init.coords[i]! * scale + 1e-4 * gauss(rnd);
  } else {
    for (let i = 0; i < m * 2; i++) Y[i] = rnd() * 20 - 10;
  }
  timings.init = initMs + performance.now() - t0;

  t0 = performance.now();
  await optimizeLayout(Y, m, graph, nEpochs, a, b, opts, rnd, ticker);
  timings.layout = performance.now() - t0;

  for (let j = 0; j < m; j++) {
    coords[kept[j]! * 2] = Y[j * 2]!;
    coords[kept[j]! * 2 + 1] = Y[j * 2 + 1]!;
  }
  if (ex) notes.push(ex);
  if (!knn.exact) notes.push(`approximate neighbours (NN-descent) for ${m} points`);
  return { ...base, coords, knn, epochs: nEpochs, message: notes.join('; ') || null };
}

/** Edges of the symmetrised fuzzy graph (both directions), CSR by head: `tail[p]`, `weight[p]` for p in `ptr[i]..ptr[i+1]`. */
interface Graph {
  ptr: Int32Array;
  tail: Int32Array;
  weight: Float32Array;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/** Smooth-kNN memberships p(j|i) from the k-NN distances, then the fuzzy union p + q − pq over both directions. */
function fuzzySimplicialSet(knn: Knn, k: number, nNeighbors: number): Graph {
  const { n, indices, distances } = knn;
  const stride = knn.k;
  const target = Math.log2(nNeighbors);
  let meanAll = 0, cnt = 0;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      if (indices[i * stride + p]! < 0) continue;
      meanAll += distances[i * stride + p]!;
      cnt++;
    }
  }
  meanAll = cnt ? meanAll / cnt : 0;
  const vals = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    let rho = 0, mean = 0, valid = 0;
    for (let p = 0; p < k; p++) {
      if (indices[o + p]! < 0) continue;
      const d = distances[o + p]!;
      mean += d;
      valid++;
      if (rho === 0 && d > 0) rho = d;
    }
    mean = valid ? mean / valid : 0;
    let lo = 0, hi = Infinity, mid = 1;
    for (let it = 0; it < 64; it++) {
      let psum = 0;
      for (let p = 0; p < k; p++) {
        if (indices[o + p]! < 0) continue;
        const d = distances[o + p]! - rho;
        psum += d > 0 ? Math.exp(-d / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    let sigma = mid;
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? mean : meanAll);
    if (sigma < floor) sigma = floor;
    for (let p = 0; p < k; p++) {
      if (indices[o + p]! < 0) continue;
      const d = distances[o + p]! - rho;
      vals[i * k + p] = d <= 0 || sigma === 0 ? 1 : Math.exp(-d / sigma);
    }
  }
  // Both directions into rows, then merge duplicates per row: an edge seen from both ends gets p + q − pq.
  const cnt2 = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const j = indices[i * stride + p]!;
      if (j < 0 || vals[i * k + p] === 0) continue;
      cnt2[i + 1] = cnt2[i + 1]! + 1;
      cnt2[j + 1] = cnt2[j + 1]! + 1;
    }
  }
  for (let i = 0; i < n; i++) cnt2[i + 1] = cnt2[i + 1]! + cnt2[i]!;
  const col = new Int32Array(cnt2[n]!);
  const val = new Float32Array(cnt2[n]!);
  const fill = cnt2.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const j = indices[i * stride + p]!;
      const w = vals[i * k + p]!;
      if (j < 0 || w === 0) continue;
      col[fill[i]!] = j;
      val[fill[i]!] = w;
      fill[i] = fill[i]! + 1;
      col[fill[j]!] = i;
      val[fill[j]!] = w;
      fill[j] = fill[j]! + 1;
    }
  }
  const ptr = new Int32Array(n + 1);
  const tail = new Int32Array(col.length);
  const weight = new Float32Array(col.length);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const s = cnt2[i]!, e = cnt2[i + 1]!;
    // Insertion sort of the row by column (rows are short: ~2k entries, more only for hubs).
    for (let x = s + 1; x < e; x++) {
      const c = col[x]!, w = val[x]!;
      let y = x - 1;
      while (y >= s && col[y]! > c) {
        col[y + 1] = col[y]!;
        val[y + 1] = val[y]!;
        y--;
      }
      col[y + 1] = c;
      val[y + 1] = w;
    }
    ptr[i] = out;
    for (let x = s; x < e; x++) {
      if (x + 1 < e && col[x + 1] === col[x]) {
        const p = val[x]!, q = val[x + 1]!;
        tail[out] = col[x]!;
        weight[out++] = p + q - p * q;
        x++;
      } else {
        tail[out] = col[x]!;
        weight[out++] = val[x]!;
      }
    }
  }
  ptr[n] = out;
  return { ptr, tail: tail.subarray(0, out), weight: weight.subarray(0, out) };
}

/** A fast seeded uniform generator in [0, 1) (xorshift32); the SGD draws hundreds of millions of numbers. */
function xorshift(seed: number): () => number {
  let s = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
}

/**
 * `x ↦ x^b` for x > 0 by a table over float32 bit patterns (exponent + top 9 mantissa bits, 2^±40) with linear
 * interpolation: relative error < 1e-6, several times faster than Math.pow in the SGD's ~10⁸ calls. Outside the
 * table's range it falls back to exp(b·ln x).
 */
export function powTable(b: number): (x: number) => number {
  const SHIFT = 14;
  const f = new Float32Array(1), bits = new Int32Array(f.buffer);
  const lo = ((127 - 40) << 23) >> SHIFT, hi = ((127 + 40) << 23) >> SHIFT;
  const T = new Float64Array(hi - lo + 2);
  for (let k = lo; k <= hi + 1; k++) {
    bits[0] = k << SHIFT;
    T[k - lo] = Math.pow(f[0]!, b);
  }
  const span = hi - lo, scale = 1 / (1 << SHIFT), mask = (1 << SHIFT) - 1;
  return (x: number) => {
    f[0] = x;
    const w = bits[0]!;
    const k = (w >> SHIFT) - lo;
    if (k < 0 || k >= span) return Math.exp(b * Math.log(x));
    const t0 = T[k]!;
    return t0 + (T[k + 1]! - t0) * ((w & mask) * scale);
  };
}

/** The reference SGD (`optimize_layout_euclidean`) in 2-D on `Y` (m × 2), moving both ends of each positive edge. */
async function optimizeLayout(
  Y: Float32Array, m: number, g: Graph, nEpochs: number, a: number, b: number,
  opts: UmapOptions, rnd: () => number, ticker: Ticker,
): Promise<void> {
  const lr = opts.learningRate ?? 1;
  const negRate = opts.negativeSampleRate ?? 5;
  const gamma = opts.repulsionStrength ?? 1;
  let maxW = 0;
  for (let p = 0; p < g.weight.length; p++) maxW = Math.max(maxW, g.weight[p]!);
  // Edges lighter than max/nEpochs would be sampled less than once: drop them, as the reference does.
  const heads: number[] = [], tails: number[] = [], eps: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let p = g.ptr[i]!; p < g.ptr[i + 1]!; p++) {
      const w = g.weight[p]!;
      if (w < maxW / nEpochs || w <= 0) continue;
      heads.push(i);
      tails.push(g.tail[p]!);
      eps.push(maxW / w);
    }
  }
  const E = heads.length;
  const head = Int32Array.from(heads), tail = Int32Array.from(tails);
  const epochsPerSample = Float64Array.from(eps);
  const epochsPerNeg = epochsPerSample.map((e) => e / negRate);
  const nextSample = Float64Array.from(epochsPerSample);
  const nextNeg = Float64Array.from(epochsPerNeg);
  const clip = (x: number) => (x > 4 ? 4 : x < -4 ? -4 : x);
  const twoAB = 2 * a * b, twoGB = 2 * gamma * b;
  const pow = powTable(b);
  for (let n = 0; n < nEpochs; n++) {
    const alpha = lr * (1 - n / nEpochs);
    for (let e = 0; e < E; e++) {
      if (nextSample[e]! > n) continue;
      const j = head[e]!, k = tail[e]!;
      const j2 = j * 2, k2 = k * 2;
      let yj0 = Y[j2]!, yj1 = Y[j2 + 1]!;
      const dx = yj0 - Y[k2]!, dy = yj1 - Y[k2 + 1]!;
      const d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const pb = pow(d2);
        const gc = (-twoAB * (pb / d2)) / (a * pb + 1);
        const g0 = clip(gc * dx) * alpha, g1 = clip(gc * dy) * alpha;
        yj0 += g0;
        yj1 += g1;
        Y[k2] = Y[k2]! - g0;
        Y[k2 + 1] = Y[k2 + 1]! - g1;
      }
      nextSample[e] = nextSample[e]! + epochsPerSample[e]!;
      const nNeg = Math.floor((n - nextNeg[e]!) / epochsPerNeg[e]!);
      for (let q = 0; q < nNeg; q++) {
        const r = (rnd() * m) | 0;
        if (r === j) continue;
        const r2 = r * 2;
        const ex = yj0 - Y[r2]!, ey = yj1 - Y[r2 + 1]!;
        const e2 = ex * ex + ey * ey;
        if (e2 > 0) {
          const gc = twoGB / ((0.001 + e2) * (a * pow(e2) + 1));
          yj0 += clip(gc * ex) * alpha;
          yj1 += clip(gc * ey) * alpha;
        } else {
          yj0 += 4 * alpha;
          yj1 += 4 * alpha;
        }
      }
      nextNeg[e] = nextNeg[e]! + nNeg * epochsPerNeg[e]!;
      Y[j2] = yj0;
      Y[j2 + 1] = yj1;
    }
    await ticker.tick('layout', n + 1, nEpochs, n + 1 === nEpochs);
  }
}
