// A hint-lab run as data: engine, template, per-prompt rendered prompts and hints, sampling parameters; saved with the system it made.

import type { LocalModelDescriptor } from '../local-lm/local-lm';
import type { PromptTemplate } from '../urial/presets';

/** Where samples come from: Transformers.js in the browser, or an OpenAI-compatible server. */
export type LabEngineConfig =
  | { kind: 'browser'; model: LocalModelDescriptor }
  | {
      kind: 'server';
      /** Server root, e.g. `http://localhost:8000` (the client appends `/v1/...`). */
      baseUrl: string;
      model: string;
      /** `completions` sends the raw prompt (a base model); `chat` wraps it as one user message. */
      api: 'completions' | 'chat';
      /** Preset id (vllm, llama-server, ollama, tgi, openai) for display. */
      preset?: string;
    };

/** Sampling parameters of every sample in the run. Token counts are model tokens. */
export interface LabSampling {
  /** Samples per prompt. */
  n: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  stop: string[];
  /** 1 = off. */
  repetitionPenalty: number;
  /** Seed of sample i is `seed + i` (per prompt), so a rerun repeats where the engine honours seeds. */
  seed: number;
}

/** Everything needed to compare, export and rerun a generated system. */
export interface LabRunConfig {
  version: 1;
  engine: LabEngineConfig;
  /** The template prompts were composed from (null when the user typed the prompt by hand). */
  template: PromptTemplate | null;
  /** Preset id the template started from, for display. */
  preset: string;
  /** The aligned system whose answers and summaries fed the examples and hints. */
  teacher: string | null;
  /** The base system the run is compared with. */
  base: string | null;
  /** The exact text sent for each prompt index (what the paper's `samples.jsonl` records as `prompt`). */
  prompts: Record<number, string>;
  /** The summary hint used for each prompt, when the template has one. */
  hints: Record<number, string>;
  sampling: LabSampling;
  /** The context size the overflow warning was checked against (tokens). */
  contextTokens: number;
  /** ms since epoch. */
  createdAt: number;
}

/** The seed of sample `index` of a run (see {@link LabSampling.seed}). */
export function sampleSeed(s: LabSampling, index: number): number {
  return (s.seed + index) >>> 0;
}

/** A one-line description of the engine, e.g. `browser: overton/tiny-lm` or `server: http://x:8000 (llama-2-7b)`. */
export function engineLabel(e: LabEngineConfig): string {
  return e.kind === 'browser' ? `in this browser: ${e.model.id}` : `${e.baseUrl} · ${e.model} (${e.api === 'chat' ? '/v1/chat/completions' : '/v1/completions'})`;
}
