// The page ↔ worker settle path of an embedding job over a real Comlink boundary (a Node MessageChannel standing in for
// the worker): rows sent once on RowsNeeded, one job id across the retry, and no progress delivered after it settles.
import { expose, wrap } from 'comlink';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUNDLED_MODEL, embedError, type DatasetRef, type EmbedCounts, type EmbedProgress, type SampleText } from '../core/embed/embedder';
import type { LazyWorker } from './worker-handle';

/** The part of EmbedderService this test plays, with the worker's message order under load made explicit. */
class FakeService {
  rows: SampleText[] | null = null;
  putRowsCalls = 0;
  jobIds: string[] = [];
  cancelled: string[] = [];
  putRows(_ref: DatasetRef, rows: SampleText[]) {
    this.putRowsCalls++;
    this.rows = rows;
  }
  cancel(jobId: string) {
    this.cancelled.push(jobId);
  }
  async embedDataset(_ref: DatasetRef, _d: unknown, opts: { jobId?: string }, onProgress?: (p: EmbedProgress) => void): Promise<EmbedCounts> {
    this.jobIds.push(opts.jobId!);
    if (!this.rows) throw embedError('RowsNeeded', 'The embedder has not been sent the samples.');
    await onProgress?.({ phase: 'embedding', done: 1, total: 2, elapsedMs: 1 });
    // In Chromium a message on the progress callback's own MessagePort can reach the page tens of milliseconds after a
    // reply the worker posts later on its global scope (measured: the last progress 25–38 ms after the result on a busy
    // page). Deliver the final report that late, as the browser did.
    setTimeout(() => void onProgress?.({ phase: 'embedding', done: 2, total: 2, elapsedMs: 2, etaMs: 0 }), 30);
    return { n: 2, computed: 2, fromCache: 0, truncated: 0, chunked: 0, empty: 0, dim: 512, ms: 2, engine: null };
  }
}

const h = vi.hoisted(() => ({ service: null as unknown, ports: [] as MessagePort[] }));

vi.mock('./worker-handle', () => ({
  lazyWorker: <T,>(): LazyWorker<T> => {
    const { port1, port2 } = new MessageChannel();
    h.ports.push(port1, port2);
    // Calls go through to whichever fake the current test installed.
    expose(new Proxy({}, { get: (_t, k) => (h.service as Record<string | symbol, unknown>)[k] && ((...a: unknown[]) => (h.service as Record<string | symbol, (...a: unknown[]) => unknown>)[k]!(...a)) }), port2);
    const remote = wrap<T>(port1);
    const handle = { worker: port1 as unknown as Worker, remote, crashed: new Promise<never>(() => undefined) };
    return { get: () => handle, call: (fn) => fn(remote), reset: () => undefined };
  },
}));

const { embedDataset } = await import('./embedder-client');

const ref: DatasetRef = { dataset: 'd', contentHash: 'h', split: 'outputs' };
const rows = async () => [{ key: 'a\u00000\u00000', text: 'x' }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('embedDataset settle path', () => {
  let service: FakeService;
  beforeEach(() => {
    service = new FakeService();
    h.service = service;
  });
  afterAll(() => h.ports.forEach((p) => p.close()));

  it('sends the rows once on RowsNeeded and retries the same job id', async () => {
    const res = await embedDataset(ref, BUNDLED_MODEL, ['a'], rows);
    expect(res.computed).toBe(2);
    expect(service.putRowsCalls).toBe(1);
    expect(service.jobIds).toHaveLength(2);
    expect(service.jobIds[1]).toBe(service.jobIds[0]);
  });

  it('delivers no progress after the job settled, even when the worker’s last report arrives late', async () => {
    let settled = false;
    const during: number[] = [];
    const after: number[] = [];
    const res = await embedDataset(ref, BUNDLED_MODEL, ['a'], rows, { onProgress: (p) => (settled ? after : during).push(p.done) });
    settled = true;
    await sleep(80);
    expect(res.n).toBe(2);
    expect(during).toEqual([1]);
    expect(after).toEqual([]);
  });

  it('turns an abort into cancel(jobId) of the running job', async () => {
    service.rows = [];
    const ctrl = new AbortController();
    const p = embedDataset(ref, BUNDLED_MODEL, ['a'], rows, { signal: ctrl.signal, onProgress: () => ctrl.abort() });
    await p;
    await sleep(10);
    expect(service.cancelled).toEqual([service.jobIds[0]]);
  });
});
