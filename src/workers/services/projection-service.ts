// Projection service of the embedder worker: 2-D maps (PCA at once, UMAP on request), clusters with labels, a prompt's
// sample × sample and system × system cosine blocks; over the vectors the worker holds, results cached per table version.

import { rowIndexOf, type RowIndex } from '../../core/embed/row-index';
import { clusterKeywords } from '../../core/projection/cluster-labels';
import { clusterVectors } from '../../core/projection/cluster';
import type { ProjectionProgress } from '../../core/projection/job';
import { pca } from '../../core/projection/pca';
import { umap } from '../../core/projection/umap';
import type { ClusterMethod } from '../../core/metrics/semantic';
import type { SampleRef } from '../../core/model/sample-ref';
import { cosineMatrix, normalizeRows, type Vectors } from '../../core/similarity/cosine';

/** Which projection and its parameters; part of every cache key and of the URL view state. */
export interface ProjectionParams {
  method: 'pca' | 'umap';
  /** Seed of every random step (PCA start vectors, UMAP). */
  seed: number;
  /** UMAP neighbours (default 15). */
  nNeighbors?: number;
  /** UMAP minimum distance (default 0.1). */
  minDist?: number;
  /** Cosine at or above which samples share a cluster (the distinct-meanings threshold). */
  threshold: number;
  /**
   * Whether to cluster (default true). The corpus map asks without, so the points show at once, and clusters
   * separately (leader clustering of a whole split costs n × clusters cosines).
   */
  clusters?: boolean;
  clusterMethod?: ClusterMethod;
}

/** The vectors to map: `vectors` n × dim row-major, `refs[i]` and `texts[i]` belong to row i. */
export interface ProjectionInput {
  vectors: Vectors;
  refs: readonly SampleRef[];
  texts: readonly string[];
  /** Changes whenever the vectors change (a table's version), so cached maps are not reused after new rows. */
  version: string;
}

/** A 2-D map of some samples. Arrays are new and may be `transfer()`red. */
export interface SampleMap {
  /** Which sample each point is (point i = row i of every array). */
  rows: RowIndex;
  /** n × 2 row-major coordinates (0, 0 for excluded rows). */
  xy: Float32Array;
  /** Cluster per point, 0..clusters-1; -1 for rows without a direction (zero or non-finite vectors). */
  labels: Int32Array;
  /** Most distinctive words of each cluster (index = label), best first. */
  clusterWords: string[][];
  method: 'pca' | 'umap';
  /** Notes on degenerate or excluded input, or null. */
  message: string | null;
  /** Milliseconds per step (`project`, `cluster`, `labels`, `heatmap`). */
  ms: Record<string, number>;
}

/** One prompt's map plus its cosine blocks. */
export interface PromptMap extends SampleMap {
  /** Systems in the order asked, only those with at least one usable sample. */
  systems: string[];
  /** Systems asked for that have no embedded sample of this prompt. */
  missing: string[];
  /** Point order of the heatmap: points grouped by system (in `systems` order), then by sample index. */
  order: Int32Array;
  /** Sample × sample cosine in `order`, order.length² row-major (rows without a direction are 0). */
  heatmap: Float32Array;
  /**
   * System × system mean cosine, systems.length² row-major: off-diagonal the mean over all cross pairs, diagonal the
   * mean over a system's distinct pairs (its within-prompt cosine, NaN with fewer than 2 samples).
   */
  systemMatrix: Float32Array;
}

type Progress = (p: ProjectionProgress) => boolean | void | Promise<boolean | void>;

/** Rows whose vector has a direction (finite, not all zero): the ones a cosine means something for. */
function usableRows(v: Vectors): boolean[] {
  const ok: boolean[] = [];
  for (let i = 0; i < v.n; i++) {
    let nonzero = false;
    let finite = true;
    for (let d = i * v.dim; d < (i + 1) * v.dim; d++) {
      const x = v.data[d]!;
      if (x - x !== 0) finite = false;
      if (x !== 0) nonzero = true;
    }
    ok.push(finite && nonzero);
  }
  return ok;
}

function cloneMap(m: SampleMap): SampleMap {
  const r = m.rows;
  return {
    ...m,
    rows: { n: r.n, prompt: r.prompt.slice(), sample: r.sample.slice(), system: r.system.slice(), systems: [...r.systems] },
    xy: m.xy.slice(),
    labels: m.labels.slice(),
    clusterWords: m.clusterWords.map((w) => [...w]),
    ms: { ...m.ms },
  };
}

/** The typed arrays of a map, for Comlink `transfer()`. */
export function mapBuffers(m: SampleMap | PromptMap): ArrayBuffer[] {
  const list = [m.xy, m.labels, m.rows.prompt, m.rows.sample, m.rows.system];
  if ('heatmap' in m) list.push(m.heatmap, m.systemMatrix, m.order);
  return list.map((a) => a.buffer as ArrayBuffer);
}

const paramsKey = (p: ProjectionParams) => JSON.stringify([p.method, p.seed, p.nNeighbors ?? 15, p.minDist ?? 0.1, p.threshold, p.clusterMethod ?? 'leader', p.clusters ?? true]);

/** Plain class: the worker façade hands it the vectors of a table; Vitest and benches construct it directly. */
export class ProjectionService {
  private readonly cache = new Map<string, SampleMap>();

  /**
   * Maps every row of `input`: PCA or UMAP to 2-D, clusters at `params.threshold` (no k), cluster words by c-TF-IDF.
   * Cached by `cacheKey` + `input.version` + params (the last 8 results). Cancel via `signal`; progress via `onProgress`
   * (returning false also cancels). Rejects with an `AbortError`-named error when cancelled.
   */
  async mapSamples(cacheKey: string, input: ProjectionInput, params: ProjectionParams, signal?: AbortSignal, onProgress?: Progress): Promise<SampleMap> {
    const key = `${cacheKey}\u0000${input.version}\u0000${paramsKey(params)}`;
    let map = this.cache.get(key);
    if (!map) {
      map = await this.compute(input, params, signal, onProgress);
      this.cache.set(key, map);
      if (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value!);
    }
    // A copy: the caller transfers the arrays, which would empty the cached ones.
    return cloneMap(map);
  }

  private async compute(input: ProjectionInput, params: ProjectionParams, signal?: AbortSignal, onProgress?: Progress): Promise<SampleMap> {
    const { vectors: v } = input;
    if (input.refs.length !== v.n || input.texts.length !== v.n) throw new Error(`projection input: ${v.n} vectors, ${input.refs.length} refs, ${input.texts.length} texts`);
    const ctl = { signal, onProgress };
    const ms: Record<string, number> = {};
    let t = performance.now();
    const messages: string[] = [];
    let xy: Float32Array;
    let method: 'pca' | 'umap' = 'pca';
    if (params.method === 'umap' && v.n >= 4) {
      // UMAP needs a few neighbours; a prompt's 15 samples get at most n − 1.
      const r = await umap(v, { nNeighbors: Math.min(params.nNeighbors ?? 15, v.n - 1), minDist: params.minDist ?? 0.1, seed: params.seed }, ctl);
      xy = r.coords;
      method = 'umap';
      if (r.message) messages.push(r.message);
    } else {
      if (params.method === 'umap') messages.push(`UMAP needs at least 4 samples (have ${v.n}); showing PCA.`);
      const r = await pca(v, { components: 2, seed: params.seed }, ctl);
      xy = r.coords;
      if (r.message) messages.push(r.message);
    }
    ms.project = performance.now() - t;
    t = performance.now();
    let labels: Int32Array = new Int32Array(v.n).fill(-1);
    let words: string[][] = [];
    if (params.clusters ?? true) {
      const c = await this.clusters(input, params, signal, onProgress);
      labels = c.labels;
      words = c.clusterWords;
      Object.assign(ms, c.ms);
      if (c.message) messages.push(c.message);
    }
    return { rows: rowIndexOf(input.refs), xy, labels, clusterWords: words, method, message: messages.length ? [...new Set(messages)].join(' ') : null, ms };
  }

  /**
   * Clusters of every row of `input` at `params.threshold` (no k; the distinct-meanings rules) and each cluster's most
   * distinctive words (c-TF-IDF). Labels are -1 for rows without a direction.
   */
  async clusters(input: ProjectionInput, params: Pick<ProjectionParams, 'threshold' | 'clusterMethod' | 'seed'>, signal?: AbortSignal, onProgress?: Progress): Promise<{ labels: Int32Array; clusterWords: string[][]; message: string | null; ms: Record<string, number> }> {
    let t = performance.now();
    const c = await clusterVectors(input.vectors, { threshold: params.threshold, method: params.clusterMethod ?? 'leader', seed: params.seed }, { signal, onProgress });
    const ms: Record<string, number> = { cluster: performance.now() - t };
    t = performance.now();
    const clusterWords = c.count ? clusterKeywords(input.texts, c.labels, { top: 4 }).map((ws) => ws.map((w) => w.word)) : [];
    ms.labels = performance.now() - t;
    return { labels: c.labels, clusterWords, message: c.message, ms };
  }

  /**
   * One prompt's map for `systems` (one projection fitted on the union of their samples), plus the sample × sample
   * heatmap grouped by system and the system × system mean-similarity matrix. `input` holds the prompt's samples of
   * any systems; rows of other systems are ignored.
   */
  async promptMap(cacheKey: string, input: ProjectionInput, systems: readonly string[], params: ProjectionParams, signal?: AbortSignal, onProgress?: Progress): Promise<PromptMap> {
    const want = new Map(systems.map((s, i) => [s, i]));
    const pickedRows: number[] = [];
    input.refs.forEach((r, i) => {
      if (want.has(r.system)) pickedRows.push(i);
    });
    // Grouped by system (asked order), then sample index: the order of the heatmap and of the map's rows.
    pickedRows.sort((a, b) => want.get(input.refs[a]!.system)! - want.get(input.refs[b]!.system)! || input.refs[a]!.index - input.refs[b]!.index);
    const { dim } = input.vectors;
    const data = new Float32Array(pickedRows.length * dim);
    pickedRows.forEach((r, j) => data.set(input.vectors.data.subarray(r * dim, (r + 1) * dim), j * dim));
    const sub: ProjectionInput = {
      vectors: { data, n: pickedRows.length, dim },
      refs: pickedRows.map((r) => input.refs[r]!),
      texts: pickedRows.map((r) => input.texts[r]!),
      version: input.version,
    };
    const ok = usableRows(sub.vectors);
    const present = systems.filter((s) => sub.refs.some((r, i) => ok[i] && r.system === s));
    const missing = systems.filter((s) => !present.includes(s));
    const key = `${cacheKey}\u0000${systems.join('\u0001')}`;
    const map = sub.vectors.n ? await this.mapSamples(key, sub, params, signal, onProgress) : { rows: rowIndexOf([]), xy: new Float32Array(0), labels: new Int32Array(0), clusterWords: [], method: params.method, message: null, ms: {} };
    const t = performance.now();
    const m = sub.vectors.n;
    const unit = normalizeRows(sub.vectors);
    const cos = m ? cosineMatrix(unit, undefined, { normalized: true }) : new Float32Array(0);
    const heatmap = new Float32Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) heatmap[a * m + b] = ok[a] && ok[b] ? cos[a * m + b]! : 0;
    const s = present.length;
    const sum = new Float64Array(s * s);
    const cnt = new Float64Array(s * s);
    const code = sub.refs.map((r) => present.indexOf(r.system));
    for (let a = 0; a < m; a++) {
      if (!ok[a] || code[a]! < 0) continue;
      for (let b = 0; b < m; b++) {
        // Distinct pairs only: a sample's similarity to itself would pull the diagonal towards 1.
        if (a === b || !ok[b] || code[b]! < 0) continue;
        sum[code[a]! * s + code[b]!]! += heatmap[a * m + b]!;
        cnt[code[a]! * s + code[b]!]!++;
      }
    }
    const systemMatrix = new Float32Array(s * s).map((_, k) => (cnt[k]! ? sum[k]! / cnt[k]! : NaN));
    const ms = { ...map.ms, heatmap: performance.now() - t };
    return { ...map, ms, systems: present, missing, order: Int32Array.from({ length: m }, (_, i) => i), heatmap, systemMatrix };
  }
}
