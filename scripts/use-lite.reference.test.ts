// Tokenizer proof on the paper's own answers: the patched Transformers.js tokenizer gives the original USE-lite ids,
// and clipForUseLite keeps the first 128 of them. Reads ../shared/paper-data by path (never copied).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { EmbeddingsModel } from '@energetic-ai/embeddings';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipForUseLite, patchUseLiteTokenizer, USE_LITE_MAX_TOKENS, USE_LITE_MODEL_ID } from '../src/core/embed/use-lite-tokenizer';
import { buildModel, MODELS_ROOT, SOURCE_DIR } from './build-model';
import { paperDataDir } from '../src/node/paper-data';

const PAPER = paperDataDir();

/** Every `step`-th answer text of `<dataset>/outputs/<system>/samples.jsonl` (raw `generated_text` or chat `message.content`). */
function answers(dataset: string, step: number): string[] {
  const root = join(PAPER, dataset, 'outputs');
  const out: string[] = [];
  for (const system of readdirSync(root).sort()) {
    const file = join(root, system, 'samples.jsonl');
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { outputs?: { generated_text?: unknown; message?: { content?: unknown } }[] };
      for (const o of row.outputs ?? []) {
        const t = o.generated_text ?? o.message?.content;
        if (typeof t === 'string') out.push(t);
      }
    }
  }
  return out.filter((_, i) => i % step === 0);
}

let tokenizer: PreTrainedTokenizer;
let original: { encode(text: string): number[] };

beforeAll(async () => {
  await buildModel();
  env.localModelPath = `${MODELS_ROOT}/`;
  env.allowRemoteModels = false;
  tokenizer = patchUseLiteTokenizer(await AutoTokenizer.from_pretrained(USE_LITE_MODEL_ID));
  const vocabulary = JSON.parse(readFileSync(join(SOURCE_DIR, 'vocab.json'), 'utf8')) as [string, number][];
  original = new EmbeddingsModel({ vocabulary, model: null as never }).tokenizer;
});

describe.skipIf(!existsSync(PAPER))('use-lite tokenizer on the paper data', () => {
  it('gives the original ids and exact clipping on LIMA-OE and ConflictingQA answers', () => {
    const texts = [...answers('LIMA-OE', 16), ...answers('ConflictingQA', 80)];
    expect(texts.length).toBeGreaterThan(300);
    const encode = (t: string) => tokenizer.encode(t, { add_special_tokens: false });
    let mismatches = 0;
    let clipped = 0;
    for (const t of texts) {
      const ids = encode(t);
      if (ids.join(',') !== original.encode(t).join(',')) mismatches++;
      const c = clipForUseLite(t, (x) => encode(x).length);
      if (c.length < t.length) clipped++;
      expect(encode(c).slice(0, USE_LITE_MAX_TOKENS)).toEqual(ids.slice(0, USE_LITE_MAX_TOKENS));
    }
    console.log(`use-lite tokenizer on ${texts.length} paper answers: ${mismatches} id mismatches, ${clipped} clipped`);
    expect(mismatches).toBe(0);
  });
});
