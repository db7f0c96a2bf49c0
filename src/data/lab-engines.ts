// Sample engines for the hint lab behind one interface: the in-browser generator worker, or an OpenAI-compatible server (lab-core's client).

import { generate, type SamplingParams } from '../core/generate/client';
import type { Endpoint } from '../core/generate/endpoint';
import type { LocalModelDescriptor } from '../core/local-lm/local-lm';
import { cancelLocal, generateLocal } from './generator-client';

/** A finished sample: `text` null when it failed (then `error` says why); `partial` is what streamed before a failure or cancel. */
export interface SampleOutcome {
  index: number;
  text: string | null;
  finishReason: string;
  error?: string;
  seed?: number;
}

/** Samples of one prompt to generate: `params.n === indices.length`, sample `indices[j]` gets seed `params.seeds?.[j]` or `params.seed + j`. */
export interface PromptJob {
  prompt: string;
  indices: number[];
  params: SamplingParams;
}

/** Generates one prompt's samples; the runner decides how many prompts run at once. */
export interface LabEngine {
  /** Prompts the runner may have in flight at once. */
  concurrency: number;
  /** Resolves (never rejects) once every index has had its `onSample`; `signal` stops and keeps partial text. */
  generate(job: PromptJob, signal: AbortSignal, onDelta: (index: number, delta: string) => void, onSample: (s: SampleOutcome) => void): Promise<void>;
}

let jobSeq = 0;

/** The Transformers.js generator in its worker: samples one after another (one session, one seeded RNG). */
export function browserEngine(model: LocalModelDescriptor): LabEngine {
  return {
    concurrency: 1,
    async generate(job, signal, onDelta, onSample) {
      const p = job.params;
      for (let j = 0; j < job.indices.length; j++) {
        const index = job.indices[j]!;
        const seed = p.seeds?.[j] ?? (p.seed !== undefined ? p.seed + j : undefined);
        if (signal.aborted) {
          onSample({ index, text: '', finishReason: 'cancelled' });
          continue;
        }
        const id = `lab-${++jobSeq}`;
        const stop = () => cancelLocal(id);
        signal.addEventListener('abort', stop, { once: true });
        try {
          const r = await generateLocal(
            model,
            { prompt: job.prompt, maxTokens: p.maxTokens ?? 256, temperature: p.temperature ?? 1, topP: p.topP ?? 1, repetitionPenalty: p.repetitionPenalty ?? 1, stop: p.stop ?? [], ...(seed !== undefined ? { seed } : {}) },
            id,
            (d) => onDelta(index, d),
          );
          onSample({ index, text: r.text, finishReason: r.finishReason, ...(seed !== undefined ? { seed } : {}) });
        } catch (e) {
          if (e instanceof Error && e.name === 'LmCancelled') onSample({ index, text: '', finishReason: 'cancelled' });
          else onSample({ index, text: null, finishReason: 'error', error: e instanceof Error ? e.message : String(e) });
        } finally {
          signal.removeEventListener('abort', stop);
        }
      }
    },
  };
}

/** An OpenAI-compatible server through lab-core's client (streaming, `n` where supported, retries with backoff). */
export function serverEngine(endpoint: Endpoint, concurrency = 2): LabEngine {
  return {
    concurrency,
    async generate(job, signal, onDelta, onSample) {
      const input = endpoint.role === 'aligned' ? { messages: [{ role: 'user' as const, content: job.prompt }] } : { prompt: job.prompt };
      await generate(endpoint, input, job.params, {
        fetch: (url, init) => fetch(url, init as RequestInit),
        signal,
        concurrency,
        onDelta: (j, delta) => onDelta(job.indices[j]!, delta),
        onSample: (s) => {
          const index = job.indices[s.index]!;
          const seed = s.seed !== undefined ? { seed: s.seed } : {};
          if (s.text !== null) onSample({ index, text: s.text, finishReason: s.finishReason ?? 'stop', ...seed });
          else if (s.error?.kind === 'aborted') onSample({ index, text: s.partial ?? '', finishReason: 'cancelled', ...seed });
          else onSample({ index, text: null, finishReason: 'error', error: s.error ? `${s.error.kind}${s.error.status ? ` ${s.error.status}` : ''}: ${s.error.message}` : 'failed', ...seed });
        },
      });
    },
  };
}
