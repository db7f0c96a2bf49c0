// Clustering that needs no k: samples whose cosine reaches a threshold share a cluster, with exactly the grouping rules
// of the "distinct meanings" measure (metrics/semantic.ts), exact on a prompt's samples and over a k-NN graph at corpus scale.

import { clusterBySimilarity, type ClusterMethod } from '../metrics/semantic';
import { cosineBlock, cosineMatrix, dotRows, normalizeRows, type Vectors } from '../similarity/cosine';
import { Ticker, type JobControl } from './job';
import { knnCosine, type Knn } from './knn';
import { checkRows, excludedMessage, pickRows, type ExcludedRow } from './rows';

/** Options of {@link clusterVectors}. */
export interface ClusterOptions {
  /** Cosine at or above which two samples count as the same meaning (the semantic threshold, e.g. 0.8). */
  threshold: number;
  /** `leader` (default, as distinct meanings) or `single-link` (agglomerative single linkage cut at the threshold). */
  method?: ClusterMethod;
  /** Largest number of usable rows clustered exactly from the full cosine matrix (default 4096, 64 MB); above it the k-NN graph. */
  maxExact?: number;
  /** Neighbours per row for the k-NN-graph variant (default 30). */
  k?: number;
  /** A k-NN graph of the same usable rows (e.g. from {@link umap}'s result) to reuse instead of computing one. */
  knn?: Knn;
  /** Seed for the approximate k-NN above 20 000 rows (default 42). */
  seed?: number;
}

/** Result of {@link clusterVectors}. */
export interface Clustering {
  /** Cluster of each input row (length n), 0..count-1 in order of first appearance; -1 for excluded rows. */
  labels: Int32Array;
  count: number;
  /** Rows per cluster, length count. */
  sizes: Int32Array;
  /** True when computed from every pair (equals distinct meanings on one system's prompt); false on the k-NN graph. */
  exact: boolean;
  /** Rows left out (NaN/Infinity or all-zero vectors: a cosine needs a direction). */
  excluded: ExcludedRow[];
  message: string | null;
}

/**
 * Clusters the rows of `v` (`n × dim` row-major) by cosine similarity with no preset number of clusters.
 *
 * Same semantics as `distinctMeanings` (metrics/semantic.ts), which calls the same `clusterBySimilarity`: `leader`
 * takes rows in the given order and puts each into the first cluster whose first member (its leader) is ≥ threshold
 * similar, else opens a cluster; `single-link` joins every pair ≥ threshold transitively (agglomerative single
 * linkage cut at the threshold = connected components of the ≥ threshold graph). So passing one system's samples of a
 * prompt in sample-index order gives exactly that prompt's distinct-meanings count.
 *
 * Above `maxExact` rows (corpus map): `leader` stays exact, comparing rows block by block with the leaders so far
 * (cosine kernel; O(n × clusters × dim), so a high threshold on a big corpus is slow but shows progress); `single-link`
 * uses the edges of a k-NN graph (both directions) instead of all pairs: components of k-NN edges ≥ threshold, equal
 * to the exact result unless two groups are linked only by pairs that are in neither row's k nearest. Progress phase
 * `cluster` (rows done) or `knn`.
 */
export async function clusterVectors(v: Vectors, opts: ClusterOptions, ctl: JobControl = {}): Promise<Clustering> {
  const method = opts.method ?? 'leader';
  const ticker = new Ticker('Clustering', ctl);
  const { kept, excluded } = checkRows(v, true);
  const m = kept.length;
  const labels = new Int32Array(v.n).fill(-1);
  let exact = true;
  let local: Int32Array;
  if (m <= (opts.maxExact ?? 4096) && !opts.knn) {
    const sim = cosineMatrix(pickRows(v, kept));
    local = clusterBySimilarity(sim, m, opts.threshold, method);
  } else if (method === 'leader') {
    local = await leaderBlocked(normalizeRows(pickRows(v, kept)), opts.threshold, ticker);
  } else {
    exact = false;
    const knn = opts.knn ?? (await knnCosine(normalizeRows(pickRows(v, kept)), opts.k ?? 30, { seed: opts.seed }, ticker));
    if (knn.n !== m) throw new Error(`clusterVectors: the k-NN graph has ${knn.n} rows, the usable vectors ${m}`);
    local = singleLinkKnn(knn, opts.threshold);
  }
  let count = 0;
  for (let j = 0; j < m; j++) {
    labels[kept[j]!] = local[j]!;
    count = Math.max(count, local[j]! + 1);
  }
  const sizes = new Int32Array(count);
  for (let j = 0; j < m; j++) sizes[local[j]!] = sizes[local[j]!]! + 1;
  await ticker.tick('cluster', m, m, true);
  const notes: string[] = [];
  if (m === 0) notes.push(v.n === 0 ? 'no vectors to cluster' : 'no usable vectors to cluster');
  const ex = excludedMessage(excluded);
  if (ex) notes.push(ex);
  return { labels, count, sizes, exact, excluded, message: notes.length ? notes.join('; ') : null };
}

/**
 * The leader rule of `clusterBySimilarity` on unit rows at any n: rows in order, each compared with every leader so
 * far (those before its 512-row block through one cosine block, those opened inside the block one by one), joining the
 * first ≥ `threshold`. Leader vectors are copied into one growing buffer so each block is a single kernel call.
 */
async function leaderBlocked(unit: Vectors, threshold: number, ticker: Ticker): Promise<Int32Array> {
  const { n, dim, data } = unit;
  const labels = new Int32Array(n);
  let leaders = new Float32Array(Math.max(1, Math.min(n, 1024)) * dim);
  let count = 0;
  const BLOCK = 512;
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const r1 = Math.min(n, r0 + BLOCK);
    const before = count;
    const sims = before ? cosineBlock(unit, r0, r1, 0, before, { data: leaders, n: before, dim }) : new Float32Array(0);
    for (let i = r0; i < r1; i++) {
      let c = -1;
      const row = (i - r0) * before;
      for (let l = 0; l < before; l++) if (sims[row + l]! >= threshold) {
        c = l;
        break;
      }
      for (let l = before; c < 0 && l < count; l++) if (dotRows(data, i, leaders, l, dim) >= threshold) c = l;
      if (c < 0) {
        if ((count + 1) * dim > leaders.length) {
          const grown = new Float32Array(Math.min(n, 2 * (count + 1)) * dim);
          grown.set(leaders);
          leaders = grown;
        }
        leaders.set(data.subarray(i * dim, (i + 1) * dim), count * dim);
        c = count++;
      }
      labels[i] = c;
    }
    await ticker.tick('cluster', r1, n);
  }
  return labels;
}

/**
 * Single-linkage threshold clustering over a k-NN graph (`knn.n` rows; cosine = 1 − distance): connected components
 * of the k-NN edges (either direction) with cosine ≥ `threshold`, labelled 0..count-1 in order of their first row.
 * O(n·k) time and memory.
 */
export function singleLinkKnn(knn: Knn, threshold: number): Int32Array {
  const { n, k, indices, distances } = knn;
  const maxDist = 1 - threshold;
  // Undirected adjacency of the qualifying edges, CSR.
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let p = i * k; p < i * k + k; p++) {
      const j = indices[p]!;
      if (j < 0 || !(distances[p]! <= maxDist)) continue;
      deg[i + 1] = deg[i + 1]! + 1;
      deg[j + 1] = deg[j + 1]! + 1;
    }
  }
  for (let i = 0; i < n; i++) deg[i + 1] = deg[i + 1]! + deg[i]!;
  const adj = new Int32Array(deg[n]!);
  const fill = deg.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let p = i * k; p < i * k + k; p++) {
      const j = indices[p]!;
      if (j < 0 || !(distances[p]! <= maxDist)) continue;
      adj[fill[i]!] = j;
      adj[fill[j]!] = i;
      fill[i] = fill[i]! + 1;
      fill[j] = fill[j]! + 1;
    }
  }
  const labels = new Int32Array(n).fill(-1);
  let next = 0;
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (labels[s]! >= 0) continue;
    labels[s] = next;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      for (let p = deg[i]!; p < deg[i + 1]!; p++) {
        const j = adj[p]!;
        if (labels[j]! < 0) {
          labels[j] = next;
          stack.push(j);
        }
      }
    }
    next++;
  }
  return labels;
}

/**
 * Which groups (e.g. systems) fall in each cluster: `result[c]` maps group → rows of cluster c, in order of first
 * appearance. `groups[i]` is row i's group (same length as `labels`); rows labelled -1 are skipped.
 */
export function clusterComposition(labels: Int32Array, groups: readonly string[]): Map<string, number>[] {
  if (groups.length !== labels.length) throw new Error(`clusterComposition: ${groups.length} groups but ${labels.length} labels`);
  const out: Map<string, number>[] = [];
  labels.forEach((c, i) => {
    if (c < 0) return;
    const m = (out[c] ??= new Map());
    m.set(groups[i]!, (m.get(groups[i]!) ?? 0) + 1);
  });
  for (let c = 0; c < out.length; c++) out[c] ??= new Map();
  return out;
}
