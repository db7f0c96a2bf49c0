// Bench-only Measurer: import from a static server and compute every table in one worker call, timing both halves.
import { importAny } from '../../core/io/detect';
import { httpSource, type FetchFn } from '../../core/io/http-source';
import type { OverviewOptions } from '../../workers/services/measurer';
import { Measurer } from '../../workers/services/measurer';

/** Timings of {@link MeasurerBench.importAndMeasure}, in ms. */
export interface MeasureTiming {
  importMs: number;
  measureMs: number;
  datasets: number;
  outputsRows: number;
  judgeRows: number;
}

/** The app's Measurer plus the browser benchmark's workload, so the timed code is the app's own, in a worker like the app's. */
export class MeasurerBench extends Measurer {
  /** `fetchFn` defaults to the global `fetch`. */
  constructor(private readonly fetchFn: FetchFn = (url) => fetch(url)) {
    super();
  }

  /** Imports from a static server at `baseUrl` (absolute) and computes every table of every dataset. */
  async importAndMeasure(baseUrl: string, opts: OverviewOptions = {}): Promise<MeasureTiming> {
    const t0 = performance.now();
    const res = await importAny(httpSource(baseUrl, this.fetchFn));
    const t1 = performance.now();
    let outputsRows = 0;
    let judgeRows = 0;
    for (const ds of res.datasets) {
      const o = this.measure(ds, opts);
      outputsRows += o.outputs.length;
      judgeRows += o.judges.length;
    }
    return { importMs: t1 - t0, measureMs: performance.now() - t1, datasets: res.datasets.length, outputsRows, judgeRows };
  }
}
