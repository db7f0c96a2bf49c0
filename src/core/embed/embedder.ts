// The embedding engine's contract: model descriptors, the Embedder interface, typed errors and text hashing for cache keys.
import { sha256Hex } from '../model/content-hash';

/** Where a model's files come from. */
export type ModelSource = 'bundled' | 'hub' | 'folder';
/** Weight precision; selects `onnx/model.onnx` (fp32), `model_quantized.onnx` (q8) or `model_fp16.onnx` (fp16). */
export type ModelDtype = 'fp32' | 'q8' | 'fp16';
/** How token states become one vector. `none` = the graph already pools (USE-lite outputs [batch, dim]). */
export type Pooling = 'none' | 'mean' | 'cls';
/** How texts longer than a model's window are embedded (see {@link ModelDescriptor.longTexts}). */
export type LongTexts = 'chunks' | 'truncate';
/** Where inference runs: `webgpu`/`wasm` in browsers, `cpu` = native ONNX Runtime in Node. */
export type EmbedDevice = 'webgpu' | 'wasm' | 'cpu';

/** What to load. Two descriptors with the same {@link modelKey} give identical vectors. */
export interface ModelDescriptor {
  source: ModelSource;
  /** `overton/use-lite`, a Hub id such as `Xenova/all-MiniLM-L6-v2`, or `folder/<name>` (browser) / an absolute path (Node). */
  id: string;
  /** Human label for the UI. */
  label: string;
  dtype: ModelDtype;
  pooling: Pooling;
  /** L2-normalise the pooled vectors (harmless when the graph already does). */
  normalize: boolean;
  /**
   * The window: texts up to this many tokens are embedded in one model call. Default: the tokenizer's
   * `model_max_length`, capped at 512. What happens to longer texts is {@link ModelDescriptor.longTexts}.
   */
  maxTokens?: number;
  /**
   * Texts longer than the window: `chunks` (the default) embeds the whole text as balanced chunks of at most
   * `maxTokens` tokens and takes the token-weighted mean of the chunk vectors (re-normalised when `normalize`);
   * `truncate` embeds only the first `maxTokens` tokens (the text is reported as truncated). Part of the cache key.
   */
  longTexts?: LongTexts;
  /** For folders: something that changes when the files change (sizes + mtimes), so the cache never mixes versions. */
  fingerprint?: string;
}

/** Id of the bundled Universal Sentence Encoder lite conversion under `public/models/`. */
export const BUNDLED_MODEL_ID = 'overton/use-lite';

/**
 * The bundled encoder's window in tokens: texts up to it are embedded in one call, longer ones in chunks. Chosen with
 * `npm run bench -- embed-length` (native ORT, 2 busy cores): time per token is flat within noise from 128 to 1024
 * tokens and rises at 2048 (attention is quadratic); on 200 LIMA-OE answers whole texts ran at 0.29 (window 128),
 * 0.40 (256) and 0.78 (512) of the first-128-token speed, as fewer, longer pieces mean fewer rows through the model.
 * Memory grows with batch × length²: 32 texts of 512 tokens added 340 MB, of 1024 tokens 570 MB, so the engine caps
 * a call at 8192 padded tokens (16 pieces of 512), which keeps Chromium's wasm heap (4 GB at most) safe.
 */
export const BUNDLED_WINDOW = 512;

/** The bundled offline encoder (USE lite, 512-d): whole texts, directly up to {@link BUNDLED_WINDOW} tokens, chunked above. The default. */
export const BUNDLED_MODEL: ModelDescriptor = {
  source: 'bundled',
  id: BUNDLED_MODEL_ID,
  label: 'Universal Sentence Encoder lite (bundled, offline)',
  dtype: 'fp32',
  pooling: 'none',
  normalize: true,
  maxTokens: BUNDLED_WINDOW,
  longTexts: 'chunks',
};

/** The bundled encoder as it was before whole-text embedding (and as the original USE lite clips): first 128 tokens only. */
export const BUNDLED_MODEL_TRUNCATED: ModelDescriptor = { ...BUNDLED_MODEL, maxTokens: 128, longTexts: 'truncate' };

/**
 * `d` with another long-text setting. The bundled encoder truncates at its original 128 tokens (as TF's USE lite does)
 * and embeds whole texts with its measured window; other models keep their tokenizer's limit either way.
 */
export function withLongTexts(d: ModelDescriptor, longTexts: LongTexts): ModelDescriptor {
  if (d.source === 'bundled') return longTexts === 'truncate' ? BUNDLED_MODEL_TRUNCATED : BUNDLED_MODEL;
  return { ...d, longTexts };
}

/** A Hugging Face Hub model (needs network). Sentence-transformers convention: mean pooling + normalise. */
export function hubModel(id: string, opts: { dtype?: ModelDtype; pooling?: Pooling } = {}): ModelDescriptor {
  return {
    source: 'hub',
    id: id.trim(),
    label: `${id.trim()} (Hugging Face Hub)`,
    dtype: opts.dtype ?? 'q8',
    pooling: opts.pooling ?? 'mean',
    normalize: true,
  };
}

/** Why `id` cannot be a Hugging Face model id (`owner/name`), or null when it looks valid. Same rule as Transformers.js. */
export function hubIdProblem(id: string): string | null {
  const t = id.trim();
  if (!t) return 'Enter a Hugging Face model id such as Xenova/all-MiniLM-L6-v2.';
  const ok = /^(\b[\w\-.]+\b\/)?\b[\w\-.]{1,96}\b$/.test(t) && !t.includes('..') && !t.includes('--');
  return ok ? null : `"${t}" is not a valid Hugging Face model id (expected owner/name, e.g. Xenova/all-MiniLM-L6-v2).`;
}

/** A model folder the user picked; `name` is the folder name, `fingerprint` from {@link folderFingerprint}. */
export function folderModel(name: string, fingerprint: string, opts: { dtype?: ModelDtype; pooling?: Pooling } = {}): ModelDescriptor {
  return {
    source: 'folder',
    // Must pass Transformers.js' repo-id check: [\w.-], no `--`, at most 96 characters.
    id: `folder/${name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 64) || 'model'}`,
    label: `${name} (local folder)`,
    dtype: opts.dtype ?? 'fp32',
    pooling: opts.pooling ?? 'mean',
    normalize: true,
    fingerprint,
  };
}

/**
 * The cache identity of a model: id, precision, pooling, normalisation, how long texts are handled and (folders) the
 * file fingerprint. Truncation keeps the key it had before whole-text embedding (`t<max>`), so vectors cached then
 * are reused for the truncate option; whole-text vectors are `w<window>` (`whole` with the tokenizer's window).
 */
export function modelKey(d: ModelDescriptor): string {
  const parts = [d.id, d.dtype, d.pooling, d.normalize ? 'norm' : 'raw'];
  if ((d.longTexts ?? 'chunks') === 'truncate') {
    if (d.maxTokens !== undefined) parts.push(`t${d.maxTokens}`);
  } else parts.push(d.maxTokens !== undefined ? `w${d.maxTokens}` : 'whole');
  if (d.fingerprint) parts.push(d.fingerprint);
  return parts.join('|');
}

/**
 * How a model's vectors were computed, in words for every semantic figure and table: e.g. "whole text (chunks of ≤ 512
 * tokens, token-weighted mean)" or "first 128 tokens of each text (truncated)".
 */
export function embeddingMethod(d: ModelDescriptor): string {
  const n = d.maxTokens !== undefined ? `${d.maxTokens}` : "the model's limit of";
  return (d.longTexts ?? 'chunks') === 'truncate'
    ? `first ${n} tokens of each text (longer texts truncated)`
    : `whole text (texts over ${n} tokens as the token-weighted mean of chunks)`;
}

/** The ONNX file name a dtype loads. */
export function onnxFileFor(dtype: ModelDtype): string {
  return dtype === 'fp32' ? 'onnx/model.onnx' : dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model_fp16.onnx';
}

/** Files a model folder must hold for `dtype`, as relative paths. */
export function requiredModelFiles(dtype: ModelDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
}

/**
 * Checks a picked folder's file list (relative paths; a leading `<folder>/` is tolerated) for the files a model
 * needs. Returns the missing ones, empty when the folder is usable.
 */
export function missingModelFiles(paths: readonly string[], dtype: ModelDtype): string[] {
  const have = new Set(paths.map((p) => p.replace(/\\/g, '/')));
  const stripped = new Set([...have].map((p) => p.replace(/^[^/]+\//, '')));
  return requiredModelFiles(dtype).filter((f) => !have.has(f) && !stripped.has(f));
}

/** A fingerprint of a folder from its files' sizes and modification times (order-independent). */
export function folderFingerprint(files: readonly { path: string; size: number; lastModified?: number }[]): string {
  const text = [...files]
    .map((f) => `${f.path}:${f.size}:${f.lastModified ?? 0}`)
    .sort()
    .join('\n');
  return hashText(text).slice(0, 16);
}

/** Progress of a load or an embedding job. Times in milliseconds. */
export interface EmbedProgress {
  phase: 'loading' | 'embedding';
  /** Texts embedded so far (embedding) or bytes loaded (loading). */
  done: number;
  /** Texts to embed (embedding) or bytes to load (loading; 0 while unknown). */
  total: number;
  elapsedMs: number;
  /** Estimated time left; undefined until the first batch is done. */
  etaMs?: number;
  /** The file being loaded (loading phase). */
  file?: string;
}

/** Options of one embedding job. */
export interface EmbedOptions {
  /** Lets another call stop this job with `cancel(jobId)`; the job then rejects with an `EmbedCancelled` error. */
  jobId?: string;
  /** Texts (or chunks of long texts) per model call (default 32). Sorted by token count first so batches pad little. */
  batchSize?: number;
}

/** A text longer than the model's limit: only its first `maxTokens` tokens were embedded. */
export interface TruncatedText {
  index: number;
  tokens: number;
}

/** Result of one job: `vectors` is n × dim, row-major, in input order. Empty texts get a zero row. */
export interface EmbedResult {
  vectors: Float32Array;
  n: number;
  dim: number;
  /** Texts cut at the window (only with `longTexts: 'truncate'`). */
  truncated: TruncatedText[];
  /** Indices of texts embedded as the mean of several chunks (only with `longTexts: 'chunks'`). */
  chunked: number[];
  /** Indices of empty or whitespace-only texts (zero rows; they have no meaning to compare). */
  empty: number[];
  /** Wall time of the job. */
  ms: number;
  device: EmbedDevice;
}

/** What is loaded and how it runs, for the UI ("wasm, 2 threads"). */
export interface EngineInfo {
  modelKey: string;
  modelId: string;
  device: EmbedDevice;
  /** Intra-op threads (wasm: 1 unless cross-origin isolated). */
  threads: number;
  dim: number;
  maxTokens: number;
  loadMs: number;
}

/** The part of a `Blob`/`File` the engine needs (core has no DOM types). */
export interface FileBlob {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Files handed to the engine for a `folder` model: relative path (`config.json`, `onnx/model.onnx`) → contents. */
export type ModelFiles = Record<string, FileBlob>;

/**
 * The engine, implemented by `workers/services/embedder-service.ts` (in a worker or in-process). `load` is
 * idempotent per model (one shared promise); every failure rejects with an {@link EmbedError}-named Error.
 */
export interface Embedder {
  load(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<EngineInfo>;
  /** `onProgress` is a separate argument because Comlink proxies only top-level callbacks. */
  embed(model: ModelDescriptor, texts: string[], opts?: EmbedOptions, onProgress?: (p: EmbedProgress) => void): Promise<EmbedResult>;
  cancel(jobId: string): void;
  dispose(): Promise<void>;
}

/**
 * Error names the engine uses. Only `name` and `message` survive a worker boundary, so the kind lives in `name`.
 * - `EmbedCancelled`: `cancel(jobId)` stopped the job.
 * - `ModelOffline`: a Hub model was asked for but the Hub could not be reached.
 * - `ModelNotFound`: the Hub (or the bundle) has no such model.
 * - `ModelFilesMissing`: a folder/bundle lacks required files (the message lists them).
 * - `ModelLoadFailed`: anything else while loading.
 * - `VectorsNotHeld`: a table (dataset, split, model) the store does not hold was asked for directly.
 * - `RowsNeeded`: the worker does not know the split's samples (a fresh worker): send them with `putRows`, then retry.
 */
export type EmbedErrorName = 'EmbedCancelled' | 'ModelOffline' | 'ModelNotFound' | 'ModelFilesMissing' | 'ModelLoadFailed' | 'VectorsNotHeld' | 'RowsNeeded';

/** Makes an Error whose `name` is an {@link EmbedErrorName}. */
export function embedError(name: EmbedErrorName, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Whether `e` is an engine error of kind `name`. */
export function isEmbedError(e: unknown, name: EmbedErrorName): boolean {
  return e instanceof Error && e.name === name;
}

/** One split of one stored dataset (workspace key + content hash): the rows a vector table covers. */
export interface DatasetRef {
  /** Workspace key of the dataset (run records are filed under it). */
  dataset: string;
  contentHash: string;
  split: string;
}

/** Identity of a held table: the dataset split and the model's {@link modelKey}. */
export function tableId(ref: DatasetRef, model: string): string {
  return `${ref.dataset}|${ref.contentHash}|${ref.split}|${model}`;
}

/** One sample's text, named by its {@link sampleKey}. */
export interface SampleText {
  key: string;
  text: string;
}

// The sample key helpers live with the one SampleRef type; re-exported because every embedder caller uses them.
export { parseSampleKey, sampleKey } from '../model/sample-ref';

/**
 * How much of one system of a split has vectors under one model. Every view counts the same way: `samples` are the
 * samples with a text (failed ones excluded), `empty` the blank ones among them (they need and get no vector),
 * `embedded` the ones with a vector. A system is fully embedded when `embedded + empty === samples`.
 */
export interface EmbeddedShare {
  system: string;
  samples: number;
  empty: number;
  embedded: number;
}

/** Whether every sample of `c` that can have a vector has one (a blank text counts as done, once). */
export function fullyEmbedded(c: EmbeddedShare): boolean {
  return c.samples > 0 && c.embedded + c.empty >= c.samples;
}

/** `c` as one label, the same in every view: "249 / 249 embedded ✓ (1 empty)". */
export function embeddedLabel(c: EmbeddedShare): string {
  return `${c.embedded} / ${c.samples - c.empty} embedded${fullyEmbedded(c) ? ' ✓' : ''}${c.empty ? ` (${c.empty} empty)` : ''}`;
}

/** Counts of an `embedDataset` job; the vectors stay in the worker. */
export interface EmbedCounts {
  /** Texts asked for. */
  n: number;
  /** Computed now (cache misses). */
  computed: number;
  /** Read from the cache (or already held). */
  fromCache: number;
  /** Texts cut at the model's window (`longTexts: 'truncate'`). */
  truncated: number;
  /** Texts over the window embedded as the mean of chunks (`longTexts: 'chunks'`). */
  chunked: number;
  /** Empty or whitespace-only texts (no vector). */
  empty: number;
  dim: number;
  /** Wall time of the job, cache reads and writes included. */
  ms: number;
  /** The engine, when the model had to be loaded (null when everything came from the cache). */
  engine: EngineInfo | null;
}

/** Which samples count as neighbour candidates: the whole split, the same system, or the same prompt. */
export type NeighbourScope = 'split' | 'system' | 'prompt';

/** One neighbour of a sample: its key and cosine similarity (−1..1). */
export interface Neighbour {
  sampleKey: string;
  cosine: number;
}

/** Result of importing an embeddings file into the cache. */
export interface EmbedImportReport {
  /** Vectors stored. */
  stored: number;
  /** Lines/strings that matched no sample of the dataset. */
  unmatched: number;
  /** Model key the vectors were filed under. */
  model: string;
  /** Bad lines, as `file:line: message`. */
  problems: string[];
}

/**
 * The embedding cache's key for a text: hex SHA-256 of its UTF-8 (64 chars, {@link sha256Hex}), synchronous and
 * identical in Node, workers and the page, including plain-HTTP LAN origins where crypto.subtle is missing.
 */
export function hashText(text: string): string {
  return sha256Hex(text);
}

/**
 * Pools token states into one vector per row. `hidden` is `dims` = [batch, dim] (already pooled) or
 * [batch, seq, dim]; `mask` is batch × seq (1 = real token). Returns batch × dim, row-major.
 */
export function poolVectors(hidden: Float32Array, dims: readonly number[], mask: ArrayLike<number | bigint>, pooling: Pooling, normalize: boolean): Float32Array {
  let out: Float32Array;
  if (dims.length === 2) {
    out = Float32Array.from(hidden);
  } else {
    const [b, t, d] = dims as [number, number, number];
    out = new Float32Array(b * d);
    for (let i = 0; i < b; i++) {
      const row = out.subarray(i * d, (i + 1) * d);
      if (pooling === 'cls') {
        row.set(hidden.subarray(i * t * d, i * t * d + d));
        continue;
      }
      let count = 0;
      for (let j = 0; j < t; j++) {
        if (Number(mask[i * t + j]) === 0) continue;
        count++;
        const off = (i * t + j) * d;
        for (let k = 0; k < d; k++) row[k]! += hidden[off + k]!;
      }
      if (count > 0) for (let k = 0; k < d; k++) row[k]! /= count;
    }
  }
  if (normalize) {
    const d = dims[dims.length - 1]!;
    for (let i = 0; i < out.length; i += d) {
      let s = 0;
      for (let k = 0; k < d; k++) s += out[i + k]! * out[i + k]!;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let k = 0; k < d; k++) out[i + k]! *= inv;
    }
  }
  return out;
}
