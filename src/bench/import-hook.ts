// Bench hook `window.__overtonBench.importer` (bench/import.bench.ts): the app's importer in a worker, and a bare-parse baseline.

import type { ImporterService } from '../workers/services/importer';
import { lazyWorker } from '../data/worker-handle';
import { deleteDataset, saveDataset } from '../data/workspace';

const importer = lazyWorker<ImporterService>('bench importer', () => new Worker(new URL('./importer-bench.worker.ts', import.meta.url), { type: 'module', name: 'importer-bench' }));

/** One run of the app's import path over HTTP, timed in the page (ms, `performance.now`). */
export interface ImportRunTiming {
  /** From calling the importer worker to its datasets arriving in the page (fetch + parse + import + structured clone). */
  importMs: number;
  /** Storing those datasets in IndexedDB, as `importUrl` does after the worker returns. */
  persistMs: number;
  datasets: number;
  samples: number;
  problems: number;
  /** Files the source listed (the importer reads the ones it recognises). */
  fileCount: number;
}

/** What the bench drives. URLs may be relative to the page (e.g. `/__data/`). */
export interface ImportBenchHook {
  /** Imports `dataUrl` in the importer worker, then persists and (untimed) deletes what it stored, so runs repeat alike. */
  importUrl(dataUrl: string): Promise<ImportRunTiming>;
  /**
   * Fetches `paths` under `dataUrl` into a bare worker, `inFlight` at a time, before the parse is timed; resolves to
   * the bytes held and the fetch's wall time in ms (the network share of an HTTP import, for scale).
   */
  loadBare(dataUrl: string, paths: string[], inFlight: number): Promise<{ bytes: number; files: number; fetchMs: number }>;
  /** Decodes and `JSON.parse`s the held bytes (every JSONL line, whole JSON files) in that worker; ms timed inside it. */
  bareParse(): Promise<{ ms: number; values: number }>;
}

// The baseline worker is a blob so it carries nothing of the app: same decode/split/parse as bareParse in
// bench/import.bench.ts, with the bytes already in memory so the ratio excludes the network.
const BARE_WORKER = `
const dec = new TextDecoder();
let files = [];
const fmt = (p) => { const n = p.toLowerCase(); return n.endsWith('.jsonl') || n.endsWith('.ndjson') ? 'jsonl' : n.endsWith('.json') ? 'json' : null; };
onmessage = async (e) => {
  const m = e.data;
  try {
    if (m.type === 'load') {
      const t = performance.now();
      const got = new Array(m.paths.length);
      let next = 0;
      const lane = async () => {
        while (next < m.paths.length) {
          const i = next++;
          const p = m.paths[i];
          const res = await fetch(m.base + p.split('/').map(encodeURIComponent).join('/'));
          if (!res.ok) throw new Error('HTTP ' + res.status + ' for ' + p);
          got[i] = [p, new Uint8Array(await res.arrayBuffer())];
        }
      };
      await Promise.all(Array.from({ length: m.inFlight }, lane));
      files = got;
      const bytes = files.reduce((a, f) => a + f[1].byteLength, 0);
      postMessage({ ok: { bytes, files: files.length, fetchMs: performance.now() - t } });
    } else {
      const t = performance.now();
      let values = 0;
      for (const [p, b] of files) {
        const text = dec.decode(b);
        const f = fmt(p);
        if (f === 'jsonl') {
          for (const line of text.split('\\n')) {
            if (!line) continue;
            try { JSON.parse(line); values++; } catch {}
          }
        } else if (f === 'json') {
          try { JSON.parse(text); values++; } catch {}
        }
      }
      postMessage({ ok: { ms: performance.now() - t, values } });
    }
  } catch (err) {
    postMessage({ error: String(err && err.message || err) });
  }
};
`;

let bare: Worker | null = null;

function callBare<T>(msg: unknown): Promise<T> {
  bare ??= new Worker(URL.createObjectURL(new Blob([BARE_WORKER], { type: 'text/javascript' })), { name: 'bare-parse' });
  const w = bare;
  return new Promise<T>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<{ ok?: T; error?: string }>) => (e.data.error !== undefined ? reject(new Error(e.data.error)) : resolve(e.data.ok!));
    w.onerror = (e) => reject(new Error(e.message || 'bare-parse worker failed'));
    w.postMessage(msg);
  });
}

/** The importer hook. */
export const importHook: ImportBenchHook = {
  importUrl: async (dataUrl) => {
    const abs = new URL(dataUrl, location.href).href;
    const t0 = performance.now();
    const outcome = await importer.get().remote.importUrl(abs);
    const t1 = performance.now();
    // Same loop as importer-client's store(), timed apart from the worker.
    const keys: string[] = [];
    for (const [i, ds] of outcome.datasets.entries()) keys.push((await saveDataset(ds, outcome.source, outcome.contentHashes[i])).key);
    const t2 = performance.now();
    for (const k of keys) await deleteDataset(k);
    return {
      importMs: t1 - t0,
      persistMs: t2 - t1,
      datasets: outcome.datasets.length,
      samples: outcome.datasets.reduce((a, d) => a + d.samples.length, 0),
      problems: outcome.problems.length,
      fileCount: outcome.fileCount,
    };
  },
  loadBare: (dataUrl, paths, inFlight) => {
    const base = new URL(dataUrl.endsWith('/') ? dataUrl : `${dataUrl}/`, location.href).href;
    return callBare({ type: 'load', base, paths, inFlight });
  },
  bareParse: () => callBare({ type: 'parse' }),
};

