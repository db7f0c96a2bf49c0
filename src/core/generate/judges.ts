// The paper's LLM-judge rubrics (quality on five aspects, stance, missing information), in Overton's words, run through a chat endpoint; results shaped like the paper's judge files.

import type { Dataset, JudgeKind, JudgeRecord } from '../model/types';
import { systemId } from '../model/ids';
import { QUALITY_ASPECTS, STANCES } from '../metrics/judges';
import type { ChatMessage } from '../urial/presets';
import { generate, type GenerateOptions } from './client';
import type { Endpoint } from './endpoint';
import type { GenerateErrorInfo } from './errors';

/** The judges Overton can run (the paper's `eval-*` families; topic extraction is not a per-sample judge). */
export type RunnableJudge = Exclude<JudgeKind, 'extract-topics'>;

const SYSTEM = 'You are a fair and careful evaluator. You answer with one JSON object and nothing else.';

const jsonBlock = (shape: string) => `Reply with only this JSON object, filling in the brackets:\n\`\`\`\n${shape}\n\`\`\``;

/** Quality on the paper's five aspects (just-eval style), each 1–5 with a reason. Overton's wording of the rubric. */
export function qualityMessages(query: string, output: string): ChatMessage[] {
  const aspects = [
    ['helpfulness', 'Does the response address what the user asked and actually help? 5 = fully solves it, 1 = of little or no use.'],
    ['clarity', 'Is it well organised and easy to follow? 5 = clear and logical, 1 = muddled or hard to follow.'],
    ['factuality', 'Is what it says true and accurate? 5 = entirely correct, 1 = serious factual errors.'],
    ['depth', 'How thorough and detailed is it? 5 = goes deep into the topic, 1 = barely touches it.'],
    ['engagement', 'Does it read naturally and hold interest, like a good conversation partner? 5 = engaging and human, 1 = flat or robotic.'],
  ] as const;
  const shape = `{\n${QUALITY_ASPECTS.map((a) => `    "${a}": {"reason": "[one or two sentences]", "score": "[1-5]"}`).join(',\n')}\n}`;
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: [
        'Judge the quality of the response below on five aspects, independently, each on a 1 to 5 scale (1 = strongly disagree that it does well, 3 = neutral, 5 = strongly agree).',
        '',
        '## Question',
        query.trim(),
        '',
        '## Response',
        output.trim(),
        '',
        '## Aspects',
        ...aspects.map(([a, d]) => `- ${a}: ${d}`),
        '',
        jsonBlock(shape),
      ].join('\n'),
    },
  ];
}

/** The stance a response takes on a yes/no question (ConflictingQA): yes, no, both, or other. Overton's wording. */
export function stanceMessages(query: string, output: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: [
        'The question below can be answered yes or no. Decide which stance the response takes. Ignore how helpful, well written or correct it is: only the stance matters.',
        '',
        '## Question',
        query.trim(),
        '',
        '## Response',
        output.trim(),
        '',
        '## Options',
        '- yes: it answers the question in the affirmative',
        '- no: it answers the question in the negative',
        '- both: it sets out the case for both yes and no',
        '- other: it does not answer the question, or is off topic',
        '',
        jsonBlock(`{\n    "reason": "[one or two sentences]",\n    "stance": "[${STANCES.join(' | ')}]"\n}`),
      ].join('\n'),
    },
  ];
}

/** How much of an alternative response's information is absent from a reference response, 1–5. Overton's wording. */
export function missingMessages(query: string, reference: string, alternative: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: [
        'Compare two responses to the same question. Judge how much of the information in the alternative response does not appear anywhere in the reference response. Ignore style, tone, helpfulness and correctness: count only new information.',
        '',
        '## Question',
        query.trim(),
        '',
        '## Reference response',
        reference.trim(),
        '',
        '## Alternative response',
        alternative.trim(),
        '',
        '## Scale',
        '- 1: nothing new; the reference already says all of it',
        '- 2: a little new information; most is already in the reference',
        '- 3: about half new, half already in the reference',
        '- 4: mostly new information; a little is in the reference',
        '- 5: entirely new information',
        '',
        jsonBlock('{\n    "reason": "[one or two sentences]",\n    "score": "[1-5]"\n}'),
      ].join('\n'),
    },
  ];
}

/**
 * Reads a judge's reply defensively: the whole text as JSON, else the first balanced `{…}` in it (inside a code
 * fence or after chatter), tolerating trailing commas. Returns the object, or undefined when none parses.
 */
export function parseJudgeReply(text: string): Record<string, unknown> | undefined {
  const attempt = (s: string): Record<string, unknown> | undefined => {
    for (const candidate of [s, s.replace(/,\s*([}\]])/g, '$1')]) {
      try {
        const v = JSON.parse(candidate) as unknown;
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {
        // try the next candidate
      }
    }
    return undefined;
  };
  const whole = attempt(text.trim());
  if (whole) return whole;
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const end = balancedEnd(text, start);
    if (end < 0) continue;
    const v = attempt(text.slice(start, end + 1));
    if (v) return v;
  }
  return undefined;
}

/** Index of the `}` closing the `{` at `start` (string-aware), or -1. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The content to store for a reply: the parsed object re-serialised as JSON (so `qualityScores`, `stanceOf` and
 * `missingScore` of metrics/judges read it like the paper's files), or the raw text when no object parses (a parse
 * failure there, as in the paper).
 */
export function judgeContent(reply: string): string {
  const v = parseJudgeReply(reply);
  return v ? JSON.stringify(v) : reply;
}

/**
 * One thing to judge. `reference` is required for `eval-missing`. `prompt` / `sample` say where the result attaches.
 * A null `output` (a failed sample) or null `reference` is not sent: its line is `ok: false`, so the file keeps one
 * line per sample slot and re-imports onto the right samples.
 */
export interface JudgeItem {
  prompt: number;
  sample: number;
  query: string;
  output: string | null;
  reference?: string | null;
}

/** Why an item is not sent, or null when it is. */
function skipReason(kind: RunnableJudge, item: JudgeItem): string | null {
  if (item.output === null) return 'the sample failed: nothing to judge';
  if (kind === 'eval-missing' && item.reference == null) return 'no reference answer for this prompt';
  return null;
}

/** The request for one item. Throws for an item that cannot be judged (failed sample, missing reference). */
export function judgeMessages(kind: RunnableJudge, item: JudgeItem): ChatMessage[] {
  const skip = skipReason(kind, item);
  if (skip) throw new Error(`prompt ${item.prompt}, sample ${item.sample}: ${skip}`);
  if (kind === 'eval-quality') return qualityMessages(item.query, item.output!);
  if (kind === 'eval-stance') return stanceMessages(item.query, item.output!);
  return missingMessages(item.query, item.reference!, item.output!);
}

/** The outcome of {@link runJudge}. `records` attach like imported judge files; `lines` are that file's JSONL lines. */
export interface JudgeRun {
  /** One per item, in item order; `content` null for failed, skipped and cancelled items. */
  records: JudgeRecord[];
  /** One paper-shaped `samples.jsonl` line per item (`{"ok": true, "outputs": [{"message": {"content"}}]}` or `{"ok": false, "error"}`). */
  lines: string[];
  errors: { item: number; error: GenerateErrorInfo }[];
  cancelled: boolean;
}

/**
 * Judges `items` (in order: prompt-major, sample-minor, as the paper's files are) through a chat `endpoint`, one
 * greedy request each, `concurrency` at a time. `name` is the judge folder name: the judged system's handle, or
 * `ref_<a>--alt_<b>` for `eval-missing`. Failed requests become `ok: false` lines (content null) and never reject.
 */
export async function runJudge(
  kind: RunnableJudge,
  name: string,
  items: readonly JudgeItem[],
  endpoint: Endpoint,
  options: GenerateOptions & { onItem?: (done: number, total: number) => void },
): Promise<JudgeRun> {
  if (endpoint.role !== 'aligned') throw new Error('judges run on an aligned (chat) endpoint');
  const skipped = items.map((it) => skipReason(kind, it));
  const contents: (string | null)[] = new Array<string | null>(items.length).fill(null);
  const errors: JudgeRun['errors'] = [];
  let next = 0;
  let done = 0;
  const limit = Math.max(1, options.concurrency ?? 2);
  const worker = async () => {
    while (next < items.length && !options.signal?.aborted) {
      const i = next++;
      if (skipped[i]) {
        options.onItem?.(++done, items.length);
        continue;
      }
      const r = await generate(endpoint, { messages: judgeMessages(kind, items[i]!) }, { n: 1, temperature: 0, maxTokens: 1024 }, { ...options, onDelta: undefined, onSample: undefined, concurrency: 1 });
      const s = r.samples[0]!;
      if (s.text !== null) contents[i] = judgeContent(s.text);
      else errors.push({ item: i, error: s.error! });
      options.onItem?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  const system = name.includes('--') ? undefined : systemId(name);
  const records: JudgeRecord[] = items.map((it, line) => ({ kind, name, ...(system ? { system } : {}), prompt: it.prompt, sample: it.sample, line, content: contents[line]! }));
  const failed = new Map(errors.map((e) => [e.item, e.error]));
  const lines = contents.map((c, i) =>
    c !== null
      ? JSON.stringify({ ok: true, outputs: [{ finish_reason: 'stop', index: 0, logprobs: null, message: { content: c, role: 'assistant' } }] })
      : JSON.stringify({ ok: false, error: skipped[i] ?? failed.get(i)?.message ?? 'not run (cancelled)', error_type: skipped[i] ? 'skipped' : (failed.get(i)?.kind ?? 'aborted') }),
  );
  return { records, lines, errors, cancelled: options.signal?.aborted ?? false };
}

/** Where a judge run is written in the paper's layout: `<dataset>/<kind>/outputs/<name>/samples.jsonl`. */
export function judgeFilePath(dataset: string, kind: RunnableJudge, name: string): string {
  return `${dataset}/${kind}/outputs/${name}/samples.jsonl`;
}

/**
 * The items to judge for `system` in `split` (default `outputs`): every sample slot, prompt-major and sample-minor
 * like the paper's files (failed samples are kept as null outputs, so line numbers match on re-import). For
 * `eval-missing` the reference is `reference`'s first sample of the same prompt (null when it has none) and the
 * judge folder name is `ref_<reference>--alt_<system>`.
 */
export function judgeItems(ds: Dataset, system: string, kind: RunnableJudge, options: { split?: string; reference?: string; prompts?: readonly number[] } = {}): { name: string; items: JudgeItem[] } {
  const split = options.split ?? 'outputs';
  const only = options.prompts ? new Set(options.prompts) : undefined;
  const refs = new Map<number, string>();
  if (kind === 'eval-missing') {
    if (!options.reference) throw new Error('eval-missing needs a reference system');
    for (const s of ds.samples) if (s.system === options.reference && s.split === split && s.index === 0 && s.text !== null) refs.set(s.prompt, s.text);
  }
  const items = ds.samples
    .filter((s) => s.system === system && s.split === split && !s.lineFailed && (!only || only.has(s.prompt)))
    .sort((a, b) => a.prompt - b.prompt || a.index - b.index)
    .map((s) => ({ prompt: s.prompt, sample: s.index, query: ds.prompts[s.prompt]?.text ?? '', output: s.text, ...(kind === 'eval-missing' ? { reference: refs.get(s.prompt) ?? null } : {}) }));
  return { name: kind === 'eval-missing' ? `ref_${options.reference}--alt_${system}` : system, items };
}
