// IndexedDB cache of embeddings keyed by (model key, text hash) plus run records; lives in the embedder worker (IndexedDB exists in workers), fake-indexeddb in tests.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EmbedDevice } from '../../core/embed/embedder';

/** One cached vector. `model` is `modelKey(descriptor)` (id, dtype, pooling, ...), `hash` is `hashText(text)`. */
interface VectorRecord {
  model: string;
  hash: string;
  vector: Float32Array;
}

/** How a (dataset, system) was embedded with a model: shown in the Embeddings panel. */
export interface EmbedRun {
  dataset: string;
  system: string;
  split: string;
  model: string;
  modelLabel: string;
  /** Samples with text. */
  count: number;
  /** Of those, how many had to be computed (the rest came from the cache). */
  computed: number;
  truncated: number;
  ms: number;
  device: EmbedDevice;
  threads: number;
  at: number;
}

interface EmbeddingDb extends DBSchema {
  vectors: { key: [string, string]; value: VectorRecord; indexes: { model: string } };
  runs: { key: [string, string, string, string]; value: EmbedRun; indexes: { dataset: string } };
}

/** Thrown when the browser refuses to store more vectors. Never swallowed: the job fails and the UI says why. */
export class EmbeddingCacheFullError extends Error {
  /** `progress`, when known: how many of the job's texts had vectors saved when the write failed. */
  constructor(cause: unknown, progress?: { saved: number; total: number }) {
    const where = progress ? ` Embedding stopped at the first write that failed, with ${progress.saved} of ${progress.total} texts saved.` : '';
    super(`The browser ran out of storage for cached embeddings (QuotaExceededError).${where} Clear the embedding cache or free disk space.`, { cause });
    this.name = 'EmbeddingCacheFullError';
  }
}

function isQuota(e: unknown): boolean {
  const err = e as { name?: string; code?: number; cause?: unknown } | null;
  if (!err) return false;
  return err.name === 'QuotaExceededError' || err.code === 22 || (err.cause !== undefined && err.cause !== e && isQuota(err.cause));
}

/**
 * The cache over one IndexedDB database (tests pass their own name; the worker uses the default). Injected into
 * `EmbedderService`; vectors read from it never leave the worker.
 */
export class EmbeddingCache {
  private dbp: Promise<IDBPDatabase<EmbeddingDb>> | null = null;
  constructor(private readonly name = 'overton-embeddings') {}

  private db(): Promise<IDBPDatabase<EmbeddingDb>> {
    this.dbp ??= openDB<EmbeddingDb>(this.name, 1, {
      upgrade(d) {
        d.createObjectStore('vectors', { keyPath: ['model', 'hash'] }).createIndex('model', 'model');
        d.createObjectStore('runs', { keyPath: ['dataset', 'split', 'system', 'model'] }).createIndex('dataset', 'dataset');
      },
    }).catch((e: unknown) => {
      this.dbp = null;
      throw e;
    });
    return this.dbp;
  }

  /** Cached vectors for `hashes` under `model`, in order; `undefined` where missing. */
  async getMany(model: string, hashes: readonly string[]): Promise<(Float32Array | undefined)[]> {
    const tx = (await this.db()).transaction('vectors');
    const out = await Promise.all(hashes.map((h) => tx.store.get([model, h])));
    await tx.done;
    return out.map((r) => r?.vector);
  }

  /** Stores vectors (one per hash). Rejects with {@link EmbeddingCacheFullError} on quota errors. */
  async putMany(model: string, entries: readonly { hash: string; vector: Float32Array }[]): Promise<void> {
    try {
      const tx = (await this.db()).transaction('vectors', 'readwrite');
      await Promise.all([...entries.map((e) => tx.store.put({ model, hash: e.hash, vector: e.vector })), tx.done]);
    } catch (e) {
      if (isQuota(e)) throw new EmbeddingCacheFullError(e);
      throw e;
    }
  }

  /** Records a run (replaces the previous one of the same dataset/split/system/model). */
  async putRun(run: EmbedRun): Promise<void> {
    try {
      await (await this.db()).put('runs', run);
    } catch (e) {
      if (isQuota(e)) throw new EmbeddingCacheFullError(e);
      throw e;
    }
  }

  /** Runs recorded for a dataset, newest first. */
  async runs(dataset: string): Promise<EmbedRun[]> {
    const all = await (await this.db()).getAllFromIndex('runs', 'dataset', dataset);
    return all.sort((a, b) => b.at - a.at);
  }

  /** Number of cached vectors and their size in bytes (vector bytes + key overhead estimate). */
  async size(): Promise<{ entries: number; bytes: number }> {
    const d = await this.db();
    let entries = 0;
    let bytes = 0;
    let cursor = await d.transaction('vectors').store.openCursor();
    while (cursor) {
      entries++;
      bytes += cursor.value.vector.byteLength + cursor.value.model.length * 2 + 64;
      cursor = await cursor.continue();
    }
    return { entries, bytes };
  }

  /** Deletes every cached vector and run record. */
  async clear(): Promise<void> {
    const d = await this.db();
    const tx = d.transaction(['vectors', 'runs'], 'readwrite');
    await Promise.all([tx.objectStore('vectors').clear(), tx.objectStore('runs').clear(), tx.done]);
  }

  /** Closes the connection (tests). */
  async close(): Promise<void> {
    if (this.dbp) (await this.dbp).close();
    this.dbp = null;
  }
}
