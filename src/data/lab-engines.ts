// Sample engines for the hint lab behind one interface: the in-browser generator worker, or an OpenAI-compatible server.

import type { LabEngineConfig } from '../core/lab/run-config';
import { cancelLocal, generateLocal } from './generator-client';

/** One sample to generate. Token counts are model tokens. */
export interface SampleJob {
  prompt: string;
  maxTokens: number;
  temperature: number;
  topP: number;
  repetitionPenalty: number;
  stop: string[];
  seed: number;
}

/** A finished sample: `text` null when it failed (then `error` says why). Partial text survives a cancel. */
export interface SampleOutcome {
  text: string | null;
  finishReason: string;
  error?: string;
}

/** Generates samples one request at a time; the runner decides how many run at once. */
export interface LabEngine {
  config: LabEngineConfig;
  /** Requests the runner may have in flight at once (1 for the single-session browser model). */
  concurrency: number;
  /** Resolves (never rejects) with the sample; `signal` stops it and keeps what streamed so far. */
  generate(job: SampleJob, signal: AbortSignal, onDelta: (delta: string) => void): Promise<SampleOutcome>;
}

let jobSeq = 0;

/** The Transformers.js generator in its worker. */
export function browserEngine(config: Extract<LabEngineConfig, { kind: 'browser' }>): LabEngine {
  return {
    config,
    concurrency: 1,
    async generate(job, signal, onDelta) {
      const id = `lab-${++jobSeq}`;
      const stop = () => cancelLocal(id);
      if (signal.aborted) return { text: '', finishReason: 'cancelled' };
      signal.addEventListener('abort', stop, { once: true });
      try {
        const r = await generateLocal(config.model, { ...job }, id, onDelta);
        return { text: r.text, finishReason: r.finishReason };
      } catch (e) {
        if (e instanceof Error && e.name === 'LmCancelled') return { text: '', finishReason: 'cancelled' };
        return { text: null, finishReason: 'error', error: e instanceof Error ? e.message : String(e) };
      } finally {
        signal.removeEventListener('abort', stop);
      }
    },
  };
}
