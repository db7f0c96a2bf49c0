// Domain builders for tests: make prompts, samples and datasets with sensible defaults, never hand-typed brands.

import { datasetId, promptId, systemId } from './ids';
import { describeSystem } from './system';
import type { Dataset, Prompt, Sample, SystemInfo } from './types';

/** Input of {@link makeSample}: `system` is a handle, `prompt` a prompt index; `text: null` makes a failed sample. */
export interface SampleInput {
  system?: string;
  prompt?: number;
  text?: string | null;
  split?: string;
  index?: number;
  error?: string;
  finishReason?: string;
  raw?: string;
  lineFailed?: boolean;
  meta?: Record<string, unknown>;
}

/** A sample; defaults: system `llama-2-chat`, prompt 0, split `outputs`, index 0, text `'text'`. A null text gets error `'error'` unless given. */
export function makeSample(input: SampleInput = {}): Sample {
  const text = input.text === undefined ? 'text' : input.text;
  const s: Sample = {
    prompt: input.prompt ?? 0,
    system: systemId(input.system ?? 'llama-2-chat'),
    split: input.split ?? 'outputs',
    index: input.index ?? 0,
    text,
  };
  const error = input.error ?? (text === null ? 'error' : undefined);
  if (error !== undefined) s.error = error;
  if (input.finishReason !== undefined) s.finishReason = input.finishReason;
  if (input.raw !== undefined) s.raw = input.raw;
  if (input.lineFailed) s.lineFailed = true;
  if (input.meta) s.meta = input.meta;
  return s;
}

/** A prompt; defaults: index 0, id `p<index>`, text `Prompt <index>`. */
export function makePrompt(input: { index?: number; id?: string; text?: string; meta?: Record<string, unknown> } = {}): Prompt {
  const index = input.index ?? 0;
  const p: Prompt = { id: promptId(input.id ?? index), index, text: input.text ?? `Prompt ${index}` };
  if (input.meta) p.meta = input.meta;
  return p;
}

/** Input of {@link makeDataset}. */
export interface DatasetInput {
  id?: string;
  /** Prompts, or prompt texts, or a number of prompts to make. */
  prompts?: (Prompt | string)[] | number;
  samples?: (Sample | SampleInput)[];
  /**
   * Shorthand: `{ handle: [[texts of prompt 0], [texts of prompt 1], ...] }` adds samples in split `outputs`
   * (a null text = a failed sample).
   */
  texts?: Record<string, (string | null)[][]>;
  /** Systems; by default every handle seen in the samples, via `describeSystem`. */
  systems?: SystemInfo[];
  judges?: Dataset['judges'];
  bertscore?: Dataset['bertscore'];
  summaries?: Dataset['summaries'];
}

/** A dataset; prompts default to as many as the samples need. */
export function makeDataset(input: DatasetInput = {}): Dataset {
  const samples: Sample[] = (input.samples ?? []).map((s) => ('system' in s && typeof s.system === 'string' && 'split' in s && s.split !== undefined && 'index' in s && s.index !== undefined && 'text' in s && s.text !== undefined && 'prompt' in s && s.prompt !== undefined ? (s as Sample) : makeSample(s as SampleInput)));
  for (const [handle, perPrompt] of Object.entries(input.texts ?? {})) {
    perPrompt.forEach((texts, prompt) => texts.forEach((text, index) => samples.push(makeSample({ system: handle, prompt, index, text }))));
  }
  let prompts: Prompt[];
  if (Array.isArray(input.prompts)) prompts = input.prompts.map((p, index) => (typeof p === 'string' ? makePrompt({ index, text: p }) : p));
  else {
    const n = input.prompts ?? samples.reduce((m, s) => Math.max(m, s.prompt + 1), 0);
    prompts = Array.from({ length: n }, (_, index) => makePrompt({ index }));
  }
  const systems = input.systems ?? [...new Set(samples.map((s) => s.system as string))].map((h) => describeSystem(h));
  return {
    id: datasetId(input.id ?? 'test'),
    prompts,
    systems,
    samples,
    judges: input.judges ?? [],
    bertscore: input.bertscore ?? [],
    summaries: input.summaries ?? [],
  };
}
