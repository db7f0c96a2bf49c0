// The in-browser generator: loads one Transformers.js causal LM (WebGPU → WASM in browsers, native ORT in Node) and
// streams seeded samples with stop strings and cancel. Samples run one at a time, since sampling seeds a shared RNG.

import {
  AutoModelForCausalLM,
  AutoTokenizer,
  InterruptableStoppingCriteria,
  TextStreamer,
  env,
  random,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { hubIdProblem } from '../../core/embed/embedder';
import {
  lmError,
  localModelKey,
  type LocalEngineInfo,
  type LocalGenParams,
  type LocalGenResult,
  type LocalModelDescriptor,
} from '../../core/local-lm/local-lm';
import { StopScanner } from '../../core/local-lm/stop-strings';
import { pickDevice, withWasmFallback, type GpuNavigator } from './embedder-service';

const ORT_RUNTIME = 'ort-wasm-simd-threaded.asyncify';
const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** Where the generator finds files. Browser defaults: models under `/models/`, ORT wasm under `/ort/`. */
export interface GeneratorServiceOptions {
  /** Folder (Node: absolute path ending in `/`) or URL path holding `<model id>/config.json`. */
  localModelPath?: string;
  /** URL folder of ORT-web's runtime files (browser only). */
  wasmPaths?: string;
  /** `auto` = WebGPU when an adapter exists, else wasm (browser), cpu (Node). */
  device?: 'auto' | 'webgpu' | 'wasm' | 'cpu';
}

/** Files of a picked model folder, by relative path (`config.json`, `onnx/model.onnx`, ...). */
export type LmFolderFiles = Record<string, Blob>;

interface Loaded {
  key: string;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  info: LocalEngineInfo;
}

/** Files every decoder folder needs besides its ONNX weights. */
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

function onnxFile(dtype: LocalModelDescriptor['dtype']): string {
  return dtype === 'fp32' ? 'onnx/model.onnx' : dtype === 'q8' ? 'onnx/model_quantized.onnx' : `onnx/model_${dtype}.onnx`;
}

/** Relative paths a folder is missing for `dtype` (a leading `<folder>/` on the given paths is tolerated). */
export function missingLmFiles(paths: readonly string[], dtype: LocalModelDescriptor['dtype']): string[] {
  const have = new Set(paths.flatMap((p) => [p, p.replace(/^[^/]+\//, '')]));
  const onnx = onnxFile(dtype);
  const merged = onnx.replace('model', 'decoder_model_merged');
  return [...REQUIRED_FILES, onnx].filter((f) => !have.has(f) && !(f === onnx && have.has(merged)));
}

/** The generator as a plain class: Vitest constructs it directly, the worker shim exposes one instance. */
export class GeneratorService {
  private readonly opts: GeneratorServiceOptions;
  private current: { key: string; promise: Promise<Loaded> } | null = null;
  private readonly folders = new Map<string, LmFolderFiles>();
  private readonly jobs = new Map<string, InterruptableStoppingCriteria>();
  private readonly cancelledEarly = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: GeneratorServiceOptions = {}) {
    this.opts = opts;
  }

  /** Loads `model` once (concurrent calls share the promise; a failure is forgotten so a retry reloads). */
  async load(model: LocalModelDescriptor, files?: LmFolderFiles): Promise<LocalEngineInfo> {
    if (files) this.folders.set(model.id, files);
    return (await this.ensure(model)).info;
  }

  /** Token count of `text` under `model`'s tokenizer (loads the model if needed). */
  async countTokens(model: LocalModelDescriptor, text: string): Promise<number> {
    const l = await this.ensure(model);
    return l.tokenizer.encode(text).length;
  }

  /**
   * Generates one sample. `onText` receives deltas that never contain (part of) a stop string, so their
   * concatenation equals the returned `text`. Rejects with `LmCancelled` only if cancelled before it started;
   * a sample cancelled midway resolves with `finishReason: 'cancelled'` and the text so far (partial results kept).
   */
  generate(model: LocalModelDescriptor, params: LocalGenParams, jobId: string, onText?: (delta: string) => void): Promise<LocalGenResult> {
    const run = this.queue.then(() => this.runOne(model, params, jobId, onText));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops job `jobId` at the next token (or before it starts). */
  cancel(jobId: string): void {
    const c = this.jobs.get(jobId);
    if (c) c.interrupt();
    else this.cancelledEarly.add(jobId);
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    const cur = this.current;
    this.current = null;
    if (cur) await cur.promise.then((l) => l.model.dispose()).catch(() => undefined);
  }

  private async runOne(model: LocalModelDescriptor, p: LocalGenParams, jobId: string, onText?: (delta: string) => void): Promise<LocalGenResult> {
    if (this.cancelledEarly.delete(jobId)) throw lmError('LmCancelled', 'Generation was cancelled before it started.');
    const l = await this.ensure(model);
    if (this.cancelledEarly.delete(jobId)) throw lmError('LmCancelled', 'Generation was cancelled before it started.');
    if (!(p.maxTokens >= 1)) throw lmError('LmGenerateFailed', `max tokens must be at least 1 (got ${p.maxTokens}).`);
    const t0 = performance.now();
    const criteria = new InterruptableStoppingCriteria();
    this.jobs.set(jobId, criteria);
    const scanner = new StopScanner(p.stop);
    const streamer = new TextStreamer(l.tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: (t: string) => {
        if (scanner.stopped) return;
        const step = scanner.push(t);
        if (step.emit) onText?.(step.emit);
        if (step.stopped) criteria.interrupt();
      },
    });
    try {
      const enc = l.tokenizer(p.prompt, { add_special_tokens: false }) as unknown as { input_ids: { dims: number[] }; attention_mask: unknown };
      const promptTokens = enc.input_ids.dims[1] ?? 0;
      const ctx = l.info.contextTokens;
      // Refuse rather than run: past its context a real model degrades or fails, and the attention cost grows with the square.
      if (ctx !== null && promptTokens + p.maxTokens > ctx) {
        throw lmError('LmGenerateFailed', `The prompt is ${promptTokens} tokens; with ${p.maxTokens} new tokens that exceeds ${model.label}'s context of ${ctx} tokens. Use fewer or shorter examples.`);
      }
      const greedy = !(p.temperature > 0);
      if (!greedy) random.seed(p.seed ?? Math.floor(Math.random() * 2 ** 31));
      const out = (await l.model.generate({
        ...(enc as object),
        max_new_tokens: p.maxTokens,
        do_sample: !greedy,
        temperature: greedy ? 1 : p.temperature,
        top_p: greedy ? 1 : Math.min(1, Math.max(1e-6, p.topP)),
        top_k: 0,
        repetition_penalty: p.repetitionPenalty ?? 1,
        stopping_criteria: [criteria],
        streamer,
      } as Parameters<PreTrainedModel['generate']>[0])) as { dims: number[] };
      const completionTokens = (out.dims[1] ?? promptTokens) - promptTokens;
      const tail = scanner.finish();
      if (tail) onText?.(tail);
      const finishReason = scanner.stopped ? 'stop' : criteria.interrupted ? 'cancelled' : completionTokens >= p.maxTokens ? 'length' : 'stop';
      return { text: scanner.text, finishReason, stopString: scanner.stopString, promptTokens, completionTokens, ms: performance.now() - t0, device: l.info.device };
    } catch (e) {
      if (e instanceof Error && e.name.startsWith('Lm')) throw e;
      throw lmError('LmGenerateFailed', `Generation failed on ${model.label}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.jobs.delete(jobId);
    }
  }

  private ensure(model: LocalModelDescriptor): Promise<Loaded> {
    const key = localModelKey(model);
    if (this.current?.key === key) return this.current.promise;
    const previous = this.current;
    const promise = (async () => {
      if (previous) await previous.promise.then((l) => l.model.dispose()).catch(() => undefined);
      return this.doLoad(model, key);
    })();
    const entry = { key, promise };
    this.current = entry;
    promise.catch(() => {
      if (this.current === entry) this.current = null;
    });
    return promise;
  }

  private async doLoad(d: LocalModelDescriptor, key: string): Promise<Loaded> {
    const t0 = performance.now();
    const files = d.source === 'folder' ? this.folders.get(d.id) : undefined;
    if (d.source === 'folder') {
      if (!files) throw lmError('LmModelFilesMissing', `Pick the folder of "${d.label}" again: its files are not in this session.`);
      const missing = missingLmFiles(Object.keys(files), d.dtype);
      if (missing.length) throw lmError('LmModelFilesMissing', `The model folder "${d.label}" is missing ${missing.join(', ')}.`);
    }
    if (d.source === 'hub') {
      const bad = hubIdProblem(d.id);
      if (bad) throw lmError('LmModelNotFound', bad);
    }
    this.configureEnv(d, files);
    const want = this.opts.device ?? 'auto';
    const device = await pickDevice(want, (globalThis as { navigator?: GpuNavigator }).navigator, isNode);
    try {
      const tokenizer = await AutoTokenizer.from_pretrained(d.id);
      const { value: model, device: used } = await withWasmFallback(device, (dev) =>
        AutoModelForCausalLM.from_pretrained(d.id, { dtype: d.dtype, device: dev }),
      );
      const max = Number(tokenizer.model_max_length);
      const info: LocalEngineInfo = {
        modelKey: key,
        modelId: d.id,
        device: used,
        loadMs: performance.now() - t0,
        contextTokens: Number.isFinite(max) && max > 0 && max < 1e7 ? max : null,
      };
      return { key, tokenizer, model, info };
    } catch (e) {
      throw explainLoadError(d, e);
    }
  }

  /** Transformers.js' global env: never the network unless the user picked a Hub id. */
  private configureEnv(d: LocalModelDescriptor, files: LmFolderFiles | undefined): void {
    const hub = d.source === 'hub';
    env.allowRemoteModels = hub;
    env.allowLocalModels = !hub || isNode;
    env.localModelPath = this.opts.localModelPath ?? '/models/';
    env.useBrowserCache = hub && !isNode && typeof caches !== 'undefined';
    env.useFSCache = hub && isNode;
    env.useWasmCache = false;
    env.useCustomCache = files !== undefined;
    if (files) {
      env.customCache = {
        match: async (k: string) => {
          const m = /(folder\/[^/]+)\/(?:resolve\/[^/]+\/)?(.+)$/.exec(String(k));
          const file = m && m[1] === d.id ? (files[m[2]!] ?? files[Object.keys(files).find((p) => p.replace(/^[^/]+\//, '') === m[2])!]) : undefined;
          return file ? new Response(await file.arrayBuffer(), { status: 200, headers: { 'content-length': String(file.size) } }) : undefined;
        },
        put: async () => undefined,
      };
    }
    if (!isNode) {
      const wasm = env.backends.onnx.wasm;
      if (wasm) {
        const here = (globalThis as { location?: { href: string } }).location?.href;
        const base = new URL(this.opts.wasmPaths ?? '/ort/', here).href;
        wasm.wasmPaths = { wasm: `${base}${ORT_RUNTIME}.wasm`, mjs: `${base}${ORT_RUNTIME}.mjs` };
        const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
        const nav = (globalThis as { navigator?: GpuNavigator }).navigator;
        wasm.numThreads = isolated ? (nav?.hardwareConcurrency ?? 1) : 1;
      }
    }
  }
}

function explainLoadError(d: LocalModelDescriptor, e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name.startsWith('Lm')) return e;
  if (d.source === 'hub') {
    if (/fetch failed|Failed to fetch|NetworkError|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|Load failed/i.test(msg)) {
      return lmError('LmOffline', `Could not reach the Hugging Face Hub to download "${d.id}". Without a network, use the bundled tiny LM or a local model folder.`);
    }
    if (/Could not locate file|Unauthorized|Forbidden|\b40[134]\b/.test(msg)) {
      return lmError('LmModelNotFound', `The Hugging Face Hub has no usable model "${d.id}" (missing, private, or no ONNX export for ${d.dtype}): ${msg}`);
    }
  }
  if (/not found locally|Could not locate file|ENOENT|no such file|Unexpected token|JSON|reading 'tokenizer_class'/i.test(msg)) {
    const where = d.source === 'bundled' ? 'The tiny LM files are missing (run `npm run build:tiny-lm`)' : `Model files for "${d.id}" are missing`;
    return lmError('LmModelFilesMissing', `${where}: ${msg}`);
  }
  if (/Unsupported model type|not compatible with `\.generate\(\)`/i.test(msg)) {
    return lmError('LmLoadFailed', `"${d.id}" is not a causal language model Transformers.js can generate with: ${msg}`);
  }
  return lmError('LmLoadFailed', `Could not load "${d.id}": ${msg}`);
}
