// Bench hook `window.__overtonBench.embedder` (bench/embed.bench.ts, e2e/webgpu.spec.ts): drives the bench embedder worker.

import { BUNDLED_MODEL, type EmbedDevice, type EngineInfo } from '../core/embed/embedder';
import type { EmbedderBenchService } from './services/embedder-bench-service';
import { lazyWorker } from '../data/worker-handle';

const worker = lazyWorker<EmbedderBenchService>('bench embedder', () => new Worker(new URL('./embedder-bench.worker.ts', import.meta.url), { type: 'module', name: 'embedder-bench' }));
const embedderRemote = () => worker.get().remote;

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

/** The embedder hook. */
export const embedHook: EmbedBenchHook = {
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
  vectorsFor: (texts, device) => embedderRemote().vectorsFor(BUNDLED_MODEL, texts, device),
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
};

