// `npm run build:tiny-lm`: writes a tiny random-weight causal LM (GPT-2 layout) for offline tests of the in-browser generator.
// Output (gitignored): public/models/overton/tiny-lm/{config.json, generation_config.json, tokenizer.json,
// tokenizer_config.json, onnx/model.onnx}. Skips work that is up to date.
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TINY_LM, buildTinyLmOnnx } from './tiny-lm/graph';
import { EOS_ID, buildTinyTokenizerConfig, buildTinyTokenizerJson } from './tiny-lm/tokenizer-json';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The tiny LM folder; its id under `public/models/` is `overton/tiny-lm`. */
export const TINY_LM_DIR = join(REPO_ROOT, 'public/models/overton/tiny-lm');
/** Model id (Transformers.js `localModelPath`-relative). */
export const TINY_LM_ID = 'overton/tiny-lm';
// Byte-level tokens: a 3-example URIAL prompt is ~20k tokens, beyond this; one example fits.
const MAX_TOKENS = 8192;
const OUTPUTS = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

async function mtime(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

async function isFresh(): Promise<boolean> {
  const here = dirname(fileURLToPath(import.meta.url));
  const inputs = [join(here, 'build-tiny-lm.ts'), join(here, 'model/onnx-builder.ts'), ...(await readdir(join(here, 'tiny-lm'))).map((f) => join(here, 'tiny-lm', f))];
  const ins = await Promise.all(inputs.map(mtime));
  const outs = await Promise.all(OUTPUTS.map((f) => mtime(join(TINY_LM_DIR, f))));
  if (outs.some((t) => t === null)) return false;
  return Math.min(...(outs as number[])) >= Math.max(...ins.map((t) => t ?? Infinity));
}

/** Builds the folder unless every output is newer than its sources (or `force`). Returns whether it wrote. */
export async function buildTinyLm(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  if (!options.force && (await isFresh())) return false;
  const t0 = performance.now();
  const json = (o: unknown) => `${JSON.stringify(o, null, 1)}\n`;
  const onnx = buildTinyLmOnnx();
  await writeAtomic(join(TINY_LM_DIR, 'onnx/model.onnx'), onnx);
  await writeAtomic(join(TINY_LM_DIR, 'tokenizer.json'), JSON.stringify(buildTinyTokenizerJson()));
  await writeAtomic(join(TINY_LM_DIR, 'tokenizer_config.json'), json(buildTinyTokenizerConfig(MAX_TOKENS)));
  await writeAtomic(
    join(TINY_LM_DIR, 'config.json'),
    json({
      model_type: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      vocab_size: TINY_LM.vocab,
      n_embd: TINY_LM.hidden,
      n_head: TINY_LM.heads,
      n_layer: TINY_LM.layers,
      n_positions: MAX_TOKENS,
      bos_token_id: EOS_ID,
      eos_token_id: EOS_ID,
      // Transformers.js would otherwise default to q8 on wasm and ask for onnx/model_quantized.onnx.
      'transformers.js_config': { dtype: 'fp32' },
    }),
  );
  await writeAtomic(join(TINY_LM_DIR, 'generation_config.json'), json({ bos_token_id: EOS_ID, eos_token_id: EOS_ID, pad_token_id: EOS_ID }));
  options.log?.(`build:tiny-lm: wrote ${TINY_LM_DIR} (model.onnx ${(onnx.byteLength / 1e3).toFixed(0)} kB) in ${Math.round(performance.now() - t0)} ms`);
  return true;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  buildTinyLm({ force: process.argv.includes('--force'), log: (l) => console.log(l) })
    .then((wrote) => {
      if (!wrote) console.log('build:tiny-lm: up to date');
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
