// The embedding engine: loads one Transformers.js model (WebGPU → WASM threads in browsers, native ORT in Node), embeds texts in length-sorted batches, and holds one dataset's vectors (cache-first) for neighbours and export.

import { AutoModel, AutoTokenizer, Tensor, env, type PreTrainedModel, type PreTrainedTokenizer, type ProgressInfo } from '@huggingface/transformers';
import { transfer } from 'comlink';
import {
  BUNDLED_MODEL_ID,
  embedError,
  hashText,
  hubIdProblem,
  missingModelFiles,
  modelKey,
  parseSampleKey,
  poolVectors,
  sampleKey,
  tableId,
  type DatasetRef,
  type EmbedCounts,
  type EmbedDevice,
  type EmbedImportReport,
  type EmbedOptions,
  type EmbedProgress,
  type EmbedResult,
  type Embedder,
  type EngineInfo,
  type FileBlob,
  type ModelDescriptor,
  type ModelFiles,
  type Neighbour,
  type NeighbourScope,
  type SampleText,
  type SystemCoverage,
  type TruncatedText,
} from '../../core/embed/embedder';
import { paperEmbeddingsFromNpz, parseEmbeddingJsonl, toEmbeddingJsonl } from '../../core/embed/npz';
import {
  combineCoverage,
  promptSemantic,
  semanticRows,
  systemCoverage,
  type Coverage,
  type PromptSemanticRow,
  type SemanticOptions,
  type SemanticRow,
  type SystemCoverageInput,
} from '../../core/metrics/semantic';
import { patchUseLiteTokenizer } from '../../core/embed/use-lite-tokenizer';
import { semanticDistributions, type SemanticDistribution } from '../../core/metrics/semantic-distributions';
import type { EmbedRun, EmbeddingCache } from './embedding-cache';
import { VectorTable } from './vector-table';

/** The ORT-web build Transformers.js v4 loads on wasm and WebGPU alike; `build:model` copies exactly this pair. */
const ORT_RUNTIME = 'ort-wasm-simd-threaded.asyncify';

/** Where the engine finds its files. Browser defaults: models under `/models/`, ORT wasm under `/ort/`. */
export interface EmbedderServiceOptions {
  /** Folder (Node: absolute path ending in `/`) or URL path holding `<model id>/config.json` etc. */
  localModelPath?: string;
  /** URL folder of ORT-web's `.wasm`/`.mjs` files (browser only), e.g. `/ort/`. */
  wasmPaths?: string;
  /** Force a device; `auto` = WebGPU when an adapter exists, else wasm (browser), cpu (Node). */
  device?: 'auto' | EmbedDevice;
  /** Wasm intra-op threads; default `navigator.hardwareConcurrency` when cross-origin isolated, else 1. */
  numThreads?: number;
  /**
   * The IndexedDB vector cache (the worker passes one; Node/CLI/tests may leave it out or use fake-indexeddb).
   * Without it nothing persists: vectors live only in the held table.
   */
  cache?: EmbeddingCache;
}

interface Loaded {
  key: string;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  info: EngineInfo;
}

const DEFAULT_BATCH = 32;
const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** The engine as a plain class: Vitest and the CLI construct it directly; the worker shim exposes one instance. */
export class EmbedderService implements Embedder {
  private readonly opts: EmbedderServiceOptions;
  private current: { key: string; promise: Promise<Loaded> } | null = null;
  private readonly cancelled = new Set<string>();
  private folderFiles = new Map<string, ModelFiles>();
  private held: VectorTable | null = null;
  private lastEngine: EngineInfo | null = null;

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
    return (this.lastEngine = (await this.ensure(model, onProgress, files)).info);
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
      const maxTokens = d.maxTokens ?? Math.min(Number(tokenizer.model_max_length) || 512, 512);
      // The probe is part of the attempt: an adapter may build the session and still fail on the first run.
      const { value: loaded } = await withWasmFallback(device, async (used) => {
        const model = await AutoModel.from_pretrained(d.id, { dtype: d.dtype, device: used, progress_callback });
        const threads = used === 'wasm' ? (env.backends.onnx.wasm?.numThreads ?? 1) : used === 'cpu' ? cpuThreads() : 1;
        const l: Loaded = { key, tokenizer, model, info: { modelKey: key, modelId: d.id, device: used, threads, dim: 0, maxTokens, loadMs: 0 } };
        try {
          // One probe call fixes dim (unknown until the graph runs) and warms the session.
          l.info.dim = (await this.run(l, ['dim probe'], d)).dim;
        } catch (e) {
          await model.dispose().catch(() => undefined);
          throw e;
        }
        return l;
      });
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

  private pickDevice(): Promise<EmbedDevice> {
    return pickDevice(this.opts.device ?? 'auto', (globalThis as { navigator?: GpuNavigator }).navigator, isNode);
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

  /**
   * Embeds `texts` without the cache or the held table and returns counts and time only (no vectors), so the
   * bench measures the engine alone and the page never receives a matrix.
   */
  async timeEmbed(d: ModelDescriptor, texts: string[], opts: EmbedOptions = {}): Promise<{ n: number; dim: number; ms: number; device: EmbedDevice; truncated: number; empty: number }> {
    const r = await this.embed(d, texts, opts);
    return { n: r.n, dim: r.dim, ms: r.ms, device: r.device, truncated: r.truncated.length, empty: r.empty.length };
  }

  /** The held table for (ref, model) with every row of `rows` the cache has added; becomes the held table. */
  private async holdTable(ref: DatasetRef, model: string, rows: readonly SampleText[]): Promise<VectorTable> {
    const id = tableId(ref, model);
    const table = this.held?.id === id ? this.held : new VectorTable(id);
    table.rememberTexts(rows);
    const misses = rows.filter((r) => !table.has(r.key) && r.text.trim() !== '');
    if (this.cache && misses.length) {
      const got = await this.cache.getMany(model, misses.map((r) => hashText(r.text)));
      const found: { key: string; vector: Float32Array }[] = [];
      got.forEach((v, i) => v && found.push({ key: misses[i]!.key, vector: v }));
      table.upsert(found);
    }
    // A job for another table may have started meanwhile; the latest request wins.
    this.held = table;
    return table;
  }

  private get cache(): EmbeddingCache | undefined {
    return this.opts.cache;
  }

  /**
   * Loads the vectors of `rows` (one split, all systems) under `model` (a {@link modelKey}) from the cache into
   * memory and reports per-system coverage. Never loads a model. Rows are `{key: sampleKey, text}`.
   */
  async status(ref: DatasetRef, model: string, rows: SampleText[]): Promise<SystemCoverage[]> {
    const table = await this.holdTable(ref, model, rows);
    return table.coverage(rows.map((r) => r.key));
  }

  /**
   * Embeds `rows` cache-first: held/cached vectors are reused, only misses go to the model (loaded only if there
   * are any), new vectors are written to the cache and held, and a run record per system is stored. Returns
   * counts; the vectors stay here. Rejects with `EmbeddingCacheFullError` when storage is full, `EmbedCancelled`
   * after `cancel(opts.jobId)`.
   */
  async embedDataset(
    ref: DatasetRef,
    d: ModelDescriptor,
    rows: SampleText[],
    opts: EmbedOptions & { files?: ModelFiles } = {},
    onProgress?: (p: EmbedProgress) => void,
  ): Promise<EmbedCounts> {
    const t0 = performance.now();
    const key = modelKey(d);
    const table = await this.holdTable(ref, key, rows);
    const empty = rows.filter((r) => r.text.trim() === '').length;
    const misses = rows.filter((r) => r.text.trim() !== '' && !table.has(r.key));
    const hits = rows.length - misses.length - empty;
    let engine: EngineInfo | null = null;
    let dim = table.dim;
    const truncatedKeys: string[] = [];
    if (misses.length) {
      engine = await this.load(d, onProgress, opts.files);
      const res = await this.embed(
        d,
        misses.map((r) => r.text),
        { jobId: opts.jobId, batchSize: opts.batchSize },
        onProgress && ((p) => onProgress({ ...p, done: p.done + hits + empty, total: rows.length })),
      );
      dim = res.dim;
      for (const t of res.truncated) truncatedKeys.push(misses[t.index]!.key);
      const fresh = misses.map((r, k) => ({ key: r.key, hash: hashText(r.text), vector: res.vectors.slice(k * dim, (k + 1) * dim) }));
      await this.cache?.putMany(key, fresh);
      table.upsert(fresh);
      if (!this.held || this.held.id === table.id) this.held = table;
    }
    const ms = performance.now() - t0;
    onProgress?.({ phase: 'embedding', done: rows.length, total: rows.length, elapsedMs: ms, etaMs: 0 });
    if (this.cache) await this.recordRuns(ref, d, rows, new Set(misses.map((r) => r.key)), new Set(truncatedKeys), ms, engine ?? this.lastEngine);
    return { n: rows.length, computed: misses.length, fromCache: hits, truncated: truncatedKeys.length, empty, dim, ms, engine };
  }

  /** One run record per system of `rows`, with exact computed/truncated counts and the time apportioned by size. */
  private async recordRuns(ref: DatasetRef, d: ModelDescriptor, rows: readonly SampleText[], computed: Set<string>, truncated: Set<string>, ms: number, engine: EngineInfo | null): Promise<void> {
    const by = new Map<string, EmbedRun>();
    const at = Date.now();
    for (const r of rows) {
      const system = parseSampleKey(r.key)?.system ?? '';
      const run = by.get(system) ?? by.set(system, {
        dataset: ref.dataset, split: ref.split, system, model: modelKey(d), modelLabel: d.label,
        count: 0, computed: 0, truncated: 0, ms: 0, device: engine?.device ?? 'wasm', threads: engine?.threads ?? 1, at,
      }).get(system)!;
      run.count++;
      if (computed.has(r.key)) run.computed++;
      if (truncated.has(r.key)) run.truncated++;
    }
    for (const run of by.values()) {
      run.ms = (ms * run.count) / Math.max(1, rows.length);
      await this.cache!.putRun(run);
    }
  }

  private heldFor(ref: DatasetRef, model: string): VectorTable {
    const id = tableId(ref, model);
    if (this.held?.id !== id) throw embedError('VectorsNotHeld', `The embedder holds no vectors for ${id}; call status() with the rows first.`);
    return this.held;
  }

  /**
   * Top-k cosine neighbours of sample `key` among the held vectors of (ref, model), best first; the sample itself
   * and all-zero rows never match. Null when the sample has no vector. Rejects with `VectorsNotHeld` when another
   * table (or none) is held.
   */
  async neighbours(ref: DatasetRef, model: string, key: string, k: number, scope: NeighbourScope = 'split'): Promise<Neighbour[] | null> {
    return this.heldFor(ref, model).neighbours(key, k, scope);
  }

  /**
   * The held vectors of (ref, model) as Overton embedding JSONL (one line per sample, `dataset` = `datasetId`,
   * `model` = the model key). Rejects with `VectorsNotHeld` like {@link neighbours}.
   */
  async exportJsonl(ref: DatasetRef, model: string, datasetId: string): Promise<string> {
    const table = this.heldFor(ref, model);
    const rows = table.keys.map((k) => {
      const a = parseSampleKey(k);
      return { dataset: datasetId, system: a?.system ?? '', prompt: a?.prompt ?? 0, sample: a?.index ?? 0 };
    });
    return toEmbeddingJsonl(rows, table.vectors().data, table.dim, model);
  }

  /**
   * The per-system semantic table of the held vectors of (ref, model): within-prompt cosine, distinct meanings at
   * `opts.threshold`, and for systems with an embedded teacher (`opts.teachers`) the similarity to the teacher's
   * samples next to the teacher's self-similarity. `systems` defaults to every system with a held vector, sorted.
   * Only aggregates cross the boundary. Rejects with `VectorsNotHeld` like {@link neighbours}.
   */
  async semanticTable(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }): Promise<SemanticRow[]> {
    const table = this.heldFor(ref, model);
    const e = table.samples();
    const systems = opts.systems ?? [...new Set(e.rows.map((r) => r.system))].sort();
    return semanticRows(e, systems, opts);
  }

  /**
   * The per-prompt values behind {@link semanticTable} (core `semanticDistributions`), for the Findings charts' spread
   * over prompts; `systems` defaults as there. Rejects with `VectorsNotHeld` like {@link neighbours}.
   */
  async semanticDistributions(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }): Promise<SemanticDistribution[]> {
    const e = this.heldFor(ref, model).samples();
    return semanticDistributions(e, opts.systems ?? [...new Set(e.rows.map((r) => r.system))].sort(), opts);
  }

  /** {@link semanticTable} for one prompt, with each system's meaning clusters (groups of sample indices). */
  async semanticForPrompt(ref: DatasetRef, model: string, prompt: number, systems: string[], opts: SemanticOptions): Promise<PromptSemanticRow[]> {
    const table = this.heldFor(ref, model);
    return promptSemantic(table.samples((r) => r.prompt === prompt), prompt, systems, opts);
  }

  /**
   * Sentence coverage of `baseSystem`'s samples by `alignedSystem`'s, for one prompt (core `systemCoverage`): the
   * texts are those the held table of (ref, modelKey(d)) was handed; sentences are embedded cache-first like samples
   * (same model, keyed by text hash), loading the model only for misses. Rejects with `VectorsNotHeld` when that
   * table is not held.
   */
  async coverageForPrompt(ref: DatasetRef, d: ModelDescriptor, prompt: number, baseSystem: string, alignedSystem: string, threshold: number): Promise<Coverage> {
    return this.coverageFor(ref, d, [prompt], baseSystem, alignedSystem, threshold);
  }

  /**
   * {@link coverageForPrompt} over every prompt where both systems have texts, in chunks of prompts so progress is
   * reported (`done`/`total` = prompts) and `cancel(opts.jobId)` stops it between chunks.
   */
  async coverageDataset(
    ref: DatasetRef,
    d: ModelDescriptor,
    baseSystem: string,
    alignedSystem: string,
    threshold: number,
    opts: { jobId?: string } = {},
    onProgress?: (p: EmbedProgress) => void,
  ): Promise<Coverage> {
    const table = this.heldFor(ref, modelKey(d));
    const prompts = [...new Set([...table.texts.keys()].map((k) => parseSampleKey(k)?.prompt ?? -1))].filter((p) => p >= 0).sort((a, b) => a - b);
    return this.coverageFor(ref, d, prompts, baseSystem, alignedSystem, threshold, opts.jobId, onProgress);
  }

  private async coverageFor(
    ref: DatasetRef,
    d: ModelDescriptor,
    prompts: readonly number[],
    baseSystem: string,
    alignedSystem: string,
    threshold: number,
    jobId?: string,
    onProgress?: (p: EmbedProgress) => void,
  ): Promise<Coverage> {
    const t0 = performance.now();
    const table = this.heldFor(ref, modelKey(d));
    const by = new Map<string, { index: number; text: string }[]>();
    for (const [k, text] of table.texts) {
      const a = parseSampleKey(k);
      if (!a || (a.system !== baseSystem && a.system !== alignedSystem)) continue;
      const g = `${a.system}\u0000${a.prompt}`;
      (by.get(g) ?? by.set(g, []).get(g)!).push({ index: a.index, text });
    }
    const textsOf = (system: string, p: number) => (by.get(`${system}\u0000${p}`) ?? []).sort((x, y) => x.index - y.index).map((x) => x.text);
    const inputs: SystemCoverageInput[] = prompts
      .map((p) => ({ prompt: p, base: textsOf(baseSystem, p), aligned: textsOf(alignedSystem, p) }))
      .filter((x) => x.base.length > 0 && x.aligned.length > 0);
    if (jobId) this.cancelled.delete(jobId);
    const chunk = 5;
    const parts: Coverage[] = [];
    try {
      for (let s = 0; s < inputs.length; s += chunk) {
        if (jobId && this.cancelled.has(jobId)) throw embedError('EmbedCancelled', 'Coverage was cancelled.');
        onProgress?.({ phase: 'embedding', done: s, total: inputs.length, elapsedMs: performance.now() - t0 });
        parts.push(await systemCoverage(inputs.slice(s, s + chunk), (texts) => this.embedCached(d, texts), threshold));
      }
    } finally {
      if (jobId) this.cancelled.delete(jobId);
    }
    onProgress?.({ phase: 'embedding', done: inputs.length, total: inputs.length, elapsedMs: performance.now() - t0, etaMs: 0 });
    // Chunks hold disjoint prompts, so the per-prompt rows concatenate; the totals are recomputed over all of them.
    const perPrompt = parts.flatMap((c) => c.perPrompt);
    return combineCoverage(perPrompt);
  }

  /**
   * Embeds `texts` (n × dim, input order) cache-first: vectors cached under (modelKey(d), text hash) are reused,
   * only misses reach the model, and new vectors are cached. Empty texts get zero rows.
   */
  private async embedCached(d: ModelDescriptor, texts: string[]): Promise<Float32Array> {
    const key = modelKey(d);
    const hashes = texts.map(hashText);
    const got: (Float32Array | undefined)[] = this.cache ? await this.cache.getMany(key, hashes) : texts.map(() => undefined);
    const miss = texts.map((_, i) => i).filter((i) => !got[i] && texts[i]!.trim() !== '');
    let dim = got.find((v) => v)?.length ?? 0;
    if (miss.length) {
      const res = await this.embed(d, miss.map((i) => texts[i]!));
      dim = res.dim;
      const fresh = miss.map((i, k) => ({ hash: hashes[i]!, vector: res.vectors.slice(k * dim, (k + 1) * dim) }));
      miss.forEach((i, k) => (got[i] = fresh[k]!.vector));
      await this.cache?.putMany(key, fresh);
    }
    if (dim === 0) dim = (await this.load(d)).dim;
    const out = new Float32Array(texts.length * dim);
    got.forEach((v, i) => v && out.set(v, i * dim));
    return out;
  }

  /** Files vectors under `model` in the cache and, when that table is held (or there is no cache), in memory. */
  private async store(ref: DatasetRef, model: string, entries: { key: string; hash: string; vector: Float32Array }[]): Promise<void> {
    await this.cache?.putMany(model, entries);
    const id = tableId(ref, model);
    if (this.held?.id === id) this.held.upsert(entries);
    else if (!this.cache) {
      this.held = new VectorTable(id);
      this.held.upsert(entries);
    }
  }

  /**
   * Imports Overton embedding JSONL: lines of dataset `datasetId` are matched to `rows` by system/prompt/sample
   * and filed under the file's model key (else `imported:<name>`). Bad lines are reported, not fatal.
   */
  async importJsonl(ref: DatasetRef, file: FileBlob, name: string, datasetId: string, rows: SampleText[]): Promise<EmbedImportReport> {
    const table = parseEmbeddingJsonl(new TextDecoder().decode(await file.arrayBuffer()), name);
    const model = table.models[0] ?? `imported:${name}`;
    const texts = new Map(rows.map((r) => [r.key, r.text]));
    const entries: { key: string; hash: string; vector: Float32Array }[] = [];
    table.rows.forEach((r, i) => {
      const key = sampleKey({ system: r.system, prompt: r.prompt, index: r.sample });
      const text = r.dataset === datasetId ? texts.get(key) : undefined;
      if (text !== undefined) entries.push({ key, hash: hashText(text), vector: table.vectors.slice(i * table.dim, (i + 1) * table.dim) });
    });
    await this.store(ref, model, entries);
    if (this.held?.id === tableId(ref, model)) this.held.rememberTexts(rows);
    const problems = table.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    return { stored: entries.length, unmatched: table.n - entries.length, model, problems };
  }

  /** Imports a paper `.npz` (vectors by string): filed under `npz:<model>` by text hash, matching any sample with that text. */
  async importNpz(ref: DatasetRef, file: FileBlob, name: string, rows: SampleText[]): Promise<EmbedImportReport> {
    const p = paperEmbeddingsFromNpz(new Uint8Array(await file.arrayBuffer()), name);
    const model = `npz:${p.model ?? name}`;
    const vec = (i: number) => p.vectors.slice(i * p.dim, (i + 1) * p.dim);
    const byHash = new Map(p.texts.map((t, i) => [hashText(t), i]));
    await this.cache?.putMany(model, p.texts.map((t, i) => ({ hash: hashText(t), vector: vec(i) })));
    const matched = rows.flatMap((r) => {
      const i = byHash.get(hashText(r.text));
      return i === undefined ? [] : [{ key: r.key, hash: hashText(r.text), vector: vec(i) }];
    });
    const id = tableId(ref, model);
    if (this.held?.id === id) this.held.upsert(matched);
    return { stored: p.texts.length, unmatched: p.n - p.texts.length, model, problems: [] };
  }

  /** Recorded runs of a dataset (workspace key), newest first; empty without a cache. */
  async runs(dataset: string): Promise<EmbedRun[]> {
    return this.cache ? this.cache.runs(dataset) : [];
  }

  /** Entries and bytes in the whole vector cache. */
  async cacheSize(): Promise<{ entries: number; bytes: number }> {
    return this.cache ? this.cache.size() : { entries: 0, bytes: 0 };
  }

  /** Deletes every cached vector and run record and drops the held table. */
  async clearCache(): Promise<void> {
    this.held = null;
    await this.cache?.clear();
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    const cur = this.current;
    this.current = null;
    if (cur) await cur.promise.then((l) => l.model.dispose()).catch(() => undefined);
  }
}

/** The slice of `navigator` the device choice reads (a fake one in tests). */
export interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
  hardwareConcurrency?: number;
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
