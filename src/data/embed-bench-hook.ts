// Bench-only hook (`?bench` in the URL): exposes the embedder worker on `window.__overtonBench.embedder` for bench/embed.bench.ts.

import { BUNDLED_MODEL, type EngineInfo } from '../core/embed/embedder';
import { embedderRemote } from './embedder-client';

/** What the bench drives: the real worker, bypassing the cache, so it measures the engine alone. */
export interface EmbedBenchHook {
  load(): Promise<EngineInfo>;
  embed(texts: string[], batchSize: number): Promise<{ n: number; dim: number; ms: number; device: string; truncated: number }>;
  /** Reloads the bundled model with `numThreads` WASM threads and `dtype`, then times `texts` (thread/dtype sweeps). */
  runWith(numThreads: number, dtype: 'fp32' | 'q8', texts: string[], batchSize: number): Promise<{ n: number; ms: number; device: string }>;
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
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
};

const w = window as unknown as { __overtonBench?: Record<string, unknown> };
w.__overtonBench = { ...(w.__overtonBench ?? {}), embedder: hook };
