// k nearest neighbours by cosine for UMAP and clustering: exact by blocked cosine (Wasm SIMD kernel) up to ~20k rows,
// NN-descent seeded by random-projection trees above that. Distances are cosine distances 1 − cos.

import { cosineBlock, dotRows, type Vectors } from '../similarity/cosine';
import { mulberry32 } from '../similarity/random';
import { simdCosine } from '../similarity/simd';
import type { Ticker } from './job';

/** k-NN graph: `indices`/`distances` are `n × k` row-major, nearest first, self excluded; -1/Infinity pad rows with < k neighbours. */
export interface Knn {
  indices: Int32Array;
  /** Cosine distance 1 − cos, ascending per row. */
  distances: Float32Array;
  n: number;
  k: number;
  /** True when computed exactly (blocked cosine), false for NN-descent. */
  exact: boolean;
}

/** Options of {@link knnCosine}. */
export interface KnnOptions {
  /** Largest n for the exact method (default 20 000); above it NN-descent. */
  exactMaxN?: number;
  /** Seed of the RP trees and NN-descent sampling (default 42). */
  seed?: number;
  /** NN-descent iterations at most (default max(5, round(log2 n))). */
  maxIterations?: number;
}

/**
 * The `k` nearest rows (by cosine) of every row of `unit` (`n × dim` row-major, rows unit-normalised, no zero rows:
 * see `checkRows`). `k` is clamped to n − 1. Exact for n ≤ `exactMaxN` (O(n²·dim) in 256-row blocks, memory
 * O(256·n)), else NN-descent (approximate; recall typically > 0.9). Reports phase `knn` (rows or iterations done).
 */
export async function knnCosine(unit: Vectors, k: number, opts: KnnOptions, ticker: Ticker): Promise<Knn> {
  const n = unit.n;
  k = Math.max(0, Math.min(k, n - 1));
  if (n <= (opts.exactMaxN ?? 20000)) return exactKnn(unit, k, ticker);
  return nnDescent(unit, k, opts, ticker);
}

async function exactKnn(unit: Vectors, k: number, ticker: Ticker): Promise<Knn> {
  const n = unit.n;
  const indices = new Int32Array(n * k).fill(-1);
  const sims = new Float32Array(n * k).fill(-Infinity);
  // Keeps row i's k best (descending similarity) by insertion; cheap because most candidates fail the first test.
  const offer = (i: number, j: number, s: number) => {
    const o = i * k;
    if (!(s > sims[o + k - 1]!)) return;
    let p = k - 1;
    while (p > 0 && sims[o + p - 1]! < s) {
      sims[o + p] = sims[o + p - 1]!;
      indices[o + p] = indices[o + p - 1]!;
      p--;
    }
    sims[o + p] = s;
    indices[o + p] = j;
  };
  // The cosine matrix is symmetric: block (R, C) for C ≥ R serves rows R and, transposed, rows C, halving the work.
  const BLOCK = 256;
  if (k > 0) {
    for (let r0 = 0; r0 < n; r0 += BLOCK) {
      const r1 = Math.min(n, r0 + BLOCK);
      const w = n - r0;
      const block = cosineBlock(unit, r0, r1, r0, n);
      for (let i = r0; i < r1; i++) {
        const row = (i - r0) * w - r0;
        for (let j = i + 1; j < n; j++) {
          const s = block[row + j]!;
          offer(i, j, s);
          offer(j, i, s);
        }
      }
      await ticker.tick('knn', n - ((n - r1) * (n - r1)) / n, n);
    }
  }
  const distances = new Float32Array(n * k);
  for (let i = 0; i < distances.length; i++) distances[i] = indices[i]! < 0 ? Infinity : Math.max(0, 1 - sims[i]!);
  return { indices, distances, n, k, exact: true };
}

/** Per-row bounded max-heaps (root = farthest kept neighbour) with a "new" flag per entry, as in NN-descent. */
class Heaps {
  readonly idx: Int32Array;
  readonly dist: Float32Array;
  readonly flag: Uint8Array;
  constructor(readonly n: number, readonly k: number) {
    this.idx = new Int32Array(n * k).fill(-1);
    this.dist = new Float32Array(n * k).fill(Infinity);
    this.flag = new Uint8Array(n * k);
  }
  /** Pushes j into row i if closer than the current farthest and not already there; returns 1 if it went in. */
  push(i: number, j: number, d: number, isNew: number): number {
    const k = this.k, o = i * k, dist = this.dist, idx = this.idx;
    if (!(d < dist[o]!)) return 0;
    for (let p = 0; p < k; p++) if (idx[o + p] === j) return 0;
    // Replace the root and sift down.
    let p = 0;
    for (;;) {
      const l = 2 * p + 1, r = l + 1;
      let s = p, sd = d;
      if (l < k && dist[o + l]! > sd) {
        s = l;
        sd = dist[o + l]!;
      }
      if (r < k && dist[o + r]! > sd) s = r;
      if (s === p) break;
      dist[o + p] = dist[o + s]!;
      idx[o + p] = idx[o + s]!;
      this.flag[o + p] = this.flag[o + s]!;
      p = s;
    }
    dist[o + p] = d;
    idx[o + p] = j;
    this.flag[o + p] = isNew;
    return 1;
  }
}

/**
 * NN-descent (Dong et al. 2011, as in pynndescent): start from random-projection-tree leaves (angular splits), then
 * repeatedly join each point's new and old candidate neighbours (sampled, with reverse edges) until fewer than
 * 0.1 % of heap entries change.
 */
async function nnDescent(unit: Vectors, k: number, opts: KnnOptions, ticker: Ticker): Promise<Knn> {
  const { n, dim, data } = unit;
  const rnd = mulberry32(opts.seed ?? 42);
  const heaps = new Heaps(n, k);
  const dist = (i: number, j: number) => 1 - dotRows(data, i, data, j, dim);
  const leafSize = Math.max(10, k);
  const nTrees = Math.min(8, 3 + Math.round(Math.sqrt(n) / 100));
  const iters = opts.maxIterations ?? Math.max(5, Math.round(Math.log2(n)));
  const totalSteps = nTrees + iters;
  // Random-projection trees: split by the hyperplane equidistant (in angle) from two random points of the node.
  const order = new Int32Array(n);
  const hyper = new Float32Array(dim);
  const side = new Uint8Array(n);
  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) order[i] = i;
    const stack: number[] = [0, n];
    while (stack.length) {
      const hi = stack.pop()!, lo = stack.pop()!;
      const size = hi - lo;
      if (size <= leafSize) {
        for (let a = lo; a < hi; a++) {
          for (let b = a + 1; b < hi; b++) {
            const p = order[a]!, q = order[b]!;
            const d = dist(p, q);
            heaps.push(p, q, d, 1);
            heaps.push(q, p, d, 1);
          }
        }
        continue;
      }
      const pa = Math.floor(rnd() * size);
      const p = order[lo + pa]!;
      const q = order[lo + ((pa + 1 + Math.floor(rnd() * (size - 1))) % size)]!;
      for (let d = 0; d < dim; d++) hyper[d] = data[p * dim + d]! - data[q * dim + d]!;
      let left = 0;
      for (let a = lo; a < hi; a++) {
        const i = order[a]!;
        let s = 0;
        for (let d = 0; d < dim; d++) s += hyper[d]! * data[i * dim + d]!;
        const l = s > 0 || (s === 0 && rnd() < 0.5) ? 1 : 0;
        side[i] = l;
        left += l;
      }
      // A degenerate split (duplicates, or a zero hyperplane) falls back to halving, so the recursion always ends.
      if (left === 0 || left === size) {
        const mid = lo + (size >> 1);
        stack.push(lo, mid, mid, hi);
        continue;
      }
      let a = lo, b = hi - 1;
      while (a <= b) {
        if (side[order[a]!]) a++;
        else {
          const tmp = order[a]!;
          order[a] = order[b]!;
          order[b] = tmp;
          b--;
        }
      }
      stack.push(lo, a, a, hi);
    }
    await ticker.tick('knn', t + 1, totalSteps, true);
  }
  // Rows that no leaf filled enough (tiny leaves) get random neighbours, so every heap is full before descent.
  for (let i = 0; i < n; i++) {
    for (let tries = 0; heaps.idx[i * k]! < 0 && tries < 4 * k; tries++) {
      const j = Math.floor(rnd() * n);
      if (j !== i) heaps.push(i, j, dist(i, j), 1);
    }
  }
  const maxC = Math.min(60, Math.max(k, 8));
  const newC = new Int32Array(n * maxC);
  const newP = new Float32Array(n * maxC);
  const oldC = new Int32Array(n * maxC);
  const oldP = new Float32Array(n * maxC);
  const cand = new Int32Array(2 * maxC);
  const gather = new Float32Array(2 * maxC * dim);
  // Keeps the maxC candidates with the smallest random priority (a uniform sample of all offered).
  const offer = (C: Int32Array, P: Float32Array, i: number, j: number, pr: number) => {
    const o = i * maxC;
    let worst = o;
    for (let s = o; s < o + maxC; s++) {
      if (C[s] === j) return;
      if (C[s]! < 0) {
        C[s] = j;
        P[s] = pr;
        return;
      }
      if (P[s]! > P[worst]!) worst = s;
    }
    if (pr < P[worst]!) {
      C[worst] = j;
      P[worst] = pr;
    }
  };
  for (let it = 0; it < iters; it++) {
    newC.fill(-1);
    oldC.fill(-1);
    for (let i = 0; i < n; i++) {
      for (let s = i * k; s < i * k + k; s++) {
        const j = heaps.idx[s]!;
        if (j < 0) continue;
        const pr = rnd();
        if (heaps.flag[s]) {
          offer(newC, newP, i, j, pr);
          offer(newC, newP, j, i, pr);
        } else {
          offer(oldC, oldP, i, j, pr);
          offer(oldC, oldP, j, i, pr);
        }
      }
    }
    // Entries sampled as new candidates become old: they have now been joined.
    for (let i = 0; i < n; i++) {
      for (let s = i * k; s < i * k + k; s++) {
        if (!heaps.flag[s]) continue;
        const j = heaps.idx[s]!;
        for (let c = i * maxC; c < i * maxC + maxC; c++) if (newC[c] === j) {
          heaps.flag[s] = 0;
          break;
        }
      }
    }
    let updates = 0;
    for (let i = 0; i < n; i++) {
      const o = i * maxC;
      // Gather i's new then old candidates and get all their cosines in one SIMD block (a few wasted old × old pairs
      // cost less than scalar dot products for the new × new and new × old pairs the join needs).
      let c = 0;
      for (let a = o; a < o + maxC; a++) if (newC[a]! >= 0) cand[c++] = newC[a]!;
      const nNew = c;
      if (nNew === 0) continue;
      for (let a = o; a < o + maxC; a++) if (oldC[a]! >= 0) cand[c++] = oldC[a]!;
      for (let a = 0; a < c; a++) gather.set(data.subarray(cand[a]! * dim, cand[a]! * dim + dim), a * dim);
      const sims = simdCosine(gather.subarray(0, c * dim), c, dim);
      for (let a = 0; a < nNew; a++) {
        const p = cand[a]!;
        for (let b = a + 1; b < c; b++) {
          const q = cand[b]!;
          if (q === p) continue;
          const d = sims ? 1 - sims[a * c + b]! : dist(p, q);
          updates += heaps.push(p, q, d, 1) + heaps.push(q, p, d, 1);
        }
      }
      if ((i & 1023) === 1023) await ticker.tick('knn', nTrees + it + (i + 1) / n, totalSteps);
    }
    await ticker.tick('knn', nTrees + it + 1, totalSteps, true);
    if (updates <= 0.001 * n * k) break;
  }
  // Heaps → rows sorted nearest first.
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const ord = Array.from({ length: k }, (_, p) => p);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    ord.sort((x, y) => heaps.dist[o + x]! - heaps.dist[o + y]! || heaps.idx[o + x]! - heaps.idx[o + y]!);
    for (let p = 0; p < k; p++) {
      const j = heaps.idx[o + ord[p]!]!;
      indices[o + p] = j;
      distances[o + p] = j < 0 ? Infinity : Math.max(0, heaps.dist[o + ord[p]!]!);
    }
  }
  return { indices, distances, n, k, exact: false };
}
