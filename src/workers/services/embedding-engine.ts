// The embedding engine, the only importer of Transformers.js: loads one model once (WebGPU → wasm in browsers, native ORT in Node) and embeds whole texts in length-sorted batches, reporting each finished batch.

import { AutoModel, AutoTokenizer, Tensor, env, type PreTrainedModel, type PreTrainedTokenizer, type ProgressInfo } from '@huggingface/transformers';
import {
  BUNDLED_MODEL_ID,
  embedError,
  hubIdProblem,
  missingModelFiles,
  modelKey,
  poolVectors,
  type EmbedDevice,
  type EmbedProgress,
  type EngineInfo,
  type FileBlob,
  type ModelDescriptor,
  type ModelFiles,
  type TruncatedText,
} from '../../core/embed/embedder';
import { patchUseLiteTokenizer } from '../../core/embed/use-lite-tokenizer';
import { checkpoint } from './jobs';

/** The ORT-web build Transformers.js v4 loads on wasm and WebGPU alike; `build:model` copies exactly this pair. */
const ORT_RUNTIME = 'ort-wasm-simd-threaded.asyncify';

/** Where the engine finds its files. Browser defaults: models under `/models/`, ORT wasm under `/ort/`. */
export interface EngineOptions {
  /** Folder (Node: absolute path ending in `/`) or URL path holding `<model id>/config.json` etc. */
  localModelPath?: string;
  /** URL folder of ORT-web's `.wasm`/`.mjs` files (browser only), e.g. `/ort/`. */
  wasmPaths?: string;
  /** Force a device; `auto` = WebGPU when an adapter exists, else wasm (browser), cpu (Node). */
  device?: 'auto' | EmbedDevice;
  /** Wasm intra-op threads; default `navigator.hardwareConcurrency` when cross-origin isolated, else 1. */
  numThreads?: number;
}

interface Loaded {
  key: string;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  info: EngineInfo;
  /** Special ids the tokenizer puts around a text (e.g. [CLS] … [SEP]); every chunk gets them too. */
  prefix: number[];
  suffix: number[];
}

/** One finished batch of an {@link EmbeddingEngine.embedStream} job: texts (input indices) whose vectors are complete. */
export interface EmbeddedBatch {
  /** Input indices of the texts finished in this batch. */
  indices: number[];
  /** `indices.length × dim`, row-major, in `indices` order. */
  vectors: Float32Array;
  dim: number;
  /** Of `indices`, those cut at the window (`longTexts: 'truncate'`). */
  truncated: TruncatedText[];
  /** Of `indices`, those embedded as the mean of several chunks. */
  chunked: number[];
}

/** Options of a streamed job. */
export interface StreamOptions {
  /** Pieces (texts or chunks) per model call; default 32. */
  batchSize?: number;
  /** Aborting stops the job before its next batch (it rejects with `EmbedCancelled`). */
  signal?: AbortSignal;
  /** Called with each finished batch before the next starts; the job waits for it (so a failed write stops the job). */
  onBatch?: (b: EmbeddedBatch) => Promise<void> | void;
  onProgress?: (p: EmbedProgress) => void;
}

const DEFAULT_BATCH = 32;
/**
 * Padded tokens per model call at most (16 pieces of 512 tokens, 32 of 256). Attention memory grows with batch ×
 * length², so batches of long pieces get fewer rows: native ORT grew by 340 MB for 32 × 512 tokens and 570 MB for
 * 32 × 1024 (`npm run bench -- embed-length`), more than a wasm heap should risk.
 */
const BATCH_TOKENS = 32 * 256;
/** Texts tokenised per step before the first batch, so a cancel can run in between on large jobs. */
const TOKENIZE_STEP = 256;
const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** The slice of `navigator` the device choice reads (a fake one in tests). */
export interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
  hardwareConcurrency?: number;
}

/** One model call's worth of tokens: a whole text or one chunk of a long one. */
interface Piece {
  text: number;
  ids: number[];
}

/**
 * Splits `ids` (a text's tokens, no special tokens) into pieces of at most `window` tokens. Chunks are balanced
 * (sizes differ by at most one), so no text ends in a tiny tail chunk that would weigh as much in pooling as its body.
 */
export function chunkIds(ids: readonly number[], window: number): number[][] {
  if (ids.length <= window) return [ids.slice()];
  const k = Math.ceil(ids.length / window);
  const out: number[][] = [];
  let start = 0;
  for (let c = 0; c < k; c++) {
    const size = Math.floor(ids.length / k) + (c < ids.length % k ? 1 : 0);
    out.push(ids.slice(start, start + size));
    start += size;
  }
  return out;
}

/** The engine as a plain class: the embedder service owns one; the CLI and tests may construct it directly. */
export class EmbeddingEngine {
  private current: { key: string; promise: Promise<Loaded> } | null = null;
  private readonly folderFiles = new Map<string, ModelFiles>();
  /** The engine of the last completed load, for run records. */
  lastInfo: EngineInfo | null = null;

  constructor(private readonly opts: EngineOptions = {}) {}

  /** Changes the device preference; the loaded model is released so the next call loads with it. */
  async configure(patch: Pick<EngineOptions, 'device' | 'numThreads'>): Promise<void> {
    Object.assign(this.opts, patch);
    await this.dispose();
  }

  /** Loads `model` once; concurrent and repeated calls share one promise. A failed load is forgotten, so a retry reloads. */
  async load(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<EngineInfo> {
    return (this.lastInfo = (await this.ensure(model, onProgress, files)).info);
  }

  private ensure(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<Loaded> {
    const key = modelKey(model);
    if (files) this.folderFiles.set(model.id, files);
    if (this.current?.key === key) return this.current.promise;
    const previous = this.current;
    const promise = (async () => {
      if (previous) await previous.promise.then((l) => l.model.dispose()).catch(() => undefined);
      return this.doLoad(model, key, onProgress);
    })();
    const entry = { key, promise };
    this.current = entry;
    promise.catch(() => {
      if (this.current === entry) this.current = null;
    });
    return promise;
  }

  private async doLoad(d: ModelDescriptor, key: string, onProgress?: (p: EmbedProgress) => void): Promise<Loaded> {
    const t0 = performance.now();
    // Browser folders arrive as files; Node folders are plain paths (the CLI checks them with fs).
    const files = d.source === 'folder' ? this.folderFiles.get(d.id) : undefined;
    if (d.source === 'folder' && (files || !isNode)) {
      const missing = missingModelFiles(Object.keys(files ?? {}), d.dtype);
      if (missing.length) throw embedError('ModelFilesMissing', `The model folder "${d.label}" is missing ${missing.join(', ')}.`);
    }
    this.configureEnv(d, files !== undefined);
    const device = await pickDevice(this.opts.device ?? 'auto', (globalThis as { navigator?: GpuNavigator }).navigator, isNode);
    const bytes = new Map<string, { loaded: number; total: number }>();
    // Byte progress only matters for Hub downloads. For local files the callback is left out on purpose: with it,
    // Transformers.js streams each file and re-fetches it for its size, which failed in Chromium ("network error")
    // on the 28 MB bundled model; without it each file is read in one go.
    onProgress?.({ phase: 'loading', done: 0, total: 0, elapsedMs: 0 });
    const progress_callback = onProgress && d.source === 'hub' ? (p: ProgressInfo) => {
      if (p.status !== 'progress') return;
      bytes.set(p.file, { loaded: p.loaded, total: p.total });
      let loaded = 0;
      let total = 0;
      for (const v of bytes.values()) {
        loaded += v.loaded;
        total += v.total;
      }
      onProgress({ phase: 'loading', done: loaded, total, elapsedMs: performance.now() - t0, file: p.file });
    } : undefined;
    try {
      const tokenizer = await AutoTokenizer.from_pretrained(d.id, { progress_callback });
      if (d.id === BUNDLED_MODEL_ID || (await isUseLiteCopy(files))) patchUseLiteTokenizer(tokenizer);
      const maxTokens = d.maxTokens ?? Math.min(Number(tokenizer.model_max_length) || 512, 512);
      const { prefix, suffix } = specialIds(tokenizer);
      // The probe is part of the attempt: an adapter may build the session and still fail on the first run.
      const { value: loaded } = await withWasmFallback(device, async (used) => {
        const model = await AutoModel.from_pretrained(d.id, { dtype: d.dtype, device: used, progress_callback });
        const threads = used === 'wasm' ? (env.backends.onnx.wasm?.numThreads ?? 1) : used === 'cpu' ? cpuThreads() : 1;
        const l: Loaded = { key, tokenizer, model, prefix, suffix, info: { modelKey: key, modelId: d.id, device: used, threads, dim: 0, maxTokens, loadMs: 0 } };
        try {
          // One probe call fixes dim (unknown until the graph runs) and warms the session.
          l.info.dim = (await this.forward(l, [[...prefix, ...tokenize(tokenizer, ['dim probe'])[0]!, ...suffix]], d)).dim;
        } catch (e) {
          await model.dispose().catch(() => undefined);
          throw e;
        }
        return l;
      });
      loaded.info.loadMs = performance.now() - t0;
      return loaded;
    } catch (e) {
      throw explainLoadError(d, e);
    }
  }

  /** Sets Transformers.js' global env for this model: never the network unless a Hub model was picked. */
  private configureEnv(d: ModelDescriptor, viaFetch: boolean): void {
    const hub = d.source === 'hub';
    const bad = hub ? hubIdProblem(d.id) : null;
    if (bad) throw embedError('ModelNotFound', bad);
    env.allowRemoteModels = hub;
    // In browsers a miss under /models/ may come back as the SPA's index.html, so Hub models skip the local probe.
    env.allowLocalModels = !hub || isNode;
    env.localModelPath = this.opts.localModelPath ?? '/models/';
    // Hub downloads are worth keeping; bundled/folder files are already local.
    env.useBrowserCache = hub && !isNode && typeof caches !== 'undefined';
    env.useFSCache = hub && isNode;
    env.useWasmCache = false;
    env.useCustomCache = false;
    if (viaFetch) this.installFolderCache();
    if (!isNode) {
      const wasm = env.backends.onnx.wasm;
      if (wasm) {
        // Absolute URLs: Vite's dev server rewrites a root-relative dynamic import to `?import` and then refuses
        // to serve a public/ file as a module; an absolute URL passes through untouched, in dev and in the build.
        const here = (globalThis as { location?: { href: string } }).location?.href;
        const base = new URL(this.opts.wasmPaths ?? '/ort/', here).href;
        wasm.wasmPaths = { wasm: `${base}${ORT_RUNTIME}.wasm`, mjs: `${base}${ORT_RUNTIME}.mjs` };
        const nav = (globalThis as { navigator?: GpuNavigator }).navigator;
        const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
        wasm.numThreads = this.opts.numThreads ?? (isolated ? (nav?.hardwareConcurrency ?? 1) : 1);
      }
    }
  }

  /**
   * Serves picked folder files to Transformers.js as a custom cache: it asks the cache for
   * `folder/<name>/<file>` before touching disk or network, in Node and browsers alike.
   */
  private installFolderCache(): void {
    // Keys are the local path or, in Node when ORT wants a file path, the would-be Hub URL (`.../resolve/main/...`).
    const lookup = (key: string): FileBlob | undefined => {
      const m = /(folder\/[^/]+)\/(?:resolve\/[^/]+\/)?(.+)$/.exec(key);
      return m ? this.folderFiles.get(m[1]!)?.[m[2]!] : undefined;
    };
    env.useCustomCache = true;
    env.customCache = {
      match: async (key: string) => {
        const file = lookup(String(key));
        return file ? new Response(await file.arrayBuffer(), { status: 200, headers: { 'content-length': String(file.size) } }) : undefined;
      },
      put: async () => undefined,
    };
  }

  /**
   * Embeds `texts` and hands each finished batch to `opts.onBatch` (texts in input-index terms), waiting for it before
   * the next batch. Empty/whitespace texts are skipped (no vector; the caller counts them). Texts longer than the
   * window are cut (`truncate`) or embedded as the token-weighted mean of balanced chunks (`chunks`, the default).
   * Pieces are sorted by token count, so batches pad little and a long text's chunks land in one or two batches.
   * Progress `done` counts finished texts, empty ones included, out of `texts.length`.
   */
  async embedStream(d: ModelDescriptor, texts: readonly string[], opts: StreamOptions = {}): Promise<{ dim: number; device: EmbedDevice; ms: number }> {
    const t0 = performance.now();
    const loaded = await this.ensure(d);
    const { dim, device, maxTokens } = loaded.info;
    const truncate = (d.longTexts ?? 'chunks') === 'truncate';
    const window = Math.max(1, maxTokens - loaded.prefix.length - loaded.suffix.length);
    const todo: number[] = [];
    texts.forEach((t, i) => t.trim() !== '' && todo.push(i));
    let done = texts.length - todo.length;
    const baseline = done;
    const report = () =>
      opts.onProgress?.({
        phase: 'embedding',
        done,
        total: texts.length,
        elapsedMs: performance.now() - t0,
        etaMs: done > baseline ? ((performance.now() - t0) / (done - baseline)) * (texts.length - done) : undefined,
      });
    report();
    const pieces: Piece[] = [];
    const parts = new Int32Array(texts.length);
    const truncatedAt = new Map<number, number>();
    for (let s = 0; s < todo.length; s += TOKENIZE_STEP) {
      const idx = todo.slice(s, s + TOKENIZE_STEP);
      const ids = tokenize(loaded.tokenizer, idx.map((i) => texts[i]!));
      idx.forEach((i, k) => {
        const all = ids[k]!;
        if (truncate && all.length > window) truncatedAt.set(i, all.length);
        const chunks = truncate ? [all.slice(0, window)] : chunkIds(all, window);
        parts[i] = chunks.length;
        for (const c of chunks) pieces.push({ text: i, ids: [...loaded.prefix, ...c, ...loaded.suffix] });
      });
      if (s + TOKENIZE_STEP < todo.length) await checkpoint(opts.signal, 'Embedding');
    }
    pieces.sort((a, b) => a.ids.length - b.ids.length || a.text - b.text);
    const batch = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
    // Partial sums of chunked texts (weight = the chunk's token count, specials excluded).
    const partial = new Map<number, { sum: Float32Array; weight: number; left: number }>();
    for (let s = 0; s < pieces.length; ) {
      await checkpoint(opts.signal, 'Embedding');
      // Pieces are sorted by length, so the last one added is the longest and sets the padded width.
      let e = s + 1;
      while (e < pieces.length && e - s < batch && (e - s + 1) * pieces[e]!.ids.length <= BATCH_TOKENS) e++;
      const group = pieces.slice(s, e);
      s = e;
      const out = await this.forward(loaded, group.map((p) => p.ids), d);
      const finished: { text: number; vector: Float32Array }[] = [];
      group.forEach((p, k) => {
        const v = out.vectors.subarray(k * dim, (k + 1) * dim);
        if (parts[p.text] === 1) {
          finished.push({ text: p.text, vector: v });
          return;
        }
        const w = p.ids.length - loaded.prefix.length - loaded.suffix.length;
        const acc = partial.get(p.text) ?? partial.set(p.text, { sum: new Float32Array(dim), weight: 0, left: parts[p.text]! }).get(p.text)!;
        for (let j = 0; j < dim; j++) acc.sum[j]! += w * v[j]!;
        acc.weight += w;
        if (--acc.left === 0) {
          partial.delete(p.text);
          for (let j = 0; j < dim; j++) acc.sum[j]! /= acc.weight;
          if (d.normalize) normalizeInPlace(acc.sum);
          finished.push({ text: p.text, vector: acc.sum });
        }
      });
      if (finished.length) {
        const vectors = new Float32Array(finished.length * dim);
        finished.forEach((f, k) => vectors.set(f.vector, k * dim));
        const indices = finished.map((f) => f.text);
        await opts.onBatch?.({
          indices,
          vectors,
          dim,
          truncated: indices.filter((i) => truncatedAt.has(i)).map((i) => ({ index: i, tokens: truncatedAt.get(i)! })),
          chunked: indices.filter((i) => parts[i]! > 1),
        });
        done += finished.length;
        report();
      }
    }
    return { dim, device, ms: performance.now() - t0 };
  }

  /** One model call on token rows (specials included): pad right, run, pool. Returns rows × dim. */
  private async forward(l: Loaded, rows: number[][], d: ModelDescriptor): Promise<{ vectors: Float32Array; dim: number }> {
    const b = rows.length;
    const t = Math.max(1, ...rows.map((r) => r.length));
    const pad = BigInt(Number(l.tokenizer.pad_token_id ?? 0) || 0);
    const ids = new BigInt64Array(b * t).fill(pad);
    const mask = new BigInt64Array(b * t);
    rows.forEach((r, i) => {
      for (let j = 0; j < r.length; j++) {
        ids[i * t + j] = BigInt(r[j]!);
        mask[i * t + j] = 1n;
      }
    });
    const outputs = (await l.model({
      input_ids: new Tensor('int64', ids, [b, t]),
      attention_mask: new Tensor('int64', mask, [b, t]),
    })) as Record<string, Tensor | undefined>;
    const hidden = outputs.last_hidden_state ?? outputs.token_embeddings ?? outputs.sentence_embedding ?? outputs.logits;
    if (!hidden) throw new Error(`the model returned none of last_hidden_state/token_embeddings/sentence_embedding (got ${Object.keys(outputs).join(', ')})`);
    const vectors = poolVectors(hidden.data as Float32Array, hidden.dims, mask, d.pooling, d.normalize);
    const dim = hidden.dims[hidden.dims.length - 1]!;
    for (const v of Object.values(outputs)) v?.dispose?.();
    return { vectors, dim };
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    const cur = this.current;
    this.current = null;
    if (cur) await cur.promise.then((l) => l.model.dispose()).catch(() => undefined);
  }
}

/** Token ids of each text without special tokens. */
function tokenize(tokenizer: PreTrainedTokenizer, texts: string[]): number[][] {
  const enc = tokenizer(texts, { padding: false, truncation: false, add_special_tokens: false, return_tensor: false }) as unknown as { input_ids: number[][] };
  return enc.input_ids;
}

/** The special ids a tokenizer adds before and after a text, found by encoding one word with and without them. */
function specialIds(tokenizer: PreTrainedTokenizer): { prefix: number[]; suffix: number[] } {
  const plain = tokenizer.encode('a', { add_special_tokens: false });
  const full = tokenizer.encode('a', { add_special_tokens: true });
  for (let at = 0; at + plain.length <= full.length; at++) {
    if (plain.every((x, j) => full[at + j] === x)) return { prefix: full.slice(0, at), suffix: full.slice(at + plain.length) };
  }
  return { prefix: [], suffix: [] };
}

function normalizeInPlace(v: Float32Array): void {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let j = 0; j < v.length; j++) v[j]! *= inv;
}

function explainLoadError(d: ModelDescriptor, e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name.startsWith('Model')) return e;
  if (d.source === 'hub') {
    if (/fetch failed|Failed to fetch|NetworkError|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|Load failed/i.test(msg)) {
      return embedError('ModelOffline', `Could not reach the Hugging Face Hub to download "${d.id}". You appear to be offline; the bundled encoder works without a network.`);
    }
    if (/invalid model ID/i.test(msg)) return embedError('ModelNotFound', `"${d.id}" is not a valid Hugging Face model id (expected owner/name).`);
    if (/Could not locate file|Unauthorized|Forbidden|\b40[134]\b/.test(msg)) {
      return embedError('ModelNotFound', `The Hugging Face Hub has no usable model "${d.id}" (it does not exist, is private, or has no ONNX export for ${d.dtype}): ${msg}`);
    }
  }
  if (/not found locally|Could not locate file|ENOENT|no such file/i.test(msg) || (d.source === 'bundled' && /JSON|Unexpected token/.test(msg))) {
    const where = d.source === 'bundled' ? 'The bundled model files are missing (run `npm run build:model`)' : `Model files for "${d.id}" are missing`;
    return embedError('ModelFilesMissing', `${where}: ${msg}`);
  }
  return embedError('ModelLoadFailed', `Could not load "${d.id}": ${msg}`);
}

/**
 * The device for a load: Node always runs native ORT (`cpu`); a forced device is kept; `auto` is `webgpu` when
 * `nav.gpu.requestAdapter()` yields an adapter, else `wasm` (no `navigator.gpu`, a null adapter — Chromium's
 * answer without a usable GPU — or a rejected request).
 */
export async function pickDevice(want: 'auto' | EmbedDevice, nav: GpuNavigator | undefined, node: boolean): Promise<EmbedDevice> {
  if (node) return 'cpu';
  if (want !== 'auto') return want;
  try {
    if (await nav?.gpu?.requestAdapter()) return 'webgpu';
  } catch {
    // A rejected request means no adapter, same as null.
  }
  return 'wasm';
}

/**
 * Runs `attempt(device)`; when it fails on `webgpu`, retries once on `wasm` and returns the device that worked.
 * Some adapters reject ops the wasm EP runs, and a slower engine beats none. The WebGPU error is logged, not lost.
 */
export async function withWasmFallback<T>(device: EmbedDevice, attempt: (device: EmbedDevice) => Promise<T>): Promise<{ value: T; device: EmbedDevice }> {
  try {
    return { value: await attempt(device), device };
  } catch (e) {
    if (device !== 'webgpu') throw e;
    console.warn(`WebGPU failed, falling back to wasm: ${e instanceof Error ? e.message : String(e)}`);
    return { value: await attempt('wasm'), device: 'wasm' };
  }
}

/** Whether picked folder files are a copy of the bundled USE-lite conversion (its tokenizer needs the same patch). */
async function isUseLiteCopy(files: ModelFiles | undefined): Promise<boolean> {
  const meta = files?.['overton-model.json'];
  if (!meta) return false;
  try {
    const text = new TextDecoder().decode(await meta.arrayBuffer());
    return (JSON.parse(text) as { id?: unknown }).id === BUNDLED_MODEL_ID;
  } catch {
    return false;
  }
}

function cpuThreads(): number {
  const nav = (globalThis as { navigator?: GpuNavigator }).navigator;
  return nav?.hardwareConcurrency ?? 0;
}
