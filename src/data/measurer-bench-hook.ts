// Bench-only hook (`?bench` in the URL): exposes the measurer worker on `window.__overtonBench.measurer` for bench/metrics.bench.ts.

import type { MeasureTiming } from '../workers/services/measurer';
import { measurerRemote } from './measurer-client';

/** What the bench drives: import from the served data folder and compute every table, inside the measurer worker. */
export interface MeasureBenchHook {
  importAndMeasure(dataUrl: string): Promise<MeasureTiming & { wallMs: number }>;
}

const hook: MeasureBenchHook = {
  importAndMeasure: async (dataUrl) => {
    const t0 = performance.now();
    const t = await measurerRemote().importAndMeasure(new URL(dataUrl, location.href).href);
    return { ...t, wallMs: performance.now() - t0 };
  },
};

const w = window as unknown as { __overtonBench?: Record<string, unknown> };
w.__overtonBench = { ...(w.__overtonBench ?? {}), measurer: hook };
