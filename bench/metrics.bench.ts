// Metrics benchmark: import + every lexical/format/judge/BERTScore table over all of ../shared/paper-data, in the
// CLI's code path (Node, in process and as a real `metrics` + `judges` CLI run) and in headless Chromium's worker.
import { spawnSync } from 'node:child_process';
import { nodeSource } from '../src/node/fs-source';
import { importAny } from '../src/core/io/detect';
import { Measurer } from '../src/workers/services/measurer';
import { openApp, table } from './lib/browser';
import type { Bench } from './run';
import { paperDataDir } from '../src/node/paper-data';

const DATA = paperDataDir();

interface Row {
  where: string;
  importMs: number;
  measureMs: number;
  totalMs: number;
  note: string;
}

async function nodeRun(tokenizer: 'regex' | 'treebank'): Promise<Row> {
  const t0 = performance.now();
  const res = await importAny(nodeSource(DATA));
  const t1 = performance.now();
  const m = new Measurer();
  let rows = 0;
  for (const ds of res.datasets) {
    const o = m.measure(ds, { tokenizer });
    rows += o.outputs.length + o.judges.length + o.bertscore.length + o.summaries.length;
  }
  const t2 = performance.now();
  return { where: `node, in process (${tokenizer})`, importMs: t1 - t0, measureMs: t2 - t1, totalMs: t2 - t0, note: `${rows} rows` };
}

function cliRun(cmd: string): Row {
  const t0 = performance.now();
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', cmd, DATA, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cli ${cmd} failed: ${r.stderr}`);
  const n = (JSON.parse(r.stdout) as unknown[]).length;
  return { where: `node, CLI process: ${cmd} --json`, importMs: NaN, measureMs: NaN, totalMs: ms, note: `${n} objects, incl. tsx start-up` };
}

async function browserRun(): Promise<Row[]> {
  const s = await openApp();
  try {
    await s.page.goto(s.benchUrl);
    await s.page.waitForFunction(() => (window as unknown as { __overtonBench?: { measurer?: unknown } }).__overtonBench?.measurer, null, { timeout: 60_000 });
    const out: Row[] = [];
    for (const label of ['cold worker', 'warm worker']) {
      const t = await s.page.evaluate(async () => {
        const hook = (window as unknown as { __overtonBench: { measurer: { importAndMeasure(u: string): Promise<Record<string, number>> } } }).__overtonBench.measurer;
        return hook.importAndMeasure('/__data/');
      });
      out.push({
        where: `chromium, measurer worker (${label})`,
        importMs: t.importMs!,
        measureMs: t.measureMs!,
        totalMs: t.wallMs!,
        note: `${t.datasets} datasets, ${t.outputsRows} outputs rows, ${t.judgeRows} judge rows; import over HTTP`,
      });
    }
    return out;
  } finally {
    await s.close();
  }
}

export const bench: Bench = {
  title: 'metrics: import + all lexical/format/judge tables over ../shared/paper-data (Node CLI path vs browser worker)',
  async run(args) {
    const rows: Row[] = [];
    await nodeRun('regex'); // warm-up: JIT and file cache
    rows.push(await nodeRun('regex'));
    rows.push(await nodeRun('treebank'));
    rows.push(cliRun('metrics'));
    rows.push(cliRun('judges'));
    if (!args.includes('--node-only')) {
      try {
        rows.push(...(await browserRun()));
      } catch (e) {
        console.log(`browser half failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const f = (x: number) => (Number.isFinite(x) ? Math.round(x) : '');
    console.log(table(['where', 'import ms', 'metrics ms', 'total ms', 'note'], rows.map((r) => [r.where, f(r.importMs), f(r.measureMs), f(r.totalMs), r.note])));
    const node = rows[0]!;
    const browser = rows.find((r) => r.where.includes('warm'));
    console.log(`RESULT metrics_node_ms ${Math.round(node.totalMs)}`);
    if (browser) {
      console.log(`RESULT metrics_browser_ms ${Math.round(browser.totalMs)}`);
      console.log(`RESULT metrics_browser_vs_node ${(browser.totalMs / node.totalMs).toFixed(2)}`);
    }
  },
};
