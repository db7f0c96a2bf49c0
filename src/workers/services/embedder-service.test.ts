// The embedding engine in Node with the real converted USE-lite model (loading, batching, bad input, errors, cancel), and its held vectors: cache-first jobs, neighbours, import/export.
import 'fake-indexeddb/auto';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUNDLED_MODEL, BUNDLED_MODEL_TRUNCATED, BUNDLED_WINDOW, folderModel, hubModel, isEmbedError, modelKey, sampleKey, type DatasetRef, type EmbedResult, type SampleText } from '../../core/embed/embedder';
import { rowRef } from '../../core/embed/row-index';
import { parseEmbeddingJsonl, toEmbeddingJsonl } from '../../core/embed/npz';
import { EmbedderService, pickDevice, withWasmFallback, type GpuNavigator } from './embedder-service';
import { EmbeddingCache } from './embedding-cache';

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
    expect(a).toMatchObject({ device: 'cpu', dim: 512, maxTokens: BUNDLED_WINDOW, modelId: 'overton/use-lite' });
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

  it('truncates 20k-character texts at 128 tokens when the model settings say truncate, and reports the original length', async () => {
    const prose = 'The committee met on Tuesday to discuss the budget for next year. '.repeat(300);
    const long = `${prose}${'x'.repeat(20_000 - prose.length)}`;
    expect(long.length).toBe(20_000);
    const other = `${prose}and then something completely different happened at the end.`;
    const r = await svc.embed(BUNDLED_MODEL_TRUNCATED, ['short one', long, other]);
    expect(r.truncated.map((t) => t.index)).toEqual([1, 2]);
    expect(r.chunked).toEqual([]);
    expect(r.truncated[0]!.tokens).toBeGreaterThan(128);
    // Both share their first 128 tokens, so the model sees the same input.
    expect(dot(row(r, 1), row(r, 2))).toBeGreaterThan(0.999999);
  });

  it('embeds a whole long text as the token-weighted mean of balanced chunks; texts within the window are embedded directly', async () => {
    const a = 'The committee met on Tuesday to discuss the budget for next year and agreed on nothing at all. '.repeat(20);
    const b = 'Afterwards everyone went for a long walk along the river, talking about the weather and football. '.repeat(20);
    const whole = await svc.embed(BUNDLED_MODEL, [a + b, a, 'short']);
    expect(whole.chunked).toEqual([0]);
    expect(whole.truncated).toEqual([]);
    // The ending now counts: the long text differs from its own first 128 tokens.
    const cut = await svc.embed(BUNDLED_MODEL_TRUNCATED, [a + b]);
    expect(dot(row(whole, 0), row(cut, 0))).toBeLessThan(0.99);
    // Direct up to the window: a text of 128 < tokens <= window is one model call (not chunked).
    const mid = await svc.embed(BUNDLED_MODEL, [a.repeat(1).slice(0, 700)]);
    expect(mid.chunked).toEqual([]);
    expect(norm(row(whole, 0))).toBeCloseTo(1, 5);
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

const ref: DatasetRef = { dataset: 'ws-1', contentHash: 'c1', split: 'outputs' };
/** Neighbour sample keys of `sample`, named through the table's row index as the page does. */
async function near(svc: EmbedderService, model: string, sample: string, k: number, scope: 'split' | 'system' | 'prompt' = 'split'): Promise<string[] | null> {
  const got = await svc.neighbours(ref, model, sample, k, scope);
  if (!got) return null;
  const ix = await svc.rowIndex(ref, model);
  expect(ix.generation).toBe(got.generation);
  return got.hits.map((h) => sampleKey(rowRef(ix, h.row)));
}
const textsOf = (rows: { system: string; prompt: number; index: number }[]): SampleText[] =>
  rows.map((r) => ({ key: sampleKey(r), text: `${r.system} answer ${r.prompt}.${r.index}` }));
/** An embeddings JSONL blob for `rows` with the given vectors (dim 2), filed under model `m`. */
const jsonl = (rows: { system: string; prompt: number; index: number }[], v: number[]) =>
  new Blob([toEmbeddingJsonl(rows.map((r) => ({ dataset: 'ds', system: r.system, prompt: r.prompt, sample: r.index })), new Float32Array(v), 2, 'm')]);

describe('EmbedderService held vectors (no model)', () => {
  // Six samples of system s, prompt 0: two near-parallel, one orthogonal, one zero, one opposite, one a scaled copy.
  const six = Array.from({ length: 6 }, (_, i) => ({ system: 's', prompt: 0, index: i }));
  const v = [1, 0, 0.9, 0.1, 0, 1, 0, 0, -1, 0, 2, 0];

  it('ranks neighbours by cosine, skips the query and zero rows, and stops at k', async () => {
    const svc = new EmbedderService();
    const rep = await svc.importJsonl(ref, jsonl(six, v), 'e.jsonl', 'ds', textsOf(six));
    expect(rep).toMatchObject({ stored: 6, unmatched: 0, model: 'm', problems: [] });
    expect(await near(svc, 'm', sampleKey(six[0]!), 3)).toEqual([5, 1, 2].map((i) => sampleKey(six[i]!)));
    expect((await svc.neighbours(ref, 'm', six[0]!, 3))!.hits[0]!.cosine).toBeCloseTo(1, 6);
    expect(await near(svc, 'm', sampleKey(six[3]!), 3)).toEqual([]);
    expect(await svc.neighbours(ref, 'm', sampleKey({ system: 's', prompt: 9, index: 9 }), 3)).toBeNull();
  });

  it('limits candidates to the same system or prompt', async () => {
    const rows = [
      { system: 'a', prompt: 0, index: 0 },
      { system: 'a', prompt: 1, index: 0 },
      { system: 'b', prompt: 0, index: 0 },
    ];
    const svc = new EmbedderService();
    await svc.importJsonl(ref, jsonl(rows, [1, 0, 0.5, 0.5, 0.99, 0.01]), 'e.jsonl', 'ds', textsOf(rows));
    const keysOf = async (scope: 'split' | 'system' | 'prompt') => near(svc, 'm', sampleKey(rows[0]!), 5, scope);
    expect(await keysOf('split')).toEqual([sampleKey(rows[2]!), sampleKey(rows[1]!)]);
    expect(await keysOf('system')).toEqual([sampleKey(rows[1]!)]);
    expect(await keysOf('prompt')).toEqual([sampleKey(rows[2]!)]);
  });

  it('asks for the split\'s rows (RowsNeeded) when it was never sent them, then answers by key', async () => {
    const svc = new EmbedderService();
    await expect(svc.neighbours(ref, 'm', '0/0/s', 3)).rejects.toMatchObject({ name: 'RowsNeeded' });
    await expect(svc.exportJsonl(ref, 'm', 'ds')).rejects.toMatchObject({ name: 'RowsNeeded' });
    svc.putRows(ref, textsOf(six));
    expect(await svc.neighbours(ref, 'm', '0/0/s', 3)).toBeNull();
  });

  it('exports the held vectors as JSONL that imports back to the same floats; unmatched lines are counted', async () => {
    const svc = new EmbedderService();
    const extra = [...six, { system: 'other-dataset', prompt: 0, index: 0 }];
    const rep = await svc.importJsonl(ref, jsonl(extra, [...v, 3, 4]), 'e.jsonl', 'ds', textsOf(six));
    expect(rep.unmatched).toBe(1);
    const text = await svc.exportJsonl(ref, 'm', 'ds');
    const table = parseEmbeddingJsonl(text);
    expect(table.n).toBe(6);
    expect(table.models).toEqual(['m']);
    expect(Array.from(table.vectors)).toEqual(Array.from(new Float32Array(v)));
  });

  it('files imports in the IndexedDB cache, so a fresh service reports them cached; clearCache drops them', async () => {
    const cache = new EmbeddingCache('test-service-cache-1');
    try {
      await new EmbedderService({ cache }).importJsonl(ref, jsonl(six, v), 'e.jsonl', 'ds', textsOf(six));
      const svc = new EmbedderService({ cache });
      const more = [...textsOf(six), { key: sampleKey({ system: 't', prompt: 0, index: 0 }), text: 'not imported' }];
      expect(await svc.status(ref, 'm', more)).toEqual([
        { system: 's', samples: 6, empty: 0, embedded: 6 },
        { system: 't', samples: 1, empty: 0, embedded: 0 },
      ]);
      expect(await near(svc, 'm', sampleKey(six[0]!), 1)).toEqual([sampleKey(six[5]!)]);
      expect((await svc.cacheSize()).entries).toBe(6);
      await svc.clearCache();
      expect(await svc.status(ref, 'm', more)).toEqual([
        { system: 's', samples: 6, empty: 0, embedded: 0 },
        { system: 't', samples: 1, empty: 0, embedded: 0 },
      ]);
    } finally {
      await cache.close();
    }
  });
  it('rejects with EmbeddingCacheFullError (not silently) when the cache hits its quota', async () => {
    const cache = new EmbeddingCache('test-service-cache-3');
    const proto = IDBObjectStore.prototype;
    const realPut = proto.put;
    try {
      await cache.getMany('m', ['warm']);
      proto.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      const err = await new EmbedderService({ cache }).importJsonl(ref, jsonl(six, v), 'e.jsonl', 'ds', textsOf(six)).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'EmbeddingCacheFullError' });
      expect((err as Error).message).toMatch(/ran out of storage.*Clear the embedding cache/);
    } finally {
      proto.put = realPut;
      await cache.close();
    }
  });
});

describe.skipIf(skipReason !== null)('EmbedderService.embedDataset (Node, real USE-lite)', () => {
  const rows: SampleText[] = [
    { key: sampleKey({ system: 'a', prompt: 0, index: 0 }), text: 'What medicine should I take when I get a cold?' },
    { key: sampleKey({ system: 'a', prompt: 0, index: 1 }), text: '' },
    { key: sampleKey({ system: 'b', prompt: 0, index: 0 }), text: 'Which drugs help with a common cold?' },
    { key: sampleKey({ system: 'b', prompt: 1, index: 0 }), text: 'The stock market fell sharply on Tuesday.' },
  ];

  it('embeds cache-first: a second service on the same cache computes nothing and never loads the model', async () => {
    const cache = new EmbeddingCache('test-service-cache-2');
    const first = new EmbedderService({ localModelPath: `${models}/`, cache });
    const second = new EmbedderService({ localModelPath: `${models}/`, cache });
    try {
      const seen: number[] = [];
      first.putRows(ref, rows);
      const a = await first.embedDataset(ref, BUNDLED_MODEL, {}, (p) => seen.push(p.done));
      expect(a).toMatchObject({ n: 4, computed: 3, fromCache: 0, empty: 1, truncated: 0, dim: 512 });
      expect(a.engine?.device).toBe('cpu');
      expect(seen.at(-1)).toBe(4);
      second.putRows(ref, rows);
      const b = await second.embedDataset(ref, BUNDLED_MODEL);
      expect(b).toMatchObject({ n: 4, computed: 0, fromCache: 3, empty: 1, engine: null });
      expect(await near(second, modelKey(BUNDLED_MODEL), rows[0]!.key, 2)).toEqual([rows[2]!.key, rows[3]!.key]);
      // The blank sample counts once, as empty, and system a is complete.
      expect(await second.status(ref, modelKey(BUNDLED_MODEL))).toEqual([
        { system: 'a', samples: 2, empty: 1, embedded: 1 },
        { system: 'b', samples: 2, empty: 0, embedded: 2 },
      ]);
      const runs = await second.runs('ws-1');
      expect(runs.map((r) => [r.system, r.count, r.computed]).sort()).toEqual([['a', 2, 0], ['b', 2, 0]]);
    } finally {
      await first.dispose();
      await cache.close();
    }
  });
});

describe.skipIf(skipReason !== null)('EmbedderService resumable embedding (Node, real USE-lite, fake-indexeddb)', () => {
  const many: SampleText[] = Array.from({ length: 40 }, (_, i) => ({ key: sampleKey({ system: 'r', prompt: i, index: 0 }), text: `resumable text number ${i} about topic ${i % 7}` }));

  it('writes every finished batch through: a cancelled job keeps its batches and the next run resumes from them', async () => {
    const cache = new EmbeddingCache('test-service-cache-resume');
    const first = new EmbedderService({ localModelPath: `${models}/`, cache });
    const second = new EmbedderService({ localModelPath: `${models}/`, cache });
    try {
      first.putRows(ref, many);
      const job = first.embedDataset(ref, BUNDLED_MODEL, { jobId: 'r1', batchSize: 8 }, (p) => {
        if (p.phase === 'embedding' && p.done >= 16) first.cancel('r1');
      });
      await expect(job).rejects.toMatchObject({ name: 'EmbedCancelled' });
      // A fresh service (a reloaded page) on the same cache sees the finished batches.
      second.putRows(ref, many);
      const [share] = await second.status(ref, modelKey(BUNDLED_MODEL));
      expect(share!.embedded).toBeGreaterThanOrEqual(16);
      expect(share!.embedded).toBeLessThan(40);
      const res = await second.embedDataset(ref, BUNDLED_MODEL, { batchSize: 8 });
      expect(res).toMatchObject({ n: 40, fromCache: share!.embedded, computed: 40 - share!.embedded });
    } finally {
      await first.dispose();
      await second.dispose();
      await cache.close();
    }
  });

  it('fails at the first batch when storage is full, not after computing everything', async () => {
    const cache = new EmbeddingCache('test-service-cache-quota');
    const svc = new EmbedderService({ localModelPath: `${models}/`, cache });
    const proto = IDBObjectStore.prototype;
    const realPut = proto.put;
    try {
      svc.putRows(ref, many);
      await svc.status(ref, modelKey(BUNDLED_MODEL));
      proto.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      const seen: number[] = [];
      const err = await svc.embedDataset(ref, BUNDLED_MODEL, { batchSize: 8 }, (p) => p.phase === 'embedding' && seen.push(p.done)).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'EmbeddingCacheFullError' });
      expect((err as Error).message).toMatch(/stopped at the first write that failed, with 0 of 40 texts saved/);
      // No batch was ever reported finished: the first write failed and the job stopped there.
      expect(Math.max(...seen)).toBe(0);
    } finally {
      proto.put = realPut;
      await svc.dispose();
      await cache.close();
    }
  });
});

describe('EmbedderService semantic measures (injected vectors)', () => {
  // Teacher t: sample 0 = X, samples 1, 2 = XY (cos √½). Student s: both samples X (cos 1 to the teacher's sample 0).
  // Base b: X, Y, Y (pairwise 0, 0, 1).
  const X = [1, 0];
  const Y = [0, 1];
  const XY = [1, 1];
  const rows = [
    { system: 't', prompt: 0, index: 0, v: X },
    { system: 't', prompt: 0, index: 1, v: XY },
    { system: 't', prompt: 0, index: 2, v: XY },
    { system: 's', prompt: 0, index: 0, v: X },
    { system: 's', prompt: 0, index: 1, v: X },
    { system: 'b', prompt: 0, index: 0, v: X },
    { system: 'b', prompt: 0, index: 1, v: Y },
    { system: 'b', prompt: 0, index: 2, v: Y },
    { system: 'b', prompt: 1, index: 0, v: X },
    { system: 'b', prompt: 1, index: 1, v: X },
  ];
  const load = async () => {
    const svc = new EmbedderService();
    await svc.importJsonl(ref, jsonl(rows, rows.flatMap((r) => r.v)), 'e.jsonl', 'ds', textsOf(rows));
    return svc;
  };

  it('tabulates within-prompt cosine, distinct meanings and teacher similarity per embedded system', async () => {
    const svc = await load();
    const table = await svc.semanticTable(ref, 'm', { threshold: 0.9, teachers: { s: 't', b: 'missing' } });
    expect(table.map((r) => r.system)).toEqual(['b', 's', 't']);
    const [b, s, t] = table;
    expect(b).toMatchObject({ samples: 5, prompts: 2, maxPerPrompt: 3, teacher: null, toTeacher: null, ratio: null });
    expect(b!.withinCosine).toBeCloseTo((1 / 3 + 1) / 2, 6);
    expect(b!.distinct).toBeCloseTo((2 + 1) / 2, 6);
    expect(s).toMatchObject({ teacher: 't', distinct: 1 });
    expect(s!.toTeacher).toBeCloseTo(1, 6);
    expect(s!.teacherSelf).toBeCloseTo(Math.SQRT1_2, 6);
    expect(s!.ratio).toBeCloseTo(Math.SQRT2, 6);
    expect(t!.withinCosine).toBeCloseTo((Math.SQRT1_2 * 2 + 1) / 3, 6);
    // At a looser threshold the teacher's samples are one meaning.
    expect((await svc.semanticTable(ref, 'm', { threshold: 0.7, systems: ['t'] }))[0]!.distinct).toBe(1);
  });

  it('gives the per-prompt values behind the semantic table (Findings charts), averaging to it', async () => {
    const svc = await load();
    const opts = { threshold: 0.9, teachers: { s: 't' } };
    const table = await svc.semanticTable(ref, 'm', opts);
    const dists = await svc.semanticDistributions(ref, 'm', opts);
    expect(dists.map((d) => d.system)).toEqual(table.map((r) => r.system));
    const avg = (xs: (number | null)[]) => { const v = xs.filter((x): x is number => x !== null); return v.reduce((a, b) => a + b, 0) / v.length; };
    for (const [i, d] of dists.entries()) {
      expect(avg(d.perPrompt.map((p) => p.withinCosine))).toBeCloseTo(table[i]!.withinCosine!, 6);
      expect(avg(d.perPrompt.map((p) => p.distinct))).toBeCloseTo(table[i]!.distinct!, 6);
    }
    expect(avg(dists[1]!.perPrompt.map((p) => p.toTeacher))).toBeCloseTo(table[1]!.toTeacher!, 6);
  });

  it('gives one prompt its figures and the meaning clusters; systems without vectors get zero counts', async () => {
    const svc = await load();
    const got = await svc.semanticForPrompt(ref, 'm', 0, ['b', 'nobody'], { threshold: 0.9 });
    expect(got[0]).toMatchObject({ system: 'b', samples: 3, prompts: 1, distinct: 2, clusters: [[0], [1, 2]] });
    expect(got[0]!.withinCosine).toBeCloseTo(1 / 3, 6);
    expect(got[1]).toMatchObject({ system: 'nobody', samples: 0, withinCosine: null, distinct: null, clusters: [] });
  });

  it('rejects a split it was never sent', async () => {
    await expect(new EmbedderService().semanticTable(ref, 'm', { threshold: 0.8 })).rejects.toMatchObject({ name: 'RowsNeeded' });
  });

  it('answers heatmap tiles (sample × sample cosine) and the system × system mean-similarity matrix of a prompt', async () => {
    const svc = await load();
    const ix = await svc.rowIndex(ref, 'm');
    const rowOf = (system: string, index: number) => [...Array(ix.n).keys()].find((i) => rowRef(ix, i).system === system && rowRef(ix, i).prompt === 0 && rowRef(ix, i).index === index)!;
    const ids = Int32Array.from([rowOf('b', 0), rowOf('b', 1), rowOf('t', 1)]);
    const tile = await svc.heatmapTile(ref, 'm', ids);
    expect(Array.from(tile).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1, 0, 0.707107, 0, 1, 0.707107, 0.707107, 0.707107, 1]);
    const m = await svc.systemMatrix(ref, 'm', 0, ['b', 's', 't']);
    expect(m.counts).toEqual([3, 2, 3]);
    // Diagonal: self-similarity over distinct pairs (b: X,Y,Y → (0 + 0 + 1) / 3; s: X,X → 1).
    expect(m.mean[0]).toBeCloseTo(1 / 3, 6);
    expect(m.mean[4]).toBeCloseTo(1, 6);
    // b vs s: X·X, Y·X, Y·X over 3 × 2 pairs = (1 + 1 + 0 + 0 + 0 + 0) / 6.
    expect(m.mean[1]).toBeCloseTo(2 / 6, 6);
    expect(m.mean[3]).toBeCloseTo(m.mean[1]!, 6);
  });
});

describe.skipIf(skipReason !== null)('EmbedderService.coverageForPrompt (Node, real USE-lite)', () => {
  const base = [
    'Drink plenty of fluids. Rest at home for a few days.',
    'Take paracetamol for the fever. Drink plenty of water.',
    'Honey soothes a sore throat. Rest as much as you can.',
  ];
  const aligned = ['Rest, drink fluids and take paracetamol for fever. Honey can soothe a sore throat.'];
  const rows: SampleText[] = [
    ...base.map((text, i) => ({ key: sampleKey({ system: 'base', prompt: 0, index: i }), text })),
    ...aligned.map((text, i) => ({ key: sampleKey({ system: 'chat', prompt: 0, index: i }), text })),
  ];

  it('embeds sentences cache-first and reports the shares of base sentences covered', async () => {
    const cache = new EmbeddingCache('test-service-cache-cov');
    const svc = new EmbedderService({ localModelPath: `${models}/`, cache });
    try {
      svc.putRows(ref, rows);
      await svc.embedDataset(ref, BUNDLED_MODEL);
      const before = (await svc.cacheSize()).entries;
      const c = await svc.coverageForPrompt(ref, BUNDLED_MODEL, 0, 'base', 'chat', 0.5);
      expect(c.perPrompt).toHaveLength(1);
      expect(c.perPrompt[0]!.baseSentences).toBe(6);
      expect(c.byAligned).toBeGreaterThan(0);
      expect(c.byAligned).toBeLessThanOrEqual(1);
      expect(c.byOtherBase).toBeGreaterThanOrEqual(0);
      // The sentences went into the same cache as the samples.
      const after = (await svc.cacheSize()).entries;
      expect(after).toBeGreaterThan(before);
      // A second run is served from the cache: same numbers, nothing new stored.
      const again = await svc.coverageForPrompt(ref, BUNDLED_MODEL, 0, 'base', 'chat', 0.5);
      expect(again).toEqual(c);
      expect((await svc.cacheSize()).entries).toBe(after);
      const seen: number[] = [];
      const all = await svc.coverageDataset(ref, BUNDLED_MODEL, 'base', 'chat', 0.5, {}, (p) => seen.push(p.done));
      expect(all.byAligned).toBeCloseTo(c.byAligned!, 6);
      expect(seen.at(-1)).toBe(1);
    } finally {
      await svc.dispose();
      await cache.close();
    }
  });
});

describe('device choice (fake navigator.gpu)', () => {
  const nav = (requestAdapter: () => Promise<unknown>): GpuNavigator => ({ gpu: { requestAdapter } });

  it('auto picks webgpu when an adapter exists, else wasm: no navigator.gpu, a null adapter, a rejected request', async () => {
    expect(await pickDevice('auto', nav(async () => ({ features: new Set() })), false)).toBe('webgpu');
    // Chromium without a usable GPU (headless, default flags) has navigator.gpu but answers null.
    expect(await pickDevice('auto', nav(async () => null), false)).toBe('wasm');
    expect(await pickDevice('auto', nav(() => Promise.reject(new Error('GPU process gone'))), false)).toBe('wasm');
    expect(await pickDevice('auto', {}, false)).toBe('wasm');
    expect(await pickDevice('auto', undefined, false)).toBe('wasm');
  });

  it('keeps a forced device without asking for an adapter; Node always runs native ORT', async () => {
    const requestAdapter = vi.fn(async () => ({}));
    expect(await pickDevice('wasm', nav(requestAdapter), false)).toBe('wasm');
    expect(await pickDevice('webgpu', nav(requestAdapter), false)).toBe('webgpu');
    expect(await pickDevice('auto', nav(requestAdapter), true)).toBe('cpu');
    expect(requestAdapter).not.toHaveBeenCalled();
  });

  it('retries a failed WebGPU attempt once on wasm, reports wasm and logs why; other devices fail as they are', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const tried: string[] = [];
      const attempt = async (d: string) => {
        tried.push(d);
        if (d === 'webgpu') throw new Error('unsupported op on this adapter');
        return `model on ${d}`;
      };
      expect(await withWasmFallback('webgpu', attempt)).toEqual({ value: 'model on wasm', device: 'wasm' });
      expect(tried).toEqual(['webgpu', 'wasm']);
      expect(warn.mock.calls[0]?.[0]).toContain('unsupported op on this adapter');
      expect(await withWasmFallback('webgpu', async (d) => d)).toEqual({ value: 'webgpu', device: 'webgpu' });
      await expect(withWasmFallback('wasm', () => Promise.reject(new Error('wasm broke')))).rejects.toThrow('wasm broke');
      await expect(withWasmFallback('webgpu', () => Promise.reject(new Error('both broke')))).rejects.toThrow('both broke');
    } finally {
      warn.mockRestore();
    }
  });
});
