// The embedding engine: loads one Transformers.js model (WebGPU → WASM threads in browsers, native ORT in Node) and embeds texts in length-sorted batches.

import { AutoModel, AutoTokenizer, Tensor, env, type PreTrainedModel, type PreTrainedTokenizer, type ProgressInfo } from '@huggingface/transformers';
import { transfer } from 'comlink';
import {
  BUNDLED_MODEL_ID,
  embedError,
  hubIdProblem,
  missingModelFiles,
  modelKey,
  poolVectors,
  type EmbedDevice,
  type EmbedOptions,
  type EmbedProgress,
  type EmbedResult,
  type Embedder,
  type EngineInfo,
  type FileBlob,
  type ModelDescriptor,
  type ModelFiles,
  type TruncatedText,
} from '../../core/embed/embedder';
import { patchUseLiteTokenizer } from '../../core/embed/use-lite-tokenizer';

/** Where the engine finds its files. Browser defaults: models under `/models/`, ORT wasm under `/ort/`. */
export interface EmbedderServiceOptions {
  /** Folder (Node: absolute path ending in `/`) or URL path holding `<model id>/config.json` etc. */
  localModelPath?: string;
  /** URL prefix of ORT-web's `.wasm`/`.mjs` files (browser only). */
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
}

const DEFAULT_BATCH = 32;
const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
  hardwareConcurrency?: number;
}

/** The engine as a plain class: Vitest and the CLI construct it directly; the worker shim exposes one instance. */
export class EmbedderService implements Embedder {
  private readonly opts: EmbedderServiceOptions;
  private current: { key: string; promise: Promise<Loaded> } | null = null;
  private readonly cancelled = new Set<string>();
  private folderFiles = new Map<string, ModelFiles>();

  constructor(opts: EmbedderServiceOptions = {}) {
    this.opts = opts;
  }

  /** Changes the device preference (bench, UI); the next load of a different model uses it. */
  async configure(patch: Pick<EmbedderServiceOptions, 'device' | 'numThreads'>): Promise<void> {
    Object.assign(this.opts, patch);
    if (this.current) {
      const old = this.current;
      this.current = null;
      await old.promise.then((l) => l.model.dispose()).catch(() => undefined);
    }
  }

  /** Loads `model` once; concurrent and repeated calls share one promise. A failed load is forgotten, so a retry reloads. */
  async load(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<EngineInfo> {
    return (await this.ensure(model, onProgress, files)).info;
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
    const device = await this.pickDevice();
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
      let used: EmbedDevice = device;
      let model: PreTrainedModel;
      try {
        model = await AutoModel.from_pretrained(d.id, { dtype: d.dtype, device: used, progress_callback });
      } catch (e) {
        // Some WebGPU adapters reject ops the wasm EP runs; a slower engine beats none.
        if (used !== 'webgpu') throw e;
        used = 'wasm';
        model = await AutoModel.from_pretrained(d.id, { dtype: d.dtype, device: used, progress_callback });
      }
      const maxTokens = d.maxTokens ?? Math.min(Number(tokenizer.model_max_length) || 512, 512);
      const threads = used === 'wasm' ? (env.backends.onnx.wasm?.numThreads ?? 1) : used === 'cpu' ? cpuThreads() : 1;
      const loaded: Loaded = {
        key,
        tokenizer,
        model,
        info: { modelKey: key, modelId: d.id, device: used, threads, dim: 0, maxTokens, loadMs: 0 },
      };
      // One probe call fixes dim (unknown until the graph runs) and warms the session.
      loaded.info.dim = (await this.run(loaded, ['dim probe'], d)).dim;
      loaded.info.loadMs = performance.now() - t0;
      return loaded;
    } catch (e) {
      throw this.explainLoadError(d, e);
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
        wasm.wasmPaths = this.opts.wasmPaths ?? '/ort/';
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

  private async pickDevice(): Promise<EmbedDevice> {
    const want = this.opts.device ?? 'auto';
    if (isNode) return 'cpu';
    if (want !== 'auto') return want;
    const gpu = (globalThis as { navigator?: GpuNavigator }).navigator?.gpu;
    if (gpu) {
      try {
        if (await gpu.requestAdapter()) return 'webgpu';
      } catch {
        // No adapter: fall through to wasm.
      }
    }
    return 'wasm';
  }

  private explainLoadError(d: ModelDescriptor, e: unknown): Error {
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
   * Embeds `texts` (n × dim, input order). Texts are sorted by length so batches pad little; texts over the
   * model's limit are truncated and listed in `truncated`; empty/whitespace texts get zero rows and are listed in `empty`.
   */
  async embed(d: ModelDescriptor, texts: string[], opts: EmbedOptions = {}, onProgress?: (p: EmbedProgress) => void): Promise<EmbedResult> {
    const t0 = performance.now();
    const jobId = opts.jobId;
    if (jobId) this.cancelled.delete(jobId);
    const loaded = await this.ensure(d);
    const { dim, device } = loaded.info;
    const n = texts.length;
    const vectors = new Float32Array(n * dim);
    const empty: number[] = [];
    const todo: number[] = [];
    texts.forEach((t, i) => (t.trim() === '' ? empty.push(i) : todo.push(i)));
    // Character length is a cheap, close proxy for token count; it avoids tokenising every text twice.
    todo.sort((a, b) => texts[a]!.length - texts[b]!.length);
    const truncated: TruncatedText[] = [];
    const batch = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
    let done = empty.length;
    const report = () =>
      onProgress?.({
        phase: 'embedding',
        done,
        total: n,
        elapsedMs: performance.now() - t0,
        etaMs: done > empty.length ? ((performance.now() - t0) / (done - empty.length)) * (n - done) : undefined,
      });
    report();
    try {
      for (let s = 0; s < todo.length; s += batch) {
        if (jobId && this.cancelled.has(jobId)) throw embedError('EmbedCancelled', 'Embedding was cancelled.');
        const idx = todo.slice(s, s + batch);
        const out = await this.run(loaded, idx.map((i) => texts[i]!), d);
        idx.forEach((i, k) => vectors.set(out.vectors.subarray(k * dim, (k + 1) * dim), i * dim));
        for (const t of out.truncated) truncated.push({ index: idx[t.index]!, tokens: t.tokens });
        done += idx.length;
        report();
        // Let a queued cancel() message run between batches.
        await new Promise<void>((r) => setTimeout(r, 0));
      }
    } finally {
      if (jobId) this.cancelled.delete(jobId);
    }
    truncated.sort((a, b) => a.index - b.index);
    const result: EmbedResult = { vectors, n, dim, truncated, empty, ms: performance.now() - t0, device };
    return transfer(result, [vectors.buffer]);
  }

  /** One model call on one batch: tokenise once, truncate to the limit, pad right, run, pool. */
  private async run(l: Loaded, batch: string[], d: ModelDescriptor): Promise<{ vectors: Float32Array; dim: number; truncated: TruncatedText[] }> {
    const max = l.info.maxTokens;
    const enc = l.tokenizer(batch, { padding: false, truncation: false, return_tensor: false }) as unknown as { input_ids: number[][] };
    const truncated: TruncatedText[] = [];
    const rows = enc.input_ids.map((ids, i) => {
      if (ids.length <= max) return ids;
      truncated.push({ index: i, tokens: ids.length });
      return ids.slice(0, max);
    });
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
    return { vectors, dim, truncated };
  }

  /** Stops job `jobId` before its next batch; its `embed` call rejects with `EmbedCancelled`. */
  cancel(jobId: string): void {
    this.cancelled.add(jobId);
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    const cur = this.current;
    this.current = null;
    if (cur) await cur.promise.then((l) => l.model.dispose()).catch(() => undefined);
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
