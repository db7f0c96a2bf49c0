// Import benchmark: the whole paper data through the CLI code path and through the app's importer worker in headless
// Chromium (over HTTP), each beside a bare JSON.parse of the same bytes in the same environment, same run.
import { nodeSource } from '../src/node/fs-source';
import { importAny } from '../src/core/io/detect';
import type { FileSource } from '../src/core/io/file-source';
import { formatOf } from '../src/core/io/generic';
import { openApp, table } from './lib/browser';
import type { ImportBenchHook } from '../src/bench/import-hook';
import type { Bench } from './run';
import { paperDataDir } from '../src/node/paper-data';

/** One row of the import table: what was timed, where, its median wall time (ms) and the bytes it covers. */
export interface ImportBenchRow {
  label: string;
  /** Rows are compared with the bare-parse row of the same environment. */
  env: 'node' | 'chromium';
  /** True for the environment's bare `JSON.parse` row (the ratio's denominator). */
  baseline?: boolean;
  ms: number;
  bytes: number;
  note?: string;
}

/** Median of `runs` timings of `fn` in ms (runs sequentially). */
export async function medianMs(fn: () => Promise<unknown> | unknown, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Wraps a source to record the bytes of every file the importer reads. */
export function recordingSource(src: FileSource): { source: FileSource; read: Map<string, Uint8Array> } {
  const read = new Map<string, Uint8Array>();
  return {
    read,
    source: {
      label: src.label,
      list: () => src.list(),
      read: async (p) => {
        const b = await src.read(p);
        read.set(p, b);
        return b;
      },
    },
  };
}

/** The baseline: decode each file once and `JSON.parse` every JSONL line / whole JSON file. Returns values parsed. */
export function bareParse(files: Iterable<[string, Uint8Array]>): number {
  const dec = new TextDecoder();
  let n = 0;
  for (const [path, bytes] of files) {
    const text = dec.decode(bytes);
    if (formatOf(path) === 'jsonl') {
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          JSON.parse(line);
          n++;
        } catch {
          // Bad lines are the importer's business; the baseline only pays the parse.
        }
      }
    } else if (formatOf(path) === 'json') {
      try {
        JSON.parse(text);
        n++;
      } catch {
        // As above.
      }
    }
  }
  return n;
}

/** Prints the import table; each row's ratio is against the bare-parse row of its own environment. */
export function printImportTable(rows: ImportBenchRow[]): void {
  const base = (env: ImportBenchRow['env']) => rows.find((r) => r.env === env && r.baseline)?.ms ?? NaN;
  console.log(
    table(
      ['what', 'median ms', 'MB', '× bare JSON.parse (same env)', 'note'],
      rows.map((r) => [r.label, r.ms, r.bytes / 1e6, r.ms / base(r.env), r.note ?? '']),
    ),
  );
}

/**
 * Times the Node rows (bare parse of the bytes in memory, importAny over the folder) over `folder`; also returns the
 * files importAny read, so the browser baseline parses the same bytes. Interleaved round by round (median of `runs`
 * each) so machine noise hits them alike; the first, untimed import warms the JIT and the file cache.
 */
export async function nodeImportRows(folder: string, runs = 3): Promise<{ rows: ImportBenchRow[]; files: Map<string, Uint8Array> }> {
  const rec = recordingSource(nodeSource(folder));
  const first = await importAny(rec.source);
  const summary = `${first.datasets.length} datasets, ${first.datasets.reduce((a, d) => a + d.samples.length, 0)} samples, ${first.problems.length} problems`;
  const files = rec.read;
  const bytes = [...files.values()].reduce((a, b) => a + b.byteLength, 0);
  const parse: number[] = [];
  const imp: number[] = [];
  for (let round = 0; round < runs; round++) {
    parse.push(await medianMs(() => bareParse(files), 1));
    imp.push(await medianMs(() => importAny(nodeSource(folder)), 1));
  }
  return {
    files,
    rows: [
      { label: 'Node CLI importAny(nodeSource)', env: 'node', ms: median(imp), bytes, note: `fs read + import; ${summary}` },
      { label: 'Node bare JSON.parse', env: 'node', baseline: true, ms: median(parse), bytes, note: `${files.size} files, bytes in memory` },
    ],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

type HookWindow = { __overtonBench?: { importer?: ImportBenchHook } };

/**
 * Times the browser rows in headless Chromium on the built app: the importer worker reading `/__data/` over HTTP
 * (to datasets returned in the page), the IndexedDB persist that follows it in the app, and a bare JSON.parse in a
 * worker of the same files (`paths`, fetched before timing). One untimed warm-up, then `runs` interleaved rounds.
 */
export async function chromiumImportRows(paths: string[], runs = 3): Promise<ImportBenchRow[]> {
  const s = await openApp();
  try {
    // openApp's page auto-imports OVERTON_DATA on start: close it (its workers die with it) and bench in a fresh
    // context, with an empty IndexedDB and the server config answered with no data, so nothing competes for CPU.
    await s.page.close();
    const ctx = await s.browser.newContext();
    await ctx.addInitScript(() => {
      const fetch0 = window.fetch.bind(window);
      window.fetch = (input, init) =>
        String(input instanceof Request ? input.url : input).includes('/__overton/config.json')
          ? Promise.resolve(new Response('{"dataUrl":null}', { headers: { 'Content-Type': 'application/json' } }))
          : fetch0(input, init);
    });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await page.goto(s.benchUrl);
    await page.waitForFunction(() => (window as unknown as HookWindow).__overtonBench?.importer, null, { timeout: 60_000 });

    // A few reads in flight, like the importer's read-ahead; the second load is the one reported (warm server side).
    const load = () => page.evaluate((p) => (window as unknown as HookWindow).__overtonBench!.importer!.loadBare('/__data/', p, 4), paths);
    await load();
    const held = await load();
    let dataRequests = 0;
    const onRequest = (r: { url(): string }) => {
      if (new URL(r.url()).pathname.startsWith('/__data/')) dataRequests += 1;
    };
    page.on('request', onRequest);
    const warm = await page.evaluate(() => (window as unknown as HookWindow).__overtonBench!.importer!.importUrl('/__data/'));
    page.off('request', onRequest);
    await page.evaluate(() => (window as unknown as HookWindow).__overtonBench!.importer!.bareParse());

    const imp: number[] = [];
    const persist: number[] = [];
    const parse: number[] = [];
    for (let round = 0; round < runs; round++) {
      parse.push((await page.evaluate(() => (window as unknown as HookWindow).__overtonBench!.importer!.bareParse())).ms);
      const t = await page.evaluate(() => (window as unknown as HookWindow).__overtonBench!.importer!.importUrl('/__data/'));
      imp.push(t.importMs);
      persist.push(t.persistMs);
    }
    const fetched = dataRequests ? `${dataRequests} HTTP requests incl. index; ` : '';
    const summary = `${warm.datasets} datasets, ${warm.samples} samples, ${warm.problems} problems`;
    return [
      { label: 'Chromium worker import (HTTP)', env: 'chromium', ms: median(imp), bytes: held.bytes, note: `${fetched}to datasets in the page; ${summary}; the fetch alone: ${held.fetchMs.toFixed(0)} ms` },
      { label: 'Chromium IndexedDB persist', env: 'chromium', ms: median(persist), bytes: held.bytes, note: 'saveDataset per dataset, after the import' },
      { label: 'Chromium bare JSON.parse', env: 'chromium', baseline: true, ms: median(parse), bytes: held.bytes, note: `${held.files} files, in a worker, bytes in memory` },
    ];
  } finally {
    await s.close();
  }
}

export const bench: Bench = {
  title: 'Import: the paper data through the CLI (Node) and the importer worker (Chromium), each vs a bare JSON.parse of the same bytes',
  async run(args) {
    const folder = paperDataDir();
    process.env.OVERTON_DATA = folder;
    const { rows, files } = await nodeImportRows(folder);
    if (!args.includes('--node-only')) {
      try {
        rows.push(...(await chromiumImportRows([...files.keys()])));
      } catch (e) {
        console.log(`browser half failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    printImportTable(rows);
    const get = (label: string) => rows.find((r) => r.label.startsWith(label));
    const [nImp, nParse, cImp, cPersist, cParse] = [get('Node CLI'), get('Node bare'), get('Chromium worker'), get('Chromium IndexedDB'), get('Chromium bare')];
    console.log(`RESULT import_node_ms=${nImp!.ms.toFixed(0)} bare_parse_ms=${nParse!.ms.toFixed(0)} ratio=${(nImp!.ms / nParse!.ms).toFixed(2)}`);
    if (cImp && cParse && cPersist) {
      console.log(
        `RESULT import_chromium_ms=${cImp.ms.toFixed(0)} persist_chromium_ms=${cPersist.ms.toFixed(0)} bare_parse_chromium_ms=${cParse.ms.toFixed(0)} ratio=${(cImp.ms / cParse.ms).toFixed(2)}`,
      );
    }
  },
};
