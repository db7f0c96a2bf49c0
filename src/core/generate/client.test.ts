// The generator client against the OpenAI-compatible test server, in-process: every success and failure path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer } from '../../../e2e/llm-server/server';
import { mulberry32 } from '../similarity/random';
import { generate, requestBody, testConnection, type GenerateOptions, type SamplingParams } from './client';
import { corsInstructions, endpointUrl, type Endpoint, type ServerKind } from './endpoint';
import { parseRetryAfter } from './errors';
import type { FetchLike } from './fetch-types';
import { paperDataDir } from '../../node/paper-data';

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer({ dataDir: paperDataDir() });
});
afterAll(() => server.close());

const nodeFetch = globalThis.fetch as unknown as FetchLike;
const base = (server: ServerKind, headers?: Record<string, string>): Endpoint => ({ server, baseUrl: serverUrl(), model: 'overton-test-base', role: 'base', ...(headers ? { headers } : {}) });
const serverUrl = () => server.url;
const fail = (mode: string) => ({ 'x-fail': mode });
const PROMPT = '# Instructions:\n\nBe helpful.\n\n# Query:\n```\nWhat medicine should I take when I get a cold?\n```\n\n# Answer:\n```\n';
const params: SamplingParams = { n: 5, temperature: 0.5, maxTokens: 700, stop: ['```'], repetitionPenalty: 1.1, seed: 7 };

/** Options that record retry waits instead of sleeping, with a seeded jitter. */
function opts(extra: Partial<GenerateOptions> = {}): GenerateOptions & { waits: number[] } {
  const waits: number[] = [];
  return { fetch: nodeFetch, random: mulberry32(1), sleep: async (ms) => void waits.push(ms), waits, ...extra };
}

/** A fetch that behaves like a browser's for CORS: no Access-Control-Allow-Origin → TypeError, as Chromium throws. */
const browserFetch: FetchLike = async (url, init) => {
  const r = await nodeFetch(url, init);
  if (!r.headers.get('access-control-allow-origin')) throw new TypeError('Failed to fetch');
  return r;
};

const since = () => {
  const from = server.requests.length;
  return () => server.requests.slice(from);
};

describe('requests', () => {
  it('vLLM: one request with n, seed and repetition_penalty; stop cuts the base model off at the fence', async () => {
    const log = since();
    const r = await generate(base('vllm'), { prompt: PROMPT }, params, opts({ stream: false }));
    expect(log()).toHaveLength(1);
    expect(log()[0]!.body).toMatchObject({ model: 'overton-test-base', prompt: PROMPT, n: 5, seed: 7, repetition_penalty: 1.1, stop: ['```'], max_tokens: 700, temperature: 0.5 });
    expect(r).toMatchObject({ requests: 1, retries: 0, cancelled: false });
    expect(r.samples.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    for (const s of r.samples) {
      expect(s.text).toBeTruthy();
      expect(s.text).not.toContain('```');
      expect(s.finishReason).toBe('stop');
    }
    // Same seed, same samples; they replay the paper's in-context answers to this LIMA-OE prompt.
    const again = await generate(base('vllm'), { prompt: PROMPT }, params, opts({ stream: false }));
    expect(again.samples.map((s) => s.text)).toEqual(r.samples.map((s) => s.text));
    expect(new Set(r.samples.map((s) => s.text)).size).toBeGreaterThan(1);
  });

  it('streams: deltas add up to each final text, identical to the unstreamed answer', async () => {
    const deltas = new Map<number, string>();
    const streamed = await generate(base('vllm'), { prompt: PROMPT }, params, opts({ onDelta: (i, d, text) => {
      deltas.set(i, (deltas.get(i) ?? '') + d);
      expect(text).toBe(deltas.get(i));
    } }));
    const plain = await generate(base('vllm'), { prompt: PROMPT }, params, opts({ stream: false }));
    expect(streamed.samples.map((s) => s.text)).toEqual(plain.samples.map((s) => s.text));
    expect([...deltas.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    for (const s of streamed.samples) expect(deltas.get(s.index)).toBe(s.text);
  });

  it('llama.cpp (no n): N requests, at most `concurrency` at once, seed + i, repeat_penalty', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting: FetchLike = async (url, init) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        const r = await nodeFetch(url, init);
        const text = await r.text();
        return { ok: r.ok, status: r.status, statusText: r.statusText, headers: r.headers, body: null, text: async () => text };
      } finally {
        inFlight--;
      }
    };
    const log = since();
    const r = await generate({ ...base('llama-cpp'), headers: fail('drip5') }, { prompt: PROMPT }, params, opts({ fetch: counting, concurrency: 2, stream: false }));
    expect(r.requests).toBe(5);
    expect(peak).toBe(2);
    expect(log().map((q) => q.body!.seed)).toEqual([7, 8, 9, 10, 11]);
    expect(log().every((q) => q.body!.n === undefined && q.body!.repeat_penalty === 1.1 && q.body!.repetition_penalty === undefined)).toBe(true);
    expect(r.samples.map((s) => s.seed)).toEqual([7, 8, 9, 10, 11]);
  });

  it('per-sample seeds force one request per sample even where n is supported; Ollama gets no repetition penalty', async () => {
    const log = since();
    const r = await generate(base('vllm'), { prompt: PROMPT }, { ...params, seeds: [3, 1, 4, 1, 5] }, opts());
    expect(log().map((q) => q.body!.seed)).toEqual([3, 1, 4, 1, 5]);
    expect(r.samples[1]!.text).toBe(r.samples[3]!.text);
    expect(requestBody(base('ollama'), { prompt: 'x' }, params, 1, 1, false)).not.toHaveProperty('repetition_penalty');
    await expect(generate(base('vllm'), { prompt: 'x' }, { n: 2, seeds: [1] }, opts())).rejects.toThrow(/seeds has 1/);
    await expect(generate(base('vllm'), { messages: [] }, { n: 1 }, opts())).rejects.toThrow(/raw prompt/);
  });

  it('aligned endpoint: chat messages, streamed', async () => {
    const chat: Endpoint = { server: 'openai', baseUrl: `${server.url}/v1/`, model: 'overton-test-chat', role: 'aligned', apiKey: 'k' };
    const log = since();
    const r = await generate(chat, { messages: [{ role: 'user', content: 'What medicine should I take when I get a cold?' }] }, { n: 2, temperature: 0 }, opts());
    expect(log()[0]!.path).toBe('/v1/chat/completions');
    expect(r.samples.every((s) => s.text && s.text.length > 100 && s.finishReason === 'stop')).toBe(true);
    expect(r.samples[0]!.text).toBe(r.samples[1]!.text); // temperature 0
  });

  it('max_tokens ends a sample with finish reason "length"', async () => {
    const r = await generate(base('vllm'), { prompt: PROMPT }, { n: 1, maxTokens: 4 }, opts());
    expect(r.samples[0]).toMatchObject({ finishReason: 'length' });
    expect(r.samples[0]!.text!.trim().split(/\s+/)).toHaveLength(4);
  });
});

describe('failures', () => {
  it('retries 500s with exponential backoff and seeded jitter, then succeeds', async () => {
    const o = opts({ onRetry: (x) => retries.push(x.attempt) });
    const retries: number[] = [];
    const r = await generate(base('vllm', fail('500x2@a')), { prompt: PROMPT }, params, o);
    expect(r).toMatchObject({ requests: 3, retries: 2 });
    expect(retries).toEqual([1, 2]);
    const j = mulberry32(1);
    expect(o.waits).toEqual([Math.round(500 * (0.5 + j() / 2)), Math.round(1000 * (0.5 + j() / 2))]);
    expect(r.samples.every((s) => s.text && s.attempts === 3)).toBe(true);
  });

  it('honours Retry-After on 429', async () => {
    const o = opts();
    const r = await generate(base('vllm', fail('429r2x1@b')), { prompt: PROMPT }, params, o);
    expect(o.waits).toEqual([2000]);
    expect(r.samples.every((s) => s.text)).toBe(true);
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('gives up after the retries with the server message on every sample', async () => {
    const r = await generate(base('vllm', fail('500')), { prompt: PROMPT }, params, opts({ retry: { retries: 2 } }));
    expect(r.requests).toBe(3);
    for (const s of r.samples) {
      expect(s.text).toBeNull();
      expect(s.attempts).toBe(3);
      expect(s.error).toMatchObject({ kind: 'http', status: 500 });
      expect(s.error!.message).toContain('failing with 500 as asked');
    }
  });

  it('times out a slow server and retries it', async () => {
    const r = await generate(base('vllm', fail('slow400')), { prompt: PROMPT }, { n: 1 }, opts({ timeoutMs: 100, retry: { retries: 1 } }));
    expect(r.requests).toBe(2);
    expect(r.samples[0]!.error).toMatchObject({ kind: 'timeout' });
    const ok = await generate(base('vllm', fail('slow150')), { prompt: PROMPT }, { n: 1 }, opts({ timeoutMs: 2000 }));
    expect(ok.samples[0]!.text).toBeTruthy();
  });

  it('a stalled stream times out with its partial text kept', async () => {
    const r = await generate(base('vllm', fail('stall')), { prompt: PROMPT }, { n: 1, stop: ['```'] }, opts({ timeoutMs: 150, retry: { retries: 0 } }));
    expect(r.samples[0]).toMatchObject({ text: null, error: { kind: 'timeout' } });
    expect(r.samples[0]!.partial!.length).toBeGreaterThan(0);
  });

  it('a truncated stream is retried, and kept as partial text when it keeps failing', async () => {
    const healed = await generate(base('vllm', fail('truncatex1@c')), { prompt: PROMPT }, params, opts());
    expect(healed.retries).toBe(1);
    expect(healed.samples.every((s) => s.text)).toBe(true);
    const r = await generate(base('vllm', fail('truncate')), { prompt: PROMPT }, params, opts({ retry: { retries: 1 } }));
    for (const s of r.samples) {
      expect(s.error).toMatchObject({ kind: 'truncated' });
      expect(s.error!.message).toMatch(/ended before it finished/);
      expect(s.partial).toBeTruthy();
    }
    const body = await generate(base('vllm', fail('truncate')), { prompt: PROMPT }, params, opts({ stream: false, retry: { retries: 0 } }));
    expect(body.samples[0]!.error).toMatchObject({ kind: 'malformed' });
  });

  it('malformed SSE and a mid-stream error event are reported, not retried forever', async () => {
    const m = await generate(base('vllm', fail('malformed')), { prompt: PROMPT }, { n: 2 }, opts());
    expect(m.requests).toBe(1);
    expect(m.samples[0]!.error).toMatchObject({ kind: 'malformed' });
    expect(m.samples[0]!.error!.message).toMatch(/not JSON/);
    expect(m.samples[0]!.partial).toBeTruthy();
    const e = await generate(base('vllm', fail('error-event')), { prompt: PROMPT }, { n: 1 }, opts({ retry: { retries: 0 } }));
    expect(e.samples[0]!.error!.message).toMatch(/crashed mid-stream/);
  });

  it('a non-JSON answer says so', async () => {
    const r = await generate(base('vllm', fail('malformed')), { prompt: PROMPT }, { n: 1 }, opts({ stream: false }));
    expect(r.samples[0]!.error).toMatchObject({ kind: 'malformed' });
    expect(r.samples[0]!.error!.message).toMatch(/did not answer with JSON.*OpenAI-compatible/);
    const wrong = await testConnection({ ...base('vllm'), baseUrl: `${server.url}/nowhere` }, { fetch: nodeFetch });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'http', status: 404 } });
  });

  it('CORS refusal and a dropped connection are network errors naming CORS', async () => {
    const r = await generate(base('vllm', fail('cors')), { prompt: PROMPT }, { n: 1 }, opts({ fetch: browserFetch }));
    expect(r.requests).toBe(1);
    expect(r.samples[0]!.error).toMatchObject({ kind: 'network' });
    expect(r.samples[0]!.error!.message).toMatch(/CORS/);
    const c = await testConnection({ ...base('vllm'), baseUrl: `${server.url}/fail/cors` }, { fetch: browserFetch });
    expect(c).toMatchObject({ ok: false, error: { kind: 'network' } });
    const reset = await generate(base('vllm', fail('reset')), { prompt: PROMPT }, { n: 1 }, opts());
    expect(reset.samples[0]!.error).toMatchObject({ kind: 'network' });
    expect(corsInstructions('ollama', 'http://localhost:5173')).toBe('OLLAMA_ORIGINS="http://localhost:5173" ollama serve');
    expect(corsInstructions('vllm', 'http://x')).toContain(`--allowed-origins '["http://x"]'`);
  });

  it('cancel keeps finished samples and the partial text of the running one', async () => {
    const ctl = new AbortController();
    const r = await generate(base('llama-cpp', fail('drip2')), { prompt: PROMPT }, { n: 3, stop: ['```'] }, opts({
      concurrency: 1,
      signal: ctl.signal,
      onSample: (s) => {
        if (s.index === 0) setTimeout(() => ctl.abort(), 120);
      },
    }));
    expect(r.cancelled).toBe(true);
    expect(r.samples[0]!.text).toBeTruthy();
    expect(r.samples[1]).toMatchObject({ text: null, error: { kind: 'aborted' } });
    expect(r.samples[1]!.partial).toBeTruthy();
    expect(r.samples[2]).toMatchObject({ text: null, error: { kind: 'aborted' }, attempts: 0 });
  });

  it('cancel during a retry wait stops at once', async () => {
    const ctl = new AbortController();
    const r = await generate(base('vllm', fail('500')), { prompt: PROMPT }, { n: 1 }, { fetch: nodeFetch, signal: ctl.signal, onRetry: () => ctl.abort(), retry: { baseMs: 60_000, maxMs: 60_000 } });
    expect(r).toMatchObject({ requests: 1, cancelled: true });
    expect(r.samples[0]!.error!.kind).toBe('aborted');
  });
});

describe('fetch binding', () => {
  it('calls fetch unbound, as a browser needs (window.fetch with another `this` throws Illegal invocation)', async () => {
    const strict = function (this: unknown, url: string, init: Parameters<FetchLike>[1]) {
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return nodeFetch(url, init);
    } as FetchLike;
    const r = await generate(base('vllm'), { prompt: PROMPT }, { n: 1 }, { fetch: strict });
    expect(r.samples[0]!.text).toBeTruthy();
    expect(await testConnection(base('vllm'), { fetch: strict })).toMatchObject({ ok: true });
  });
});

describe('testConnection', () => {
  it('lists the models and says whether the chosen one is there', async () => {
    expect(await testConnection(base('vllm'), { fetch: nodeFetch })).toEqual({ ok: true, models: ['overton-test-base', 'overton-test-chat'], modelFound: true });
    expect(await testConnection({ ...base('vllm'), model: 'other' }, { fetch: nodeFetch })).toMatchObject({ ok: true, modelFound: false });
    expect(endpointUrl('http://h:1/v1/', 'models')).toBe('http://h:1/v1/models');
    const down = await testConnection({ ...base('vllm'), baseUrl: 'http://127.0.0.1:9' }, { fetch: nodeFetch });
    expect(down).toMatchObject({ ok: false, error: { kind: 'network' } });
  });
});
