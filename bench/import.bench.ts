// Import benchmark: the whole paper data through the CLI code path vs a bare JSON.parse of the same bytes, same run.
import { resolve } from 'node:path';
import { nodeSource } from '../src/cli/node-source';
import { importAny } from '../src/core/io/detect';
import type { FileSource } from '../src/core/io/file-source';
import { formatOf } from '../src/core/io/generic';
import { table } from './lib/browser';
import type { Bench } from './run';

/** One row of the import table: what was timed, its median wall time (ms) and the bytes it read. */
export interface ImportBenchRow {
  label: string;
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

/** Prints the import table (ratios against the first row, which should be the bare-parse baseline). */
export function printImportTable(rows: ImportBenchRow[]): void {
  const base = rows[0]!.ms;
  console.log(
    table(
      ['what', 'median ms', 'MB', 'MB/s', '× baseline', 'note'],
      rows.map((r) => [r.label, r.ms, r.bytes / 1e6, r.bytes / 1e6 / (r.ms / 1000), r.ms / base, r.note ?? '']),
    ),
  );
}

/**
 * Times the Node rows (bare parse, fs read + parse, importAny) over `folder`; the browser bench can append its own
 * row. The three are interleaved round by round (median of `runs` each) so machine noise hits them alike.
 */
export async function nodeImportRows(folder: string, runs = 3): Promise<{ rows: ImportBenchRow[]; files: Map<string, Uint8Array> }> {
  const rec = recordingSource(nodeSource(folder));
  let summary: string;
  {
    const first = await importAny(rec.source);
    summary = `${first.datasets.length} datasets, ${first.datasets.reduce((a, d) => a + d.samples.length, 0)} samples, ${first.problems.length} problems`;
  }
  const files = rec.read;
  const bytes = [...files.values()].reduce((a, b) => a + b.byteLength, 0);
  const src = nodeSource(folder);
  const jobs: [string, () => Promise<unknown> | unknown][] = [
    ['parse', () => bareParse(files)],
    [
      'read',
      async () => {
        const got: [string, Uint8Array][] = [];
        for (const p of files.keys()) got.push([p, await src.read(p)]);
        return bareParse(got);
      },
    ],
    ['import', () => importAny(nodeSource(folder))],
  ];
  const times = new Map<string, number[]>(jobs.map(([k]) => [k, []]));
  for (let round = 0; round < runs; round++) {
    for (const [k, fn] of jobs) times.get(k)!.push(await medianMs(fn, 1));
  }
  const med = (k: string) => times.get(k)!.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return {
    files,
    rows: [
      { label: 'bare JSON.parse (bytes in memory)', ms: med('parse'), bytes, note: `${files.size} files` },
      { label: 'fs read + bare JSON.parse', ms: med('read'), bytes },
      { label: 'importAny(nodeSource) (CLI path)', ms: med('import'), bytes, note: summary },
    ],
  };
}

export const bench: Bench = {
  title: 'Import: the paper data through importAny (Node) vs a bare JSON.parse of the same bytes',
  async run() {
    const folder = resolve(process.env.OVERTON_DATA ?? '../shared/paper-data');
    const { rows } = await nodeImportRows(folder);
    printImportTable(rows);
    const [parse, , imp] = rows;
    console.log(`RESULT import_node_ms=${imp!.ms.toFixed(0)} bare_parse_ms=${parse!.ms.toFixed(0)} ratio=${(imp!.ms / parse!.ms).toFixed(2)}`);
  },
};
