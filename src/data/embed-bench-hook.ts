// Bench-only hook (`?bench` in the URL): exposes the embedder worker on `window.__overtonBench.embedder` for bench/embed.bench.ts.

import { BUNDLED_MODEL, type EmbedDevice, type EngineInfo } from '../core/embed/embedder';
import { embedderRemote } from './embedder-client';

/** What the bench drives: the real worker, bypassing the cache, so it measures the engine alone. */
export interface EmbedBenchHook {
  load(): Promise<EngineInfo>;
  embed(texts: string[], batchSize: number): Promise<{ n: number; dim: number; ms: number; device: string; truncated: number }>;
  /** Reloads the bundled model with `numThreads` WASM threads and `dtype`, then times `texts` (thread/dtype sweeps). */
  runWith(numThreads: number, dtype: 'fp32' | 'q8', texts: string[], batchSize: number): Promise<{ n: number; ms: number; device: string }>;
  /**
   * Reloads the bundled model on `device` (`auto` = WebGPU when an adapter exists, else wasm) and returns the
   * engine it landed on with the vectors of `texts` (one `dim`-long row per text, input order). Bench/e2e only:
   * a handful of texts for cross-device agreement checks; views never receive vectors.
   */
  vectorsFor(texts: string[], device: 'auto' | EmbedDevice): Promise<{ engine: EngineInfo; dim: number; ms: number; vectors: number[][] }>;
  crossOriginIsolated: boolean;
}

const hook: EmbedBenchHook = {
  load: async () => {
    const r = embedderRemote();
    // The bench measures WASM with threads, even where WebGPU exists.
    await r.configure({ device: 'wasm' });
    return r.load(BUNDLED_MODEL);
  },
  // Counts and time only: the vectors stay in the worker.
  embed: (texts, batchSize) => embedderRemote().timeEmbed(BUNDLED_MODEL, texts, { batchSize }),
  runWith: async (numThreads, dtype, texts, batchSize) => {
    const r = embedderRemote();
    await r.configure({ device: 'wasm', numThreads });
    const model = { ...BUNDLED_MODEL, dtype };
    await r.load(model);
    return r.timeEmbed(model, texts, { batchSize });
  },
  vectorsFor: async (texts, device) => {
    const r = embedderRemote();
    await r.configure({ device });
    const engine = await r.load(BUNDLED_MODEL);
    const res = await r.embed(BUNDLED_MODEL, texts);
    // Plain arrays: they survive page.evaluate's serialisation, typed arrays may not.
    const vectors = Array.from({ length: res.n }, (_, i) => Array.from(res.vectors.subarray(i * res.dim, (i + 1) * res.dim)));
    return { engine, dim: res.dim, ms: res.ms, vectors };
  },
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
};

const w = window as unknown as { __overtonBench?: Record<string, unknown> };
w.__overtonBench = { ...(w.__overtonBench ?? {}), embedder: hook };
