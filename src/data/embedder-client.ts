// The page's handle on the embedder worker (lazy singleton, recreated after a crash) and cache-first embedding of texts.

import { proxy, wrap, type Remote } from 'comlink';
import { hashText, modelKey, type EmbedProgress, type EngineInfo, type ModelDescriptor, type ModelFiles, type TruncatedText } from '../core/embed/embedder';
import type { EmbedderService } from '../workers/services/embedder-service';
import { embeddingCache, type EmbeddingCache } from './embedding-cache';

interface Handle {
  worker: Worker;
  remote: Remote<EmbedderService>;
  /** Rejects when the worker dies (script error, out of memory), so calls never hang on a dead worker. */
  crashed: Promise<never>;
}

let handle: Handle | null = null;

function getHandle(): Handle {
  if (handle) return handle;
  const worker = new Worker(new URL('../workers/embedder.worker.ts', import.meta.url), { type: 'module', name: 'embedder' });
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (ev) => {
      reject(new Error(`The embedding worker stopped: ${ev.message || 'script error'}`));
      if (handle?.worker === worker) handle = null;
      worker.terminate();
    });
  });
  crashed.catch(() => undefined);
  handle = { worker, remote: wrap<EmbedderService>(worker), crashed };
  return handle;
}

/** Runs `fn` on the worker; a dead worker rejects (and the next call starts a fresh one). */
async function call<T>(fn: (r: Remote<EmbedderService>) => Promise<T>): Promise<T> {
  const h = getHandle();
  return Promise.race([fn(h.remote), h.crashed]);
}

/** The remote service itself, for the bench hook. */
export function embedderRemote(): Remote<EmbedderService> {
  return getHandle().remote;
}

/** Terminates the worker (frees the model); the next call starts a new one. */
export function resetEmbedder(): void {
  handle?.worker.terminate();
  handle = null;
}

/** Loads a model in the worker (once), reporting download/compile progress. */
export function loadModel(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<EngineInfo> {
  return call((r) => r.load(model, onProgress ? proxy(onProgress) : undefined, files));
}

/** Result of {@link embedTexts}: `vectors` is n × dim, row-major, in input order. */
export interface EmbeddedTexts {
  vectors: Float32Array;
  n: number;
  dim: number;
  /** Texts computed now (not found in the cache). */
  computed: number;
  truncated: TruncatedText[];
  empty: number[];
  ms: number;
  engine: EngineInfo | null;
}

let jobs = 0;

/**
 * Embeds texts cache-first: cached vectors are read from IndexedDB, only misses go to the worker, and new vectors
 * are stored. Aborting `signal` cancels the worker job. Rejects with `EmbeddingCacheFullError` when storage is full.
 */
export async function embedTexts(
  model: ModelDescriptor,
  texts: readonly string[],
  opts: { onProgress?: (p: EmbedProgress) => void; signal?: AbortSignal; batchSize?: number; cache?: EmbeddingCache; files?: ModelFiles } = {},
): Promise<EmbeddedTexts> {
  const t0 = performance.now();
  const cache = opts.cache ?? embeddingCache();
  const key = modelKey(model);
  const hashes = texts.map(hashText);
  const cached = await cache.getMany(key, hashes);
  const missIdx: number[] = [];
  // Empty texts get zero rows by contract; they are never cached, and must not force a model load.
  const empty: number[] = [];
  cached.forEach((v, i) => {
    if (v) return;
    if (texts[i]!.trim() === '') empty.push(i);
    else missIdx.push(i);
  });
  const hits = texts.length - missIdx.length;
  let dim = cached.find((v) => v)?.length ?? 0;
  let truncated: TruncatedText[] = [];
  let engine: EngineInfo | null = null;
  let fresh: Float32Array | null = null;
  if (missIdx.length) {
    opts.signal?.throwIfAborted();
    engine = await loadModel(model, opts.onProgress, opts.files);
    const jobId = `job-${++jobs}`;
    const onAbort = () => void call((r) => r.cancel(jobId));
    opts.signal?.addEventListener('abort', onAbort);
    try {
      const report = opts.onProgress;
      const res = await call((r) =>
        r.embed(
          model,
          missIdx.map((i) => texts[i]!),
          { jobId, batchSize: opts.batchSize },
          report ? proxy((p: EmbedProgress) => report({ ...p, done: p.done + hits, total: texts.length })) : undefined,
        ),
      );
      dim = res.dim;
      fresh = res.vectors;
      truncated = res.truncated.map((t) => ({ index: missIdx[t.index]!, tokens: t.tokens }));
      const toStore = missIdx.map((i, k) => ({ hash: hashes[i]!, vector: res.vectors.slice(k * dim, (k + 1) * dim) }));
      await cache.putMany(key, toStore);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
  const vectors = new Float32Array(texts.length * dim);
  cached.forEach((v, i) => {
    if (v) vectors.set(v, i * dim);
  });
  if (fresh) missIdx.forEach((i, k) => vectors.set(fresh.subarray(k * dim, (k + 1) * dim), i * dim));
  opts.onProgress?.({ phase: 'embedding', done: texts.length, total: texts.length, elapsedMs: performance.now() - t0, etaMs: 0 });
  empty.sort((a, b) => a - b);
  return { vectors, n: texts.length, dim, computed: missIdx.length, truncated, empty, ms: performance.now() - t0, engine };
}
