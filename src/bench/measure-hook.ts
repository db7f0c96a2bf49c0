// Bench hook `window.__overtonBench.measurer` (bench/metrics.bench.ts): import + every table in the bench measurer worker.

import { lazyWorker } from '../data/worker-handle';
import type { MeasurerBench, MeasureTiming } from './services/measurer-bench';

const worker = lazyWorker<MeasurerBench>('bench measurer', () => new Worker(new URL('./measurer-bench.worker.ts', import.meta.url), { type: 'module', name: 'measurer-bench' }));

/** What the bench drives: import from the served data folder and compute every table, inside the measurer worker. */
export interface MeasureBenchHook {
  importAndMeasure(dataUrl: string): Promise<MeasureTiming & { wallMs: number }>;
}

/** The measurer hook. */
export const measureHook: MeasureBenchHook = {
  importAndMeasure: async (dataUrl) => {
    const t0 = performance.now();
    const t = await worker.get().remote.importAndMeasure(new URL(dataUrl, location.href).href);
    return { ...t, wallMs: performance.now() - t0 };
  },
};

