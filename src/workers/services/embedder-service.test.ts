// The embedding engine in Node with the real converted USE-lite model: loading, batching, bad input, errors, cancel.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL, folderModel, hubModel, isEmbedError, type EmbedResult } from '../../core/embed/embedder';
import { EmbedderService } from './embedder-service';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const models = resolve(root, 'public/models');
const modelDir = resolve(models, 'overton/use-lite');

function ensureModel(): string | null {
  if (existsSync(resolve(modelDir, 'onnx/model.onnx'))) return null;
  try {
    execSync('npm run build:model', { cwd: root, stdio: 'pipe', timeout: 300_000 });
  } catch (e) {
    return `model files absent at ${modelDir} and \`npm run build:model\` failed: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`;
  }
  return existsSync(resolve(modelDir, 'onnx/model.onnx')) ? null : `\`npm run build:model\` ran but ${modelDir}/onnx/model.onnx is still missing`;
}

const skipReason = ensureModel();
if (skipReason) console.warn(`SKIPPING embedder-service tests: ${skipReason}`);

const row = (r: EmbedResult, i: number) => r.vectors.subarray(i * r.dim, (i + 1) * r.dim);
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, k) => s + x * b[k]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

describe.skipIf(skipReason !== null)('EmbedderService (Node, real USE-lite)', () => {
  let svc: EmbedderService;
  beforeAll(() => {
    svc = new EmbedderService({ localModelPath: `${models}/` });
  });
  afterAll(async () => {
    await svc.dispose();
  });

  it('loads once: concurrent loads share one promise and run on native ORT', async () => {
    const [a, b] = await Promise.all([svc.load(BUNDLED_MODEL), svc.load(BUNDLED_MODEL)]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ device: 'cpu', dim: 512, maxTokens: 128, modelId: 'overton/use-lite' });
    expect(await svc.load(BUNDLED_MODEL)).toBe(a);
  });

  it('keeps input order across length-sorted batches and matches one-by-one results', async () => {
    const texts = ['A much longer sentence about how to treat the common cold at home.', 'short', 'medium length text here', 'cold remedies'];
    const batched = await svc.embed(BUNDLED_MODEL, texts, { batchSize: 3 });
    expect(batched.n).toBe(4);
    for (let i = 0; i < texts.length; i++) {
      const single = await svc.embed(BUNDLED_MODEL, [texts[i]!]);
      expect(dot(row(batched, i), row(single, 0))).toBeGreaterThan(0.999999);
    }
  });

  it('ranks a paraphrase above an unrelated text', async () => {
    const r = await svc.embed(BUNDLED_MODEL, ['What medicine should I take when I get a cold?', 'Which drugs help with a common cold?', 'The stock market fell sharply on Tuesday.']);
    expect(dot(row(r, 0), row(r, 1))).toBeGreaterThan(dot(row(r, 0), row(r, 2)) + 0.2);
  });

  it('gives empty and whitespace-only texts zero rows and reports them', async () => {
    const r = await svc.embed(BUNDLED_MODEL, ['', 'hello', '   \n\t', 'world']);
    expect(r.empty).toEqual([0, 2]);
    expect(norm(row(r, 0))).toBe(0);
    expect(norm(row(r, 2))).toBe(0);
    expect(norm(row(r, 1))).toBeCloseTo(1, 5);
    const all = await svc.embed(BUNDLED_MODEL, ['', '']);
    expect(all.vectors.length).toBe(2 * 512);
  });

  it('truncates 20k-character texts at 128 tokens and reports the original length', async () => {
    const prose = 'The committee met on Tuesday to discuss the budget for next year. '.repeat(300);
    const long = `${prose}${'x'.repeat(20_000 - prose.length)}`;
    expect(long.length).toBe(20_000);
    const other = `${prose}and then something completely different happened at the end.`;
    const r = await svc.embed(BUNDLED_MODEL, ['short one', long, other]);
    expect(r.truncated.map((t) => t.index)).toEqual([1, 2]);
    expect(r.truncated[0]!.tokens).toBeGreaterThan(128);
    // Both share their first 128 tokens, so the model sees the same input.
    expect(dot(row(r, 1), row(r, 2))).toBeGreaterThan(0.999999);
  });

  it('embeds non-English, punctuation-only and emoji-only texts to finite unit vectors', async () => {
    const texts = ['日本語の文章です。', 'Привет, как дела?', 'مرحبا بالعالم', '?!?!...,;:', '🎉🔥👍', '-----', ':)'];
    const r = await svc.embed(BUNDLED_MODEL, texts);
    for (let i = 0; i < texts.length; i++) {
      expect(row(r, i).every(Number.isFinite)).toBe(true);
      expect(norm(row(r, i))).toBeCloseTo(1, 5);
    }
  });

  it('reports progress and stops on cancel(jobId)', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `text number ${i} about something`);
    const seen: number[] = [];
    const job = svc.embed(BUNDLED_MODEL, texts, { jobId: 'j1', batchSize: 4 }, (p) => {
      seen.push(p.done);
      if (p.done >= 8) svc.cancel('j1');
    });
    await expect(job).rejects.toMatchObject({ name: 'EmbedCancelled' });
    expect(seen[0]).toBe(0);
    expect(Math.max(...seen)).toBeLessThan(40);
    // The service is still usable afterwards.
    expect((await svc.embed(BUNDLED_MODEL, ['still works'], { jobId: 'j1' })).n).toBe(1);
  });

  it('rejects a Hub model with a clear offline error when the network is unreachable, then still loads the bundle', async () => {
    const realFetch = env.fetch;
    env.fetch = async () => {
      throw new TypeError('fetch failed');
    };
    try {
      const err = await svc.load(hubModel('Xenova/all-MiniLM-L6-v2')).catch((e: unknown) => e);
      expect(isEmbedError(err, 'ModelOffline')).toBe(true);
      expect((err as Error).message).toMatch(/Could not reach the Hugging Face Hub.*offline/);
      const bad = await svc.load(hubModel('not a model id!')).catch((e: unknown) => e);
      expect(isEmbedError(bad, 'ModelNotFound')).toBe(true);
    } finally {
      env.fetch = realFetch;
    }
    expect((await svc.load(BUNDLED_MODEL)).dim).toBe(512);
  });

  it('loads a picked folder from its files, and lists what a broken folder is missing', async () => {
    const files: Record<string, Blob> = {};
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'overton-model.json']) {
      files[f] = new Blob([readFileSync(resolve(modelDir, f))]);
    }
    const { 'onnx/model.onnx': _onnx, 'tokenizer.json': _tok, ...broken } = files;
    const err = await svc.load(folderModel('broken', 'x'), undefined, broken).catch((e: unknown) => e);
    expect(isEmbedError(err, 'ModelFilesMissing')).toBe(true);
    expect((err as Error).message).toMatch(/missing tokenizer\.json, onnx\/model\.onnx/);

    const d = { ...folderModel('use copy', 'f1'), pooling: 'none' as const };
    await svc.load(d, undefined, files);
    const a = await svc.embed(d, ['a folder model', '-----']);
    const b = await svc.embed(BUNDLED_MODEL, ['a folder model', '-----']);
    expect(dot(row(a, 0), row(b, 0))).toBeGreaterThan(0.999999);
    expect(dot(row(a, 1), row(b, 1))).toBeGreaterThan(0.999999);
  });
});
