// Record shapes of the paper's samples.jsonl lines (TGI, OpenAI, failed samples, ok:false) → plain sample parts.

/** One sample read from a record, before it is attached to a prompt and system. `text` is raw (uncleaned). */
export interface RawSample {
  text: string | null;
  error?: string;
  finishReason?: string;
}

/** What one samples.jsonl line holds. `lineError` set = an `ok:false` line (no samples, one error). */
export interface ParsedLine {
  samples: RawSample[];
  lineError?: string;
  /** Shape problems inside an otherwise readable line (reported with the line number by the caller). */
  issues: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads one samples.jsonl record: TGI `{"prompt", "outputs": [{"generated_text"}]}`, OpenAI `{"ok": true,
 * "outputs": [{"message": {"content"}, "finish_reason"}]}`, failed samples `{"error", "error_type"}` (text null),
 * `{"ok": false, ...}` lines. Anything else becomes failed samples plus an issue, never a throw.
 */
export function parseSampleLine(value: unknown): ParsedLine {
  const issues: string[] = [];
  if (!isObj(value)) return { samples: [], lineError: `record is ${kindOf(value)}, not an object`, issues: [`record is ${kindOf(value)}, not an object`] };
  if (value.ok === false) return { samples: [], lineError: errorOf(value) ?? 'request failed (ok: false)', issues };
  const outputs = value.outputs;
  if (!Array.isArray(outputs)) {
    const msg = outputs === undefined ? 'record has no "outputs"' : `"outputs" is ${kindOf(outputs)}, not a list`;
    return { samples: [], lineError: msg, issues: [msg] };
  }
  const samples: RawSample[] = [];
  outputs.forEach((o, i) => {
    const s = parseOutput(o);
    if (s.issue) issues.push(`outputs[${i}]: ${s.issue}`);
    samples.push(s.sample);
  });
  return { samples, issues };
}

function parseOutput(o: unknown): { sample: RawSample; issue?: string } {
  if (typeof o === 'string') return { sample: { text: o } };
  if (!isObj(o)) return { sample: { text: null, error: `output is ${kindOf(o)}` }, issue: `output is ${kindOf(o)}, not an object` };
  const finishReason = typeof o.finish_reason === 'string' ? o.finish_reason : undefined;
  const fr = finishReason !== undefined ? { finishReason } : {};
  if ('generated_text' in o) {
    const t = o.generated_text;
    if (typeof t === 'string') return { sample: { text: t, ...fr } };
    return { sample: { text: null, error: `generated_text is ${kindOf(t)}`, ...fr }, issue: `"generated_text" is ${kindOf(t)}, not a string` };
  }
  if ('message' in o) {
    const m = o.message;
    if (isObj(m) && typeof m.content === 'string') return { sample: { text: m.content, ...fr } };
    const what = !isObj(m) ? `"message" is ${kindOf(m)}` : 'content' in m ? `"message.content" is ${kindOf(m.content)}, not a string` : '"message" has no "content"';
    return { sample: { text: null, error: what, ...fr }, issue: what };
  }
  if (typeof o.text === 'string') return { sample: { text: o.text, ...fr } };
  const err = errorOf(o);
  if (err !== undefined) return { sample: { text: null, error: err, ...fr } };
  return { sample: { text: null, error: 'output without text', ...fr }, issue: 'output has no "generated_text", "message" or "error"' };
}

/** The error text of a failed record/output: `error` (string or `{message}`) plus `error_type` when given. */
export function errorOf(o: Record<string, unknown>): string | undefined {
  const e = o.error;
  let msg: string | undefined;
  if (typeof e === 'string') msg = e;
  else if (isObj(e) && typeof e.message === 'string') msg = e.message;
  else if (e !== undefined && e !== null) msg = JSON.stringify(e);
  const type = typeof o.error_type === 'string' ? o.error_type : undefined;
  if (msg === undefined) return type;
  return type ? `${type}: ${msg}` : msg;
}

/** The content string of an OpenAI-shaped record's first output (judges, summaries); null on ok:false / no text. */
export function firstContent(value: unknown): { content: string | null; issue?: string } {
  if (!isObj(value)) return { content: null, issue: `record is ${kindOf(value)}, not an object` };
  if (value.ok === false) return { content: null };
  const line = parseSampleLine(value);
  const first = line.samples[0];
  if (!first) return { content: null, issue: line.issues[0] ?? 'record has no outputs' };
  return { content: first.text, ...(line.issues[0] ? { issue: line.issues[0] } : {}) };
}

/** A short name for a JSON value's type, for messages. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}
