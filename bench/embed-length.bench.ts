// Time and memory per text against token length for the bundled encoder (native ORT), and whole-text throughput on LIMA-OE per window: picks the direct window.
import { resolve } from 'node:path';
import { BUNDLED_MODEL, BUNDLED_WINDOW, type ModelDescriptor } from '../src/core/embed/embedder';
import { importAny } from '../src/core/io/detect';
import { nodeSource } from '../src/node/fs-source';
import { EmbedderService } from '../src/workers/services/embedder-service';
import { table } from './lib/browser';
import type { Bench } from './run';

const LENGTHS = [64, 128, 256, 512, 1024, 2048];
const BATCHES = [1, 8, 32];
/** Tokens per configuration, so each row costs about the same (short lengths get more texts). */
const TOKENS_PER_ROW = 16_384;
const WINDOWS = [128, 256, 512];
const N_REAL = 200;

async function limaTexts(): Promise<string[]> {
  const { datasets } = await importAny(nodeSource(resolve('../shared/paper-data/LIMA-OE')));
  return datasets.flatMap((d) => d.samples.filter((s) => s.split === 'outputs' && s.text).map((s) => s.text!));
}

export const bench: Bench = {
  title: 'Embedding cost against token length (bundled USE-lite, native ORT) and whole-text throughput per window',
  /** `--windows-only` skips the length sweep (the slow part on a busy machine). */
  async run(args) {
    const texts = await limaTexts();
    const long = texts.join(' ');
    const svc = new EmbedderService({ localModelPath: `${resolve('public/models')}/` });
    if (!args.includes('--windows-only')) await lengthSweep(svc, long);
    await windowSweep(svc, texts);
    await svc.dispose();
  },
};

async function lengthSweep(svc: EmbedderService, long: string): Promise<void> {
  {
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const rows: (string | number)[][] = [];
    try {
      for (const L of LENGTHS) {
        // Truncation at L on texts far longer than L: every input is exactly L tokens.
        const model: ModelDescriptor = { ...BUNDLED_MODEL, maxTokens: L, longTexts: 'truncate' };
        const n = Math.max(8, Math.round(TOKENS_PER_ROW / L));
        const inputs = Array.from({ length: n }, (_, i) => long.slice(i * 7919, i * 7919 + L * 10));
        for (const b of BATCHES) {
          await svc.embed(model, inputs.slice(0, Math.min(b, n)), { batchSize: b });
          const before = peak;
          const r = await svc.embed(model, inputs, { batchSize: b });
          rows.push([L, b, n, r.ms / n, (r.ms / n / L) * 1000, (peak - before) / 1e6, peak / 1e6]);
        }
      }
    } finally {
      clearInterval(timer);
    }
    console.log(table(['tokens', 'batch', 'texts', 'ms/text', 'µs/token', 'RSS growth MB', 'peak RSS MB'], rows));
    console.log('(each input is exactly `tokens` long; batch = asked for, the engine caps a call at 8192 padded tokens; ORT keeps its arena, so RSS growth shows a new high only)\n');
  }
}

async function windowSweep(svc: EmbedderService, texts: string[]): Promise<void> {
  {
    const real = texts.slice(0, N_REAL);
    const wrows: (string | number)[][] = [];
    const base = { ...BUNDLED_MODEL, maxTokens: 128, longTexts: 'truncate' as const };
    await svc.embed(base, real.slice(0, 32));
    const cut = await svc.embed(base, real);
    wrows.push(['first 128 tokens (before)', real.length / (cut.ms / 1000), 1, cut.truncated.length]);
    for (const w of WINDOWS) {
      const model: ModelDescriptor = { ...BUNDLED_MODEL, maxTokens: w, longTexts: 'chunks' };
      await svc.embed(model, real.slice(0, 32));
      const r = await svc.embed(model, real);
      const rate = real.length / (r.ms / 1000);
      wrows.push([`whole text, window ${w}${w === BUNDLED_WINDOW ? ' (default)' : ''}`, rate, rate / (real.length / (cut.ms / 1000)), r.chunked.length]);
    }
    console.log(table(['LIMA-OE texts', 'texts/s', 'vs before', 'chunked or truncated'], wrows));
    const pick = wrows.find((r) => String(r[0]).includes('(default)'));
    if (pick) console.log(`RESULT whole_text_throughput_ratio ${(pick[2] as number).toFixed(3)}`);
  }
}
