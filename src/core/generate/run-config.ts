// A generated system's name (in the paper's handle grammar) and the run-configuration record the UI saves and the CLI writes to args.json.

import { describeSystem } from '../model/system';
import { PRESETS, presetTemplate, type PromptTemplate } from '../urial/presets';
import type { SamplingParams } from './client';
import type { Endpoint, ServerKind } from './endpoint';

/** Where a run's `# Summary:` hints come from. */
export type HintSource =
  /** The dataset's imported summaries of the teacher's first answer (`summaries-outputs/outputs/<teacher>`). */
  | { source: 'teacher-summary' }
  /** Asked of an aligned endpoint with the summarise-this-answer prompt, per prompt. */
  | { source: 'generated'; endpoint: EndpointRecord }
  /** Written or edited by the user, by prompt index. */
  | { source: 'text'; byPrompt: Record<string, string> };

/** An endpoint as recorded: everything but the API key and extra headers. */
export interface EndpointRecord {
  server: ServerKind;
  baseUrl: string;
  model: string;
  role: 'base' | 'aligned';
}

/**
 * Everything needed to rerun a generation (issue 8 §3): saved by the UI with the new system and written by the
 * CLI into `args.json` under `overton`. JSON-safe; never holds an API key.
 */
export interface RunConfig {
  version: 1;
  /** The generated system's handle ({@link generatedSystemName}). */
  system: string;
  /** The model family used in the handle (e.g. `llama-2`). */
  base: string;
  endpoint: EndpointRecord;
  template: PromptTemplate;
  /** The aligned system whose first samples are the examples' answers and the hints' source (`llama-2-chat`). */
  teacher?: string;
  hint?: HintSource;
  params: SamplingParams;
  /** Context window the prompt was checked against (tokens). */
  contextTokens?: number;
  /** Prompt indices run; absent = all. */
  prompts?: number[];
  /** ISO 8601 time the run started. */
  createdAt: string;
}

/** The recordable part of an endpoint (drops `apiKey` and `headers`). */
export function endpointRecord(e: Endpoint): EndpointRecord {
  return { server: e.server, baseUrl: e.baseUrl, model: e.model, role: e.role };
}

/**
 * A model family from a model id, for handles: the last path part, lower-cased, with `-hf` / `-base` and
 * size-free chat suffixes kept out (`meta-llama/Llama-2-7b-hf` → `llama-2-7b`; `qwen2.5:0.5b` → `qwen2.5-0.5b`).
 */
export function familyFromModel(model: string): string {
  const last = model.split('/').pop() ?? model;
  return (
    last
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/-(hf|base)$/, '')
      .replace(/^-+|-+$/g, '') || 'model'
  );
}

/** The teacher word of a handle: `<base>-chat` → `chat`, `gpt-3.5-turbo` → `gpt-3.5`, anything else as is. */
export function teacherWord(base: string, teacher: string): string {
  if (teacher === `${base}-chat`) return 'chat';
  if (teacher === 'gpt-3.5-turbo') return 'gpt-3.5';
  return teacher;
}

/**
 * The handle of a generated system in the grammar `<base>-icl[-<teacher>][-<selection>][-<similarity>][-<hint>]`,
 * so `describeSystem` reads generated and imported systems alike: zero-shot without a preamble → `<base>-base`;
 * fixed examples → `<base>-icl[-<teacher>]`; random → `-rand`; kNN → `-knn-` (`-<k>nn-` when k ≠ 3) +
 * `prompt_similar` / `response_similar`; a hint → `-summary`, the model's own summary first → `-summary-cot`.
 * The teacher word appears when examples or hints come from a teacher (not for Overton's own fixed examples).
 */
export function generatedSystemName(base: string, template: PromptTemplate, teacher?: string): string {
  const sel = template.selection;
  const hint = template.open === 'summary' ? 'summary-cot' : template.hint ? 'summary' : null;
  if (sel.kind === 'none' && template.preamble === null && !hint) return `${base}-base`;
  const parts = [`${base}-icl`];
  const usesTeacher = teacher !== undefined && (sel.kind === 'random' || sel.kind === 'knn-prompt' || sel.kind === 'knn-response' || template.hint);
  if (usesTeacher) parts.push(teacherWord(base, teacher));
  if (sel.kind === 'random') parts.push('rand');
  if (sel.kind === 'knn-prompt' || sel.kind === 'knn-response') {
    parts.push(sel.k === 3 ? 'knn' : `${sel.k}nn`, sel.kind === 'knn-prompt' ? 'prompt_similar' : 'response_similar');
  }
  if (hint) parts.push(hint);
  return parts.join('-');
}

/**
 * `handle`, or `handle-run<N>` with the smallest N ≥ 2 not in `existing`, so a rerun never overwrites a system.
 * `describeSystem` reads the `-run<N>` suffix as part of the same system family (kind, teacher, selection, hint).
 */
export function uniqueSystemName(handle: string, existing: Iterable<string>): string {
  const taken = new Set(existing);
  if (!taken.has(handle)) return handle;
  for (let i = 2; ; i++) if (!taken.has(`${handle}-run${i}`)) return `${handle}-run${i}`;
}

/** The run record for a new generation (time now unless given). */
export function makeRunConfig(args: Omit<RunConfig, 'version' | 'createdAt' | 'endpoint'> & { endpoint: Endpoint; createdAt?: string }): RunConfig {
  const { endpoint, createdAt, ...rest } = args;
  return { version: 1, ...rest, endpoint: endpointRecord(endpoint), createdAt: createdAt ?? new Date().toISOString() };
}

/**
 * A paper-style `args.json` for a generated run: TGI-like `run` / `server` / `params` (so `runFromArgs` reads model
 * id and decoding), `side_info_args` naming the teacher's samples, and the full {@link RunConfig} under `overton`.
 */
export function argsJson(config: RunConfig, dataset: string): Record<string, unknown> {
  const p = config.params;
  const info = describeSystem(config.system);
  return {
    run: { instance_file: `./data/${dataset}/instances/data.jsonl`, output_dir: `./data/${dataset}/outputs/${config.system}`, chat_template_file: 'overton/urial', name: config.system },
    server: { model_id: config.endpoint.model, kind: config.endpoint.server },
    params: {
      do_sample: (p.temperature ?? 1) > 0,
      temperature: p.temperature ?? null,
      top_p: p.topP ?? null,
      max_new_tokens: p.maxTokens ?? null,
      repetition_penalty: p.repetitionPenalty ?? null,
      stop: p.stop ?? [],
      seed: p.seed ?? null,
      num_samples: p.n,
    },
    ...(config.teacher
      ? { side_info_args: { output_file: `./data/${dataset}/outputs/${config.teacher}/samples.jsonl`, ...(info.k !== undefined ? { k: info.k } : {}) } }
      : {}),
    overton: config,
  };
}

/** What a `run.json` for `generate` holds (the CLI's input; `RunConfig` is what gets recorded). */
export interface RunFile {
  endpoint: Endpoint;
  /** A preset id of {@link PRESETS}; `template` overrides it. */
  preset?: string;
  template?: PromptTemplate;
  teacher?: string;
  hint?: HintSource;
  /** For `hint.source: 'generated'`: the aligned endpoint (the key comes from the environment like the base's). */
  hintEndpoint?: Endpoint;
  params: SamplingParams;
  contextTokens?: number;
  /** Model family for the handle; default {@link familyFromModel} of the endpoint's model. */
  base?: string;
  /** An explicit handle instead of {@link generatedSystemName}. */
  system?: string;
}

const SERVERS: readonly ServerKind[] = ['vllm', 'llama-cpp', 'ollama', 'tgi', 'openai', 'other'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a parsed `run.json` (`file` names it in messages). Every problem is listed, so one edit fixes them all.
 * `endpoint.role` is forced to `base` and `hintEndpoint.role` to `aligned`; `params.n` defaults to 5.
 */
export function parseRunFile(value: unknown, file: string): { ok: true; run: RunFile; template: PromptTemplate } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const bad = (m: string) => errors.push(`${file}: ${m}`);
  if (!isRecord(value)) return { ok: false, errors: [`${file}: must be a JSON object`] };
  const endpoint = (v: unknown, key: string, role: 'base' | 'aligned'): Endpoint | undefined => {
    if (!isRecord(v)) return void bad(`"${key}" must be an object with server, baseUrl and model`);
    const server = (v.server ?? 'other') as ServerKind;
    if (!SERVERS.includes(server)) bad(`"${key}.server" must be one of ${SERVERS.join(', ')}`);
    if (typeof v.baseUrl !== 'string' || !/^https?:\/\//.test(v.baseUrl)) bad(`"${key}.baseUrl" must be an http(s) URL`);
    if (typeof v.model !== 'string' || !v.model) bad(`"${key}.model" must be a model name`);
    if (v.apiKey !== undefined) bad(`"${key}.apiKey" must not be in the file: set OVERTON_API_KEY in the environment`);
    const headers = isRecord(v.headers) ? (Object.fromEntries(Object.entries(v.headers).filter(([, h]) => typeof h === 'string')) as Record<string, string>) : undefined;
    return { server, baseUrl: String(v.baseUrl), model: String(v.model), role, ...(headers ? { headers } : {}) };
  };
  const ep = endpoint(value.endpoint, 'endpoint', 'base');
  const p = isRecord(value.params) ? value.params : {};
  const num = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : p[k] === undefined ? undefined : void bad(`"params.${k}" must be a number`));
  const params: SamplingParams = { n: num('n') ?? 5 };
  for (const k of ['temperature', 'topP', 'maxTokens', 'repetitionPenalty', 'seed'] as const) {
    const v = num(k);
    if (v !== undefined) params[k] = v;
  }
  if (!Number.isInteger(params.n) || params.n < 1 || params.n > 100) bad('"params.n" must be an integer from 1 to 100');
  if (p.stop !== undefined) {
    if (Array.isArray(p.stop) && p.stop.every((s) => typeof s === 'string')) params.stop = p.stop as string[];
    else bad('"params.stop" must be a list of strings');
  }
  if (p.seeds !== undefined) {
    if (Array.isArray(p.seeds) && p.seeds.every((s) => Number.isInteger(s)) && p.seeds.length === params.n) params.seeds = p.seeds as number[];
    else bad(`"params.seeds" must be ${params.n} integers (one per sample)`);
  }
  let template: PromptTemplate | undefined;
  if (isRecord(value.template)) {
    const t = value.template;
    const sel = isRecord(t.selection) ? t.selection : { kind: 'none' };
    template = { preamble: typeof t.preamble === 'string' ? t.preamble : null, selection: sel as PromptTemplate['selection'], hint: t.hint === true, ...(t.open === 'summary' ? { open: 'summary' as const } : {}) };
  } else if (typeof value.preset === 'string') {
    const preset = PRESETS.find((x) => x.id === value.preset);
    if (!preset) bad(`"preset" must be one of ${PRESETS.map((x) => x.id).join(', ')}`);
    else template = presetTemplate(preset);
  } else bad('give a "preset" or a "template"');
  const teacher = typeof value.teacher === 'string' ? value.teacher : undefined;
  if (template && template.selection.kind !== 'none' && template.selection.kind !== 'fixed' && !teacher) bad(`"teacher" is needed for ${template.selection.kind} examples`);
  let hint: HintSource | undefined;
  let hintEndpoint: Endpoint | undefined;
  if (value.hint !== undefined) {
    const h = value.hint;
    if (isRecord(h) && h.source === 'teacher-summary') hint = { source: 'teacher-summary' };
    else if (isRecord(h) && h.source === 'text' && isRecord(h.byPrompt)) hint = { source: 'text', byPrompt: h.byPrompt as Record<string, string> };
    else if (isRecord(h) && h.source === 'generated') {
      hintEndpoint = endpoint(value.hintEndpoint, 'hintEndpoint', 'aligned');
      if (hintEndpoint) hint = { source: 'generated', endpoint: endpointRecord(hintEndpoint) };
    } else bad('"hint.source" must be "teacher-summary", "generated" (with "hintEndpoint") or "text" (with "byPrompt")');
  }
  if (template?.hint && !teacher && hint?.source !== 'text') bad('a summary hint from the teacher needs "teacher"');
  if (errors.length || !ep || !template) return { ok: false, errors };
  const run: RunFile = {
    endpoint: ep,
    template,
    params,
    ...(typeof value.preset === 'string' ? { preset: value.preset } : {}),
    ...(teacher ? { teacher } : {}),
    ...(hint ? { hint } : {}),
    ...(hintEndpoint ? { hintEndpoint } : {}),
    ...(typeof value.contextTokens === 'number' ? { contextTokens: value.contextTokens } : {}),
    ...(typeof value.base === 'string' ? { base: value.base } : {}),
    ...(typeof value.system === 'string' ? { system: value.system } : {}),
  };
  return { ok: true, run, template };
}
