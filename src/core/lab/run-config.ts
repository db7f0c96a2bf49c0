// A hint-lab run as data: lab-core's RunConfig (endpoint, template, teacher, hint, params) plus the engine and the
// exact text sent per prompt, saved with the system it made so it can be compared, exported and rerun.

import type { LocalModelDescriptor } from '../local-lm/local-lm';
import type { SamplingParams } from '../generate/client';
import type { Endpoint } from '../generate/endpoint';
import type { EndpointRecord, RunConfig } from '../generate/run-config';

/** Where samples come from: Transformers.js in this browser, or an OpenAI-compatible server (API key never saved). */
export type LabEngineConfig = { kind: 'browser'; model: LocalModelDescriptor } | { kind: 'server'; endpoint: EndpointRecord };

/** A saved lab run: {@link RunConfig} (its `endpoint` describes the browser model too) plus what only the lab knows. */
export interface LabRunConfig extends RunConfig {
  engine: LabEngineConfig;
  /** Builder preset the template started from (`knn-prompt`, `summary`, ...). */
  preset: string;
  /** The base system the run is compared with. */
  baseSystem: string | null;
  /** The exact text sent for each prompt index (what the paper's `samples.jsonl` records as `prompt`). */
  rendered: Record<number, string>;
}

/** The endpoint record a browser model is filed under in {@link RunConfig} (`server: other`, base URL `browser:`). */
export function browserEndpointRecord(model: LocalModelDescriptor): EndpointRecord {
  return { server: 'other', baseUrl: `browser:${model.source}`, model: model.id, role: 'base' };
}

/** Parameters of the samples `indices` of one prompt: `seed + i` for sample i, so reruns and resumes repeat. */
export function paramsFor(p: SamplingParams, indices: readonly number[]): SamplingParams {
  const base = { ...p, n: indices.length };
  delete base.seeds;
  if (p.seed === undefined) return base;
  const contiguous = indices.every((v, i) => v === i);
  if (contiguous) return base;
  delete base.seed;
  return { ...base, seeds: indices.map((i) => (p.seed! + i) >>> 0) };
}

/** One line naming the engine, e.g. `in this browser: overton/tiny-lm` or `http://x:8000 · llama-2-7b (/v1/completions)`. */
export function engineLabel(e: LabEngineConfig): string {
  return e.kind === 'browser' ? `in this browser: ${e.model.id}` : `${e.endpoint.baseUrl} · ${e.endpoint.model} (${e.endpoint.role === 'aligned' ? '/v1/chat/completions' : '/v1/completions'})`;
}

/** An endpoint for requests: the record plus the in-memory key. */
export function liveEndpoint(r: EndpointRecord, apiKey: string | undefined): Endpoint {
  return { ...r, ...(apiKey ? { apiKey } : {}) };
}
