// `report`'s worker threads (dist-cli/report-worker.js), startable before the command's module loads: main.ts starts
// them first thing, so each worker's start-up (~60 ms: a new isolate loading the bundle) overlaps this thread's own.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LaneJob, LaneResult } from './report-lanes';

/**
 * The bundled worker entry (dist-cli/report-worker.js, beside main.js and above chunks/, wherever this module is
 * bundled), or null when running from source (tsx, Vitest), where lanes run one after another in one thread.
 */
function reportWorkerUrl(): URL | null {
  for (const rel of ['../report-worker.js', './report-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

/** A worker thread started before its job exists. */
export interface EarlyWorker {
  /** Hands the job over; resolves with the lane's result, rejects with the worker's error message or exit. */
  run(job: LaneJob): Promise<LaneResult>;
  /** Stops a worker that gets no job. */
  cancel(): void;
}

function startWorker(url: URL): EarlyWorker {
  const w = new Worker(url);
  const done = new Promise<LaneResult>((resolve, reject) => {
    w.once('message', (m: { ok?: LaneResult; error?: string }) => (m.ok ? resolve(m.ok) : reject(new Error(m.error ?? 'report worker failed'))));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`report worker exited with code ${code}`)));
  });
  // Until run() hands the result out, a failure (or cancel) must not count as an unhandled rejection.
  done.catch(() => undefined);
  return {
    run(job) {
      w.postMessage(job);
      return done;
    },
    cancel: () => void w.terminate(),
  };
}

let started: EarlyWorker[] = [];

/**
 * Starts the worker threads `report <argv>` will want (`--jobs N` − 1, default cores − 1; a bad value starts the
 * default and is refused by the command itself). Does nothing when running from source.
 */
export function prestartReportWorkers(argv: readonly string[]): void {
  const url = reportWorkerUrl();
  if (!url) return;
  const i = argv.findIndex((a) => a === '--jobs' || a.startsWith('--jobs='));
  const given = i < 0 ? NaN : Number(argv[i]!.startsWith('--jobs=') ? argv[i]!.slice(7) : argv[i + 1]);
  const jobs = Number.isInteger(given) && given >= 1 && given <= 64 ? given : availableParallelism();
  for (let k = 1; k < jobs; k++) started.push(startWorker(url));
}

/** `n` workers: those started ahead first, then new ones; started ones beyond `n` are stopped. [] from source. */
export function takeReportWorkers(n: number): EarlyWorker[] {
  const url = reportWorkerUrl();
  const out = started.splice(0, n);
  for (const w of started) w.cancel();
  started = [];
  while (url && out.length < n) out.push(startWorker(url));
  return out;
}
