// The generator client: N samples from an OpenAI-compatible base or chat endpoint, streamed, retried, cancellable, partial results kept.

import { createParser } from 'eventsource-parser';
import { endpointUrl, requestHeaders, serverPreset, type Endpoint } from './endpoint';
import { GenerateError, parseRetryAfter, type GenerateErrorInfo } from './errors';
import { clearTimer, newAbortController, sleep as hostSleep, startTimer, type AbortSignalLike, type FetchLike, type ResponseLike } from './fetch-types';
import type { ChatMessage } from '../urial/presets';

/**
 * Decoding parameters of a run. `n` samples per prompt (default 5). `seeds`, when given, has one seed per sample
 * and forces one request per sample; otherwise `seed` (if any) goes with a single `n` request where the server
 * supports `n`, and sample `i` of N separate requests is sent `seed + i`. `repetitionPenalty` is sent only to
 * servers that have one ({@link serverPreset}). `maxTokens` is the answer budget in tokens.
 */
export interface SamplingParams {
  n: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string[];
  repetitionPenalty?: number;
  seed?: number;
  seeds?: number[];
}

/** Default parameters: the paper's sampled runs (5 samples, temperature 0.5, repetition penalty 1.1, 700 new tokens, URIAL stop). */
export const DEFAULT_PARAMS: SamplingParams = { n: 5, temperature: 0.5, maxTokens: 700, repetitionPenalty: 1.1, stop: ['```'] };

/** What is sent: a raw prompt (base endpoint, `/v1/completions`) or chat messages (aligned endpoint). */
export type GenerateInput = { prompt: string } | { messages: ChatMessage[] };

/** Retry policy: up to `retries` more attempts per request, waiting `min(maxMs, baseMs·2^attempt)` scaled by a jitter in [0.5, 1), or Retry-After when the server sends it (capped at `maxRetryAfterMs`). */
export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
}

/** 3 retries from 500 ms to 8 s; Retry-After honoured up to 60 s. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseMs: 500, maxMs: 8000, maxRetryAfterMs: 60_000 };

/** How a generation runs. Only `fetch` is required. */
export interface GenerateOptions {
  /** Pass `globalThis.fetch` as is: it is called unbound, as a browser's fetch requires. */
  fetch: FetchLike;
  /** Cancels every request; samples finished before it are kept. */
  signal?: AbortSignalLike;
  /** Stream tokens (default true). */
  stream?: boolean;
  /** Requests in flight at once when one request per sample is needed (default 2). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Time limit (ms) with no progress: streamed, until the response starts and then between chunks (default 120 000);
   * unstreamed, for the whole answer, which a server sends only when done (default 600 000, a CPU server's 700 tokens).
   */
  timeoutMs?: number;
  /** Jitter source in [0, 1) (default Math.random; seed it in tests). */
  random?: () => number;
  /** Waits between retries (default a real timer; tests may record instead of waiting). */
  sleep?: (ms: number, signal?: AbortSignalLike) => Promise<void>;
  /** Streamed text of sample `index` so far, after each new piece (`delta`). */
  onDelta?: (index: number, delta: string, text: string) => void;
  /** A sample finished (successfully or not). */
  onSample?: (sample: GeneratedSample) => void;
  /** A request failed and will be retried after `delayMs`. */
  onRetry?: (info: { attempt: number; delayMs: number; error: GenerateErrorInfo; samples: number[] }) => void;
}

/** One generated sample. `text` null = failed; `partial` then holds whatever streamed before the failure. */
export interface GeneratedSample {
  index: number;
  text: string | null;
  finishReason?: string;
  error?: GenerateErrorInfo;
  partial?: string;
  seed?: number;
  /** Requests made for this sample (1 + retries). */
  attempts: number;
}

/** The outcome of {@link generate}: always `params.n` samples in index order, plus counters. */
export interface GenerateResult {
  samples: GeneratedSample[];
  /** HTTP requests made (including retries). */
  requests: number;
  retries: number;
  cancelled: boolean;
}

interface Choice {
  text: string;
  finishReason?: string;
}

/** A request's plan: which samples it produces (`n` = their count) and with which seed. */
interface Job {
  samples: number[];
  seed?: number;
}

/**
 * Generates `params.n` samples for one input. One request with `n` when the server supports it and no per-sample
 * seeds are given, else one request per sample with at most `concurrency` in flight. Each request is retried on
 * 429 / 5xx / 408, timeouts and truncated streams with exponential backoff and jitter (Retry-After honoured). Never
 * rejects for a request failure: failed samples carry `error` (and `partial` text); on cancel it resolves with what
 * finished and `cancelled: true`. Rejects only for invalid arguments.
 */
export async function generate(endpoint: Endpoint, input: GenerateInput, params: SamplingParams, options: GenerateOptions): Promise<GenerateResult> {
  const n = params.n;
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, not ${n}`);
  if (params.seeds && params.seeds.length !== n) throw new Error(`seeds has ${params.seeds.length} entries for n = ${n}`);
  if (endpoint.role === 'base' && !('prompt' in input)) throw new Error('a base endpoint takes a raw prompt (/v1/completions)');
  if (endpoint.role === 'aligned' && !('messages' in input)) throw new Error('an aligned endpoint takes chat messages (/v1/chat/completions)');
  const preset = serverPreset(endpoint.server);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? hostSleep;
  const stream = options.stream ?? true;

  const jobs: Job[] = [];
  if (params.seeds) params.seeds.forEach((seed, i) => jobs.push({ samples: [i], seed }));
  else if (preset.supportsN || n === 1) jobs.push({ samples: Array.from({ length: n }, (_, i) => i), ...(params.seed !== undefined ? { seed: params.seed } : {}) });
  else for (let i = 0; i < n; i++) jobs.push({ samples: [i], ...(params.seed !== undefined ? { seed: params.seed + i } : {}) });

  const samples: (GeneratedSample | undefined)[] = new Array<GeneratedSample | undefined>(n);
  const stats = { requests: 0, retries: 0 };

  const runJob = async (job: Job): Promise<void> => {
    let attempt = 0;
    for (;;) {
      attempt++;
      stats.requests++;
      const partial: Choice[] = job.samples.map(() => ({ text: '' }));
      try {
        const choices = await requestOnce(endpoint, input, params, job, stream, options, partial);
        job.samples.forEach((s, k) => finish(s, { index: s, text: choices[k]!.text, ...fr(choices[k]!.finishReason), ...seedOf(job), attempts: attempt }));
        return;
      } catch (e) {
        const err = asError(e, options.signal);
        const canRetry = err.retryable && attempt <= retry.retries && !options.signal?.aborted;
        if (canRetry) {
          const backoff = Math.min(retry.maxMs, retry.baseMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
          const delayMs = Math.round(err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, retry.maxRetryAfterMs) : backoff);
          options.onRetry?.({ attempt, delayMs, error: err.info(), samples: job.samples });
          stats.retries++;
          try {
            await wait(delayMs, options.signal);
            continue;
          } catch {
            // Cancelled while waiting: fall through and record the last partial text as aborted.
          }
        }
        const final = options.signal?.aborted ? new GenerateError('aborted', 'cancelled') : err;
        job.samples.forEach((s, k) =>
          finish(s, { index: s, text: null, error: final.info(), ...(partial[k]!.text ? { partial: partial[k]!.text } : {}), ...seedOf(job), attempts: attempt }),
        );
        return;
      }
    }
  };

  const finish = (i: number, s: GeneratedSample) => {
    samples[i] = s;
    options.onSample?.(s);
  };

  const limit = Math.max(1, options.concurrency ?? 2);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      if (options.signal?.aborted) {
        job.samples.forEach((s) => finish(s, { index: s, text: null, error: { kind: 'aborted', message: 'cancelled before it started' }, ...seedOf(job), attempts: 0 }));
        continue;
      }
      await runJob(job);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return { samples: samples.map((s, i) => s ?? { index: i, text: null, error: { kind: 'aborted', message: 'not run' }, attempts: 0 }), ...stats, cancelled: options.signal?.aborted ?? false };
}

const fr = (finishReason: string | undefined) => (finishReason !== undefined ? { finishReason } : {});
const seedOf = (job: Job) => (job.seed !== undefined ? { seed: job.seed } : {});

/** Normalises anything thrown during a request into a {@link GenerateError}. */
function asError(e: unknown, signal: AbortSignalLike | undefined): GenerateError {
  if (e instanceof GenerateError) return e;
  if (signal?.aborted) return new GenerateError('aborted', 'cancelled');
  if (e instanceof TypeError) {
    return new GenerateError('network', `could not reach the server (${e.message}): it is not running, the address is wrong, or it refused this page's origin (CORS)`);
  }
  return new GenerateError('network', e instanceof Error ? e.message : String(e));
}

/** The JSON body of a completions / chat request. */
export function requestBody(endpoint: Endpoint, input: GenerateInput, params: SamplingParams, n: number, seed: number | undefined, stream: boolean): Record<string, unknown> {
  const preset = serverPreset(endpoint.server);
  const body: Record<string, unknown> = { model: endpoint.model, ...('prompt' in input ? { prompt: input.prompt } : { messages: input.messages }) };
  if (n !== 1) body.n = n;
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.maxTokens !== undefined) body.max_tokens = params.maxTokens;
  if (params.stop?.length) body.stop = params.stop;
  if (seed !== undefined && preset.supportsSeed) body.seed = seed;
  if (params.repetitionPenalty !== undefined && preset.repetitionPenaltyField) body[preset.repetitionPenaltyField] = params.repetitionPenalty;
  if (stream) body.stream = true;
  return body;
}

/**
 * One HTTP request for `job.samples.length` choices. Streamed text accumulates in `partial` (so the caller keeps it
 * on failure). Throws {@link GenerateError}.
 */
async function requestOnce(endpoint: Endpoint, input: GenerateInput, params: SamplingParams, job: Job, stream: boolean, options: GenerateOptions, partial: Choice[]): Promise<Choice[]> {
  const url = endpointUrl(endpoint.baseUrl, 'prompt' in input ? 'completions' : 'chat/completions');
  const body = requestBody(endpoint, input, params, job.samples.length, job.seed, stream);
  const res = await withTimeout(options, async (signal, touch) => {
    // Called unbound: a browser's fetch throws "Illegal invocation" when its `this` is the options object.
    const doFetch = options.fetch;
    const r = await doFetch(url, { method: 'POST', headers: requestHeaders(endpoint), body: JSON.stringify(body), signal });
    if (!r.ok) throw await httpError(r, url);
    touch();
    const type = r.headers.get('content-type') ?? '';
    if (stream && type.includes('text/event-stream')) return readStream(r, job, partial, options, touch);
    return readJsonChoices(await r.text(), url, job.samples.length);
  }, stream ? 120_000 : 600_000);
  return res;
}

/** Runs `fn` with a signal that aborts on the caller's signal or after `timeoutMs` without `touch()`. */
async function withTimeout<T>(options: GenerateOptions, fn: (signal: AbortSignalLike, touch: () => void) => Promise<T>, defaultMs = 120_000): Promise<T> {
  const controller = newAbortController();
  const ms = options.timeoutMs ?? defaultMs;
  let timedOut = false;
  let timer: unknown;
  const touch = () => {
    clearTimer(timer);
    timer = startTimer(() => {
      timedOut = true;
      controller.abort(new GenerateError('timeout', `no response for ${ms} ms`));
    }, ms);
  };
  const onAbort = () => controller.abort(new GenerateError('aborted', 'cancelled'));
  if (options.signal?.aborted) throw new GenerateError('aborted', 'cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  touch();
  try {
    return await fn(controller.signal, touch);
  } catch (e) {
    if (timedOut) throw new GenerateError('timeout', `no response for ${ms} ms`);
    if (options.signal?.aborted) throw new GenerateError('aborted', 'cancelled');
    throw e;
  } finally {
    clearTimer(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** An HTTP error status as a {@link GenerateError}, with the server's own message when its body says one. */
async function httpError(r: ResponseLike, url: string): Promise<GenerateError> {
  let detail = '';
  try {
    const text = await r.text();
    detail = text;
    const j = JSON.parse(text) as unknown;
    const m = isObj(j) ? (isObj(j.error) ? j.error.message : typeof j.error === 'string' ? j.error : j.message) : undefined;
    if (typeof m === 'string') detail = m;
  } catch {
    // A non-JSON error page: keep its text (trimmed below).
  }
  detail = detail.trim().slice(0, 300);
  const retryAfterMs = parseRetryAfter(r.headers.get('retry-after'));
  return new GenerateError('http', `${url} answered ${r.status}${r.statusText ? ` ${r.statusText}` : ''}${detail ? `: ${detail}` : ''}`, {
    status: r.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a choice: `text` (completions) or `message.content` / `delta.content` (chat). */
function choiceText(c: Record<string, unknown>): string | undefined {
  if (typeof c.text === 'string') return c.text;
  const m = isObj(c.message) ? c.message : isObj(c.delta) ? c.delta : undefined;
  if (m && typeof m.content === 'string') return m.content;
  if (m && m.content === null) return '';
  return undefined;
}

/** Choices of a non-streamed response body, in `index` order. */
function readJsonChoices(text: string, url: string, n: number): Choice[] {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw new GenerateError('malformed', `${url} did not answer with JSON (got ${JSON.stringify(text.slice(0, 80))}); is this an OpenAI-compatible /v1 address?`);
  }
  if (!isObj(j) || !Array.isArray(j.choices)) throw new GenerateError('malformed', `${url} answered JSON without "choices"`);
  const out: Choice[] = Array.from({ length: n }, () => ({ text: '' }));
  const seen = new Set<number>();
  j.choices.forEach((c: unknown, pos: number) => {
    if (!isObj(c)) throw new GenerateError('malformed', `${url}: choice ${pos} is not an object`);
    const idx = typeof c.index === 'number' ? c.index : pos;
    const t = choiceText(c);
    if (t === undefined || idx < 0 || idx >= n) throw new GenerateError('malformed', `${url}: choice ${pos} has no text or a bad index`);
    out[idx] = { text: t, ...fr(typeof c.finish_reason === 'string' ? c.finish_reason : undefined) };
    seen.add(idx);
  });
  if (seen.size !== n) throw new GenerateError('malformed', `${url}: asked for ${n} choices, got ${seen.size}`);
  return out;
}

/** Reads an SSE body with eventsource-parser, filling `partial` as pieces arrive. */
async function readStream(r: ResponseLike, job: Job, partial: Choice[], options: GenerateOptions, touch: () => void): Promise<Choice[]> {
  if (!r.body) throw new GenerateError('malformed', 'the stream response has no body');
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  let done = false;
  let failure: GenerateError | undefined;
  const parser = createParser({
    onEvent(ev) {
      if (done || failure) return;
      if (ev.data.trim() === '[DONE]') {
        done = true;
        return;
      }
      let j: unknown;
      try {
        j = JSON.parse(ev.data);
      } catch {
        failure = new GenerateError('malformed', `a streamed event is not JSON: ${JSON.stringify(ev.data.slice(0, 80))}`);
        return;
      }
      if (isObj(j) && j.error !== undefined) {
        const m = isObj(j.error) && typeof j.error.message === 'string' ? j.error.message : JSON.stringify(j.error);
        failure = new GenerateError('http', `the server reported an error mid-stream: ${m}`, { status: 500 });
        return;
      }
      if (!isObj(j) || !Array.isArray(j.choices)) {
        failure = new GenerateError('malformed', `a streamed event has no "choices": ${JSON.stringify(ev.data.slice(0, 80))}`);
        return;
      }
      for (const c of j.choices) {
        if (!isObj(c)) continue;
        const k = typeof c.index === 'number' ? c.index : 0;
        const slot = partial[k];
        if (!slot) continue;
        const t = choiceText(c) ?? '';
        if (t) {
          slot.text += t;
          options.onDelta?.(job.samples[k]!, t, slot.text);
        }
        if (typeof c.finish_reason === 'string') slot.finishReason = c.finish_reason;
      }
    },
  });
  for (;;) {
    const { done: end, value } = await reader.read();
    if (end) break;
    touch();
    parser.feed(decoder.decode(value, { stream: true }));
    if (failure || done) break;
  }
  if (!done) parser.feed(decoder.decode() + '\n\n');
  if (failure || done) await reader.cancel().catch(() => undefined);
  if (failure) throw failure;
  // Some servers end without [DONE]; a finish reason on every choice is just as final.
  if (!done && !partial.every((c) => c.finishReason !== undefined)) {
    throw new GenerateError('truncated', `the stream ended before it finished (${partial.filter((c) => c.finishReason === undefined).length} of ${partial.length} samples incomplete)`);
  }
  return partial.map((c) => ({ ...c }));
}

/** Result of {@link testConnection}. */
export type ConnectionResult = { ok: true; models: string[]; modelFound: boolean } | { ok: false; error: GenerateErrorInfo };

/** `GET /v1/models`: whether the server answers from here and lists `endpoint.model`. Never rejects. */
export async function testConnection(endpoint: Endpoint, options: Pick<GenerateOptions, 'fetch' | 'signal' | 'timeoutMs'>): Promise<ConnectionResult> {
  const url = endpointUrl(endpoint.baseUrl, 'models');
  try {
    return await withTimeout(options as GenerateOptions, async (signal) => {
      const headers = requestHeaders(endpoint);
      delete headers['Content-Type'];
      const doFetch = options.fetch;
      const r = await doFetch(url, { method: 'GET', headers, signal });
      if (!r.ok) throw await httpError(r, url);
      const text = await r.text();
      let j: unknown;
      try {
        j = JSON.parse(text);
      } catch {
        throw new GenerateError('malformed', `${url} did not answer with JSON (got ${JSON.stringify(text.slice(0, 80))}); is this an OpenAI-compatible /v1 address?`);
      }
      const data = isObj(j) && Array.isArray(j.data) ? j.data : isObj(j) && Array.isArray(j.models) ? j.models : undefined;
      if (!data) throw new GenerateError('malformed', `${url} answered JSON without a "data" list of models`);
      const models = data.map((m) => (isObj(m) ? (typeof m.id === 'string' ? m.id : typeof m.name === 'string' ? m.name : '') : '')).filter(Boolean);
      return { ok: true as const, models, modelFound: models.includes(endpoint.model) };
    });
  } catch (e) {
    return { ok: false, error: asError(e, options.signal).info() };
  }
}
