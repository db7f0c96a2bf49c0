// The IndexedDB embedding cache (fake-indexeddb): round trip, size, clear, and quota errors surfaced.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingCache, EmbeddingCacheFullError, type EmbedRun } from './embedding-cache';

let n = 0;
const fresh = () => new EmbeddingCache(`test-embeddings-${++n}`);
const caches: EmbeddingCache[] = [];
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()));
});

describe('EmbeddingCache', () => {
  it('stores and returns vectors per (model, hash), undefined where missing', async () => {
    const c = fresh();
    caches.push(c);
    await c.putMany('m1', [{ hash: 'a', vector: new Float32Array([1, 2]) }, { hash: 'b', vector: new Float32Array([3, 4]) }]);
    const got = await c.getMany('m1', ['a', 'x', 'b']);
    expect(got.map((v) => (v ? Array.from(v) : undefined))).toEqual([[1, 2], undefined, [3, 4]]);
    expect(await c.getMany('m2', ['a'])).toEqual([undefined]);
  });

  it('reports size and clears vectors and runs', async () => {
    const c = fresh();
    caches.push(c);
    await c.putMany('m', Array.from({ length: 10 }, (_, i) => ({ hash: `h${i}`, vector: new Float32Array(512) })));
    const run: EmbedRun = { dataset: 'd', split: 'outputs', system: 's', model: 'm', modelLabel: 'M', count: 10, computed: 10, truncated: 0, ms: 5, device: 'wasm', threads: 2, at: 1 };
    await c.putRun(run);
    expect(await c.runs('d')).toEqual([run]);
    const size = await c.size();
    expect(size.entries).toBe(10);
    expect(size.bytes).toBeGreaterThanOrEqual(10 * 2048);
    await c.clear();
    expect(await c.size()).toEqual({ entries: 0, bytes: 0 });
    expect(await c.runs('d')).toEqual([]);
  });

  it('surfaces QuotaExceededError as EmbeddingCacheFullError instead of swallowing it', async () => {
    const c = fresh();
    caches.push(c);
    await c.getMany('m', ['warm']);
    const proto = IDBObjectStore.prototype;
    const realPut = proto.put;
    proto.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const err = await c.putMany('m', [{ hash: 'a', vector: new Float32Array(4) }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddingCacheFullError);
      expect((err as Error).message).toMatch(/ran out of storage.*Clear the embedding cache/);
    } finally {
      proto.put = realPut;
    }
    await c.putMany('m', [{ hash: 'a', vector: new Float32Array(4) }]);
    expect((await c.size()).entries).toBe(1);
  });
});
