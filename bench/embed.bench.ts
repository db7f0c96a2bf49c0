// Embedding throughput: the bundled USE-lite model in headless Chromium (WASM, threads) vs Node (native ORT), same 1000 texts.
import { resolve } from 'node:path';
import { BUNDLED_MODEL } from '../src/core/embed/embedder';
import { importAny } from '../src/core/io/detect';
import { nodeSource } from '../src/node/fs-source';
import { EmbedderService } from '../src/workers/services/embedder-service';
import type { EmbedBenchHook } from '../src/bench/embed-hook';
import type { Bench } from './run';
import { openApp, table } from './lib/browser';
import { paperDataDir } from '../src/node/paper-data';

const N = 1000;
const SWEEP_N = 200;
const SWEEP = [1, 8, 32, 64];
const MAIN_BATCH = 32;

/** The first 1000 sample texts of LIMA-OE (all systems, `outputs`), in importer order: long answers, most over 128 tokens. */
async function benchTexts(): Promise<string[]> {
  const { datasets } = await importAny(nodeSource(resolve(paperDataDir(), 'LIMA-OE')));
  const texts = datasets.flatMap((d) => d.samples.filter((s) => s.split === 'outputs' && s.text).map((s) => s.text!));
  if (texts.length < N) throw new Error(`only ${texts.length} texts in ${paperDataDir()}/LIMA-OE`);
  return texts.slice(0, N);
}

async function nodeRun(texts: string[]) {
  const svc = new EmbedderService({ localModelPath: `${resolve('public/models')}/` });
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const info = await svc.load(BUNDLED_MODEL);
    const main = await svc.embed(BUNDLED_MODEL, texts, { batchSize: MAIN_BATCH });
    const sweep: { batch: number; rate: number }[] = [];
    for (const b of SWEEP) {
      const r = await svc.embed(BUNDLED_MODEL, texts.slice(0, SWEEP_N), { batchSize: b });
      sweep.push({ batch: b, rate: SWEEP_N / (r.ms / 1000) });
    }
    return { rate: N / (main.ms / 1000), ms: main.ms, loadMs: info.loadMs, truncated: main.truncated.length, sweep, peakMb: peak / 1e6 };
  } finally {
    clearInterval(timer);
    await svc.dispose();
  }
}

type Dtype = 'fp32' | 'q8';
/** Precision × thread configurations timed on the sweep texts; each browser one in a fresh page (ORT fixes its thread count at first use). */
const VARIANTS: { dtype: Dtype; threads: number }[] = [
  { dtype: 'fp32', threads: 2 },
  { dtype: 'fp32', threads: 1 },
  { dtype: 'q8', threads: 2 },
];

async function nodeVariant(texts: string[], dtype: Dtype): Promise<number> {
  const svc = new EmbedderService({ localModelPath: `${resolve('public/models')}/` });
  try {
    const model = { ...BUNDLED_MODEL, dtype };
    await svc.embed(model, texts.slice(0, 16), { batchSize: 16 });
    const r = await svc.embed(model, texts, { batchSize: MAIN_BATCH });
    return texts.length / (r.ms / 1000);
  } finally {
    await svc.dispose();
  }
}

async function browserVariants(texts: string[]): Promise<number[]> {
    const session = await openApp();
  type W = { __overtonBench: { embedder: EmbedBenchHook } };
  try {
    const rates: number[] = [];
    for (const v of VARIANTS) {
      const page = await session.browser.newPage();
      await page.goto(session.benchUrl);
      await page.waitForFunction(() => (window as unknown as { __overtonBench?: { embedder?: unknown } }).__overtonBench?.embedder !== undefined);
      const ms = await page.evaluate(
        async ([th, dt, tx, b]) => {
          const hook = (window as unknown as W).__overtonBench.embedder;
          await hook.runWith(th, dt, tx.slice(0, 16), 16);
          return (await hook.runWith(th, dt, tx, b)).ms;
        },
        [v.threads, v.dtype, texts, MAIN_BATCH] as const,
      );
      rates.push(texts.length / (ms / 1000));
      await page.close();
    }
    return rates;
  } finally {
    await session.close();
  }
}

async function browserRun(texts: string[]) {
  const session = await openApp();
  try {
    const { page } = session;
    await page.goto(session.benchUrl);
    // The bench page runs no app, so no start-up data import competes with the measurement.
    await page.waitForFunction(() => (window as unknown as { __overtonBench?: { embedder?: unknown } }).__overtonBench?.embedder !== undefined);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    };
    let peakHeap = await heap();
    const timer = setInterval(() => void heap().then((h) => (peakHeap = Math.max(peakHeap, h)), () => undefined), 200);
    type W = { __overtonBench: { embedder: EmbedBenchHook } };
    try {
      const info = await page.evaluate(() => (window as unknown as W).__overtonBench.embedder.load());
      const isolated = await page.evaluate(() => (window as unknown as W).__overtonBench.embedder.crossOriginIsolated);
      const main = await page.evaluate(([t, b]) => (window as unknown as W).__overtonBench.embedder.embed(t, b), [texts, MAIN_BATCH] as const);
      const sweep: { batch: number; rate: number }[] = [];
      for (const b of SWEEP) {
        const r = await page.evaluate(([t, bb]) => (window as unknown as W).__overtonBench.embedder.embed(t, bb), [texts.slice(0, SWEEP_N), b] as const);
        sweep.push({ batch: b, rate: SWEEP_N / (r.ms / 1000) });
      }
      // Includes the worker's WASM memory, which CDP's page heap does not see; needs cross-origin isolation.
      const uaMemory = await page
        .evaluate(async () => {
          const p = performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
          if (!p.measureUserAgentSpecificMemory) return null;
          return (await Promise.race([p.measureUserAgentSpecificMemory(), new Promise<null>((r) => setTimeout(() => r(null), 30_000))]))?.bytes ?? null;
        })
        .catch(() => null);
      return { rate: N / (main.ms / 1000), ms: main.ms, loadMs: info.loadMs, device: info.device, threads: info.threads, isolated, truncated: main.truncated, sweep, peakHeapMb: peakHeap / 1e6, uaMemoryMb: uaMemory === null ? null : uaMemory / 1e6 };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await session.close();
  }
}

export const bench: Bench = {
  title: `Embedding throughput: bundled USE-lite, ${N} LIMA-OE texts (batch ${MAIN_BATCH}); batch sweep on ${SWEEP_N}`,
  async run() {
    const texts = await benchTexts();
    const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
    console.log(`${texts.length} texts, mean ${chars.toFixed(0)} characters (most are truncated at 128 tokens)\n`);
    const node = await nodeRun(texts);
    const web = await browserRun(texts);
    console.log(
      table(
        ['engine', 'texts/s', 'time s', 'load s', 'truncated', 'peak memory'],
        [
          ['node (onnxruntime-node, cpu)', node.rate, node.ms / 1000, node.loadMs / 1000, node.truncated, `rss ${node.peakMb.toFixed(0)} MB`],
          [
            `chromium (${web.device}, ${web.threads} threads, isolated=${web.isolated})`,
            web.rate,
            web.ms / 1000,
            web.loadMs / 1000,
            web.truncated,
            `page JS heap ${web.peakHeapMb.toFixed(0)} MB${web.uaMemoryMb !== null ? `; page+workers ${web.uaMemoryMb.toFixed(0)} MB` : ''}`,
          ],
        ],
      ),
    );
    console.log('');
    console.log(table(['batch', 'node texts/s', 'chromium texts/s', 'chromium/node'], SWEEP.map((b, i) => [String(b), node.sweep[i]!.rate, web.sweep[i]!.rate, web.sweep[i]!.rate / node.sweep[i]!.rate])));
    console.log('');
    const sweepTexts = texts.slice(0, SWEEP_N);
    const nodeRates = { fp32: await nodeVariant(sweepTexts, 'fp32'), q8: await nodeVariant(sweepTexts, 'q8') };
    const webRates = await browserVariants(sweepTexts);
    console.log(
      table(
        ['precision', 'chromium threads', 'chromium texts/s', 'node texts/s (same precision)', 'chromium/node'],
        VARIANTS.map((v, i) => [v.dtype, String(v.threads), webRates[i]!, nodeRates[v.dtype], webRates[i]! / nodeRates[v.dtype]]),
      ),
    );
    console.log(
      `(${SWEEP_N} texts, batch ${MAIN_BATCH}, one warm-up batch each. q8 = dynamic int8, cosine >= 0.997 to the original but batch-dependent,\n` +
        ' so fp32 stays the default. The fp32 gap is the GEMM: ORT-web runs 128-bit Wasm SIMD kernels, onnxruntime-node MLAS AVX2/AVX-512.)\n',
    );
    console.log(`RESULT browser_vs_native ${(web.rate / node.rate).toFixed(3)}`);
  },
};
