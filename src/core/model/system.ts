// What a system handle means (base / aligned / in-context aligned, teacher, example selection, hint), from its name and args.json.

import { systemId, type SystemId } from './ids';
import type { Decoding, SystemInfo, SystemKind } from './types';

const ALIGNED_SUFFIXES = ['chat', 'instruct', 'it', 'sft', 'dpo', 'rlhf', 'tulu', 'turbo'];
const HINTS = ['summary-cot', 'summary'];

/**
 * Describes a system from its handle, following the paper's grammar
 * `<base>-icl[-<teacher>][-<selection>][-<similarity>][-<hint>]`, e.g.
 * - `llama-2-base` → base, family `llama-2`; `llama-2-chat`, `mistral-instruct`, `gpt-3.5-turbo` → aligned;
 * - `llama-2-icl` → icl, URIAL's fixed examples, no teacher;
 * - `llama-2-icl-chat` → icl, teacher `chat` (`llama-2-chat`); `llama-2-icl-gpt-3.5-knn-prompt_similar` → teacher
 *   `gpt-3.5` (`gpt-3.5-turbo`), kNN with k = 3 over similar prompts; `-5nn-` → k = 5; `-rand` → random examples;
 * - `-summary` / `-summary-cot` → semantic hint;
 * - `<aligned>-summary-<teacher>` (e.g. `gpt-3.5-turbo-summary-llama-2-chat`) → kind `other`: an aligned model
 *   writing from a summary of the teacher's answer;
 * - a trailing `-run<N>` (a rerun of a generated system) → as the handle without it.
 *
 * `args` is the run's `args.json` when known: it fills `modelId` and `decoding`, and decides the kind when the
 * handle is silent (a URIAL chat template → icl; a `-chat`/`-hf` model id → aligned/base). Never throws: an
 * unknown handle is kind `other` with the handle as family.
 */
export function describeSystem(handle: string, args?: unknown): SystemInfo {
  const info = fromHandle(handle);
  if (args !== undefined) applyArgs(info, args);
  return info;
}

function fromHandle(handle: string): SystemInfo {
  const id = systemId(handle);
  // `-run<N>`: a rerun of a generated system (Overton's lab names them so); same meaning as the handle without it.
  const rerun = /^(.+)-run\d+$/.exec(handle);
  if (rerun) return { ...fromHandle(rerun[1]!), id };
  const icl = /^(.+?)-icl(?:-(.+))?$/.exec(handle);
  if (icl) return { id, kind: 'icl', family: icl[1]!, ...parseIclRest(icl[1]!, icl[2]) };

  // `<aligned>-summary-<teacher>`: an aligned model rewriting a summary of another system's answer.
  const sum = /^(.+?)-summary-(.+)$/.exec(handle);
  if (sum) {
    const writer = fromHandle(sum[1]!);
    return { id, kind: 'other', family: writer.family, teacher: sum[2]!, teacherSystem: systemId(sum[2]!), hint: 'summary' };
  }

  const { family, kind } = familyOf(handle);
  return { id, kind, family };
}

/** Splits a plain model handle into family and kind by its last part (`-base`, `-chat`, ...). */
function familyOf(handle: string): { family: string; kind: SystemKind } {
  const api = /^(gpt-\d+(?:\.\d+)?)(?:-.*)?$/.exec(handle);
  if (api) return { family: api[1]!, kind: 'aligned' };
  if (/^claude/.test(handle)) return { family: 'claude', kind: 'aligned' };
  const dash = handle.lastIndexOf('-');
  if (dash > 0) {
    const last = handle.slice(dash + 1).toLowerCase();
    const head = handle.slice(0, dash);
    if (last === 'base') return { family: head, kind: 'base' };
    if (ALIGNED_SUFFIXES.includes(last)) return { family: head, kind: 'aligned' };
  }
  return { family: handle, kind: 'other' };
}

function parseIclRest(base: string, rest: string | undefined): Partial<SystemInfo> {
  const out: Partial<SystemInfo> = { selection: 'fixed' };
  if (!rest) return out;
  let r = rest;
  for (const h of HINTS) {
    if (r === h || r.endsWith(`-${h}`)) {
      out.hint = h;
      r = r === h ? '' : r.slice(0, -(h.length + 1));
      break;
    }
  }
  const parts = r ? r.split('-') : [];
  const teacherParts: string[] = [];
  let i = 0;
  for (; i < parts.length; i++) {
    const p = parts[i]!;
    const nn = /^(\d+|k)nn$/.exec(p);
    if (nn) {
      out.selection = 'knn';
      out.k = nn[1] === 'k' ? 3 : Number(nn[1]);
      continue;
    }
    if (p === 'rand' || p === 'random') {
      out.selection = 'random';
      continue;
    }
    if (/_similar$/.test(p)) {
      out.similarity = p;
      continue;
    }
    if (out.selection !== 'fixed' || out.similarity) {
      // Words after the selection part are not in the grammar; keep them visible as part of the similarity.
      out.similarity = out.similarity ? `${out.similarity}-${p}` : p;
      continue;
    }
    teacherParts.push(p);
  }
  if (teacherParts.length) {
    const teacher = teacherParts.join('-');
    out.teacher = teacher;
    out.teacherSystem = teacherSystemOf(base, teacher);
  }
  return out;
}

/** The aligned system an ICL teacher name refers to: `chat` → `<base>-chat`, `gpt-3.5` → `gpt-3.5-turbo`. */
function teacherSystemOf(base: string, teacher: string): SystemId {
  if (teacher === 'gpt-3.5') return systemId('gpt-3.5-turbo');
  if (!teacher.includes('-') && ALIGNED_SUFFIXES.includes(teacher)) return systemId(`${base}-${teacher}`);
  return systemId(teacher);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads what args.json says about a run (TGI `server`/`params`, or OpenAI `openai_params`). */
export function runFromArgs(args: unknown): { modelId?: string; decoding?: Decoding; template?: string; sideInfo?: Record<string, unknown> } {
  if (!isObj(args)) return {};
  const out: ReturnType<typeof runFromArgs> = {};
  const server = isObj(args.server) ? args.server : undefined;
  const oa = isObj(args.openai_params) ? args.openai_params : undefined;
  const run = isObj(args.run) ? args.run : undefined;
  const modelId = typeof server?.model_id === 'string' ? server.model_id : typeof oa?.model === 'string' ? oa.model : undefined;
  if (modelId) out.modelId = modelId;
  const d: Decoding = {};
  const p = isObj(args.params) ? args.params : undefined;
  if (p) {
    const t = num(p.temperature);
    // TGI records greedy runs as do_sample=false with temperature null.
    if (t !== undefined) d.temperature = t;
    else if (p.do_sample === false) d.temperature = 0;
    setNum(d, 'topP', p.top_p);
    setNum(d, 'topK', p.top_k);
    setNum(d, 'maxNewTokens', p.max_new_tokens);
    setNum(d, 'repetitionPenalty', p.repetition_penalty);
    setNum(d, 'numSamples', p.num_samples);
    if (Array.isArray(p.stop)) d.stop = p.stop.filter((s): s is string => typeof s === 'string');
  } else if (oa) {
    setNum(d, 'temperature', oa.temperature);
    setNum(d, 'topP', oa.top_p);
    setNum(d, 'maxNewTokens', oa.max_tokens);
    setNum(d, 'numSamples', oa.n);
    if (Array.isArray(oa.stop)) d.stop = oa.stop.filter((s): s is string => typeof s === 'string');
  }
  if (Object.keys(d).length) out.decoding = d;
  const tf = typeof run?.chat_template_file === 'string' ? run.chat_template_file : undefined;
  if (tf) out.template = tf;
  const side = isObj(args.side_info_args) ? args.side_info_args : isObj(args.embedding_args) ? args.embedding_args : undefined;
  if (side) out.sideInfo = side;
  return out;
}

function setNum(d: Decoding, key: 'temperature' | 'topP' | 'topK' | 'maxNewTokens' | 'repetitionPenalty' | 'numSamples', v: unknown): void {
  const n = num(v);
  if (n !== undefined) d[key] = n;
}

function applyArgs(info: SystemInfo, args: unknown): void {
  info.args = args;
  const run = runFromArgs(args);
  if (run.modelId) info.modelId = run.modelId;
  if (run.decoding) info.decoding = run.decoding;
  const side = run.sideInfo;
  const isUrial = run.template !== undefined && /urial/i.test(run.template);
  if (info.kind === 'other' && info.hint === undefined) {
    // The handle says nothing we know; let the run's set-up decide.
    if (isUrial && !/urial_0\b/.test(run.template!)) {
      info.kind = 'icl';
      info.selection ??= 'fixed';
    } else if (run.modelId) {
      const m = run.modelId.toLowerCase();
      if (/(chat|instruct|-it\b|turbo|gpt-4)/.test(m)) info.kind = 'aligned';
      else if (/(-hf$|base)/.test(m) || isUrial) info.kind = 'base';
    }
  }
  if (info.kind === 'icl' && side) {
    const k = num(side.k) ?? num(side.top_k);
    if (k !== undefined && (info.selection === 'knn' || info.selection === 'random')) info.k ??= k;
    const teacherFile = typeof side.output_file === 'string' ? side.output_file : typeof side.summary_file === 'string' ? side.summary_file : undefined;
    const teacher = teacherFile ? /\/outputs\/([^/]+)\/samples\.jsonl$/.exec(teacherFile)?.[1] : undefined;
    if (teacher && info.teacherSystem === undefined) info.teacherSystem = systemId(teacher);
    if (typeof side.summary_file === 'string') info.hint ??= 'summary';
  }
}
