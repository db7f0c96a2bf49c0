// The URIAL prompt family as data: parse a rendered prompt into preamble / examples / hint / query and render it back byte for byte.

/** Headers and fences exactly as the paper's URIAL templates write them (`urial_*.jinja`). */
export const URIAL = {
  instructions: '# Instructions:\n\n',
  query: '# Query:\n```\n',
  summary: '# Summary:\n```\n',
  answer: '# Answer:\n```\n',
  /** Closes a block: the fence, then a blank line before the next header. */
  close: '\n```\n\n',
  /** The stop string: generation ends where the model closes the answer's fence. */
  stop: '```',
} as const;

/** One in-context example: a query and the answer shown for it, with an optional summary (the hint) between them. */
export interface UrialExample {
  query: string;
  answer: string;
  /** The `# Summary:` block shown between query and answer; absent when the prompt uses no hints. */
  summary?: string;
}

/**
 * A prompt of the URIAL family (Lin et al. 2024, as used by the paper):
 * `[# Instructions:\n\n<preamble>\n\n]` + per example `# Query:` [`# Summary:`] `# Answer:` fenced blocks + the test
 * `# Query:` + optional `# Summary:` hint + an open block (`# Answer:\n```\n`, or `# Summary:\n```\n` when the model
 * writes its own summary first, the paper's `-summary-cot`). Generation starts right after the open block and stops
 * at the closing fence ({@link URIAL}.stop).
 */
export interface UrialPrompt {
  format: 'urial';
  /** Text of the `# Instructions:` block; null when the prompt has none (the paper's `llama-2-base`, `urial_0`). */
  preamble: string | null;
  examples: UrialExample[];
  /** The test query. */
  query: string;
  /** The `# Summary:` hint given before the open answer block; null when none. */
  hint: string | null;
  /** The block generation starts in. */
  open: 'answer' | 'summary';
}

/** The Llama-2 chat format the paper's aligned `llama-2-chat` runs were given: `<s>[INST] [<<SYS>>…<</SYS>>] query [/INST]`. */
export interface Llama2ChatPrompt {
  format: 'llama-2-chat';
  system: string | null;
  query: string;
}

/** Any prompt shape the paper's `samples.jsonl` records carry. */
export type ParsedPrompt = UrialPrompt | Llama2ChatPrompt;

/** Result of {@link parsePrompt}: the parts, or why the text is not a prompt of a known shape. */
export type ParseResult = { ok: true; prompt: ParsedPrompt } | { ok: false; error: string };

/**
 * Renders a prompt to the exact text a model receives. Contents are written as given (no trimming), so
 * `renderPrompt(parsePrompt(t).prompt) === t` for every prompt that parses; use {@link buildUrialPrompt} to get the
 * paper templates' whitespace handling for new prompts.
 */
export function renderPrompt(p: ParsedPrompt): string {
  if (p.format === 'llama-2-chat') return `<s>[INST] ${p.system !== null ? `<<SYS>>\n${p.system}\n<</SYS>>\n\n` : ''}${p.query} [/INST]`;
  let out = p.preamble !== null ? `${URIAL.instructions}${p.preamble}\n\n` : '';
  for (const e of p.examples) {
    out += block(URIAL.query, e.query);
    if (e.summary !== undefined) out += block(URIAL.summary, e.summary);
    out += block(URIAL.answer, e.answer);
  }
  out += block(URIAL.query, p.query);
  if (p.open === 'answer' && p.hint !== null) out += block(URIAL.summary, p.hint);
  return out + (p.open === 'answer' ? URIAL.answer : URIAL.summary);
}

const block = (header: string, content: string) => `${header}${content}${URIAL.close}`;

/**
 * What new prompts are built from; every text is trimmed as the paper's templates do (`.strip()`). `open` defaults to
 * `answer`; a `hint` with `open: 'summary'` is an error (the model writes the summary itself there).
 */
export interface UrialInput {
  preamble: string | null;
  examples: readonly UrialExample[];
  query: string;
  hint?: string | null;
  open?: 'answer' | 'summary';
}

/** Builds a {@link UrialPrompt} from parts, trimming each text like the paper's templates. Throws on a hint with `open: 'summary'`. */
export function buildUrialPrompt(input: UrialInput): UrialPrompt {
  const open = input.open ?? 'answer';
  const hint = input.hint == null ? null : input.hint.trim();
  if (open === 'summary' && hint !== null) throw new Error('a summary hint cannot be given when the model writes the summary itself (open: "summary")');
  return {
    format: 'urial',
    preamble: input.preamble === null ? null : input.preamble.trim(),
    examples: input.examples.map((e) => ({ query: e.query.trim(), answer: e.answer.trim(), ...(e.summary !== undefined ? { summary: e.summary.trim() } : {}) })),
    query: input.query.trim(),
    hint,
    open,
  };
}

type Role = 'query' | 'summary' | 'answer';
const HEADERS: readonly [Role, string][] = [
  ['query', URIAL.query],
  ['summary', URIAL.summary],
  ['answer', URIAL.answer],
];

const headerAt = (text: string, at: number): Role | undefined => HEADERS.find(([, h]) => text.startsWith(h, at))?.[0];

/**
 * Parses a rendered prompt (URIAL family or Llama-2 chat). A block's text ends at the first closing fence that is
 * followed by another header, so answers holding their own code fences still parse; when a text quotes the block
 * syntax itself and that reading breaks the grammar, the other possible splits are searched. Any split found renders
 * back to the same bytes, so every prompt {@link renderPrompt} writes parses.
 */
export function parsePrompt(text: string): ParseResult {
  const chat = /^<s>\[INST\] (?:<<SYS>>\n([\s\S]*?)\n<<\/SYS>>\n\n)?([\s\S]*) \[\/INST\]$/.exec(text);
  if (chat) return { ok: true, prompt: { format: 'llama-2-chat', system: chat[1] ?? null, query: chat[2]! } };
  const greedy = firstBoundaryParse(text);
  // The first-boundary reading fails only when a text itself holds a block boundary; another reading may exist.
  return greedy.ok ? greedy : (searchParse(text) ?? greedy);
}

/** Reads blocks closing at the first fence followed by a header; its errors are the messages users see. */
function firstBoundaryParse(text: string): ParseResult {
  let at = 0;
  let preamble: string | null = null;
  if (text.startsWith(URIAL.instructions)) {
    at = URIAL.instructions.length;
    let end = -1;
    for (let i = text.indexOf('\n\n#', at); i >= 0; i = text.indexOf('\n\n#', i + 1)) {
      if (headerAt(text, i + 2)) {
        end = i;
        break;
      }
    }
    if (end < 0) return { ok: false, error: 'an "# Instructions:" block with no "# Query:" after it' };
    preamble = text.slice(at, end);
    at = end + 2;
  }
  const blocks: { role: Role; text: string }[] = [];
  let open: Role | undefined;
  while (at < text.length) {
    const role = headerAt(text, at);
    if (!role) return { ok: false, error: `expected "# Query:", "# Summary:" or "# Answer:" at character ${at}, found ${JSON.stringify(text.slice(at, at + 20))}` };
    const start = at + HEADERS.find(([r]) => r === role)![1].length;
    if (start === text.length) {
      open = role;
      at = start;
      break;
    }
    let end = -1;
    for (let i = text.indexOf(URIAL.close, start); i >= 0; i = text.indexOf(URIAL.close, i + 1)) {
      const next = i + URIAL.close.length;
      if (next === text.length || headerAt(text, next)) {
        end = i;
        break;
      }
    }
    if (end < 0) return { ok: false, error: `the ${role} block at character ${at} is never closed with a fence` };
    blocks.push({ role, text: text.slice(start, end) });
    at = end + URIAL.close.length;
  }
  if (open === undefined) return { ok: false, error: 'the prompt does not end in an open "# Answer:" or "# Summary:" block' };
  if (open === 'query') return { ok: false, error: 'the prompt ends in an open "# Query:" block' };
  return group(preamble, blocks, open);
}

type State = 'query' | 'afterQuery' | 'afterSummary';

/**
 * Finds any split of `text` into blocks that the URIAL grammar accepts (depth-first over the possible closing
 * fences, failures memoised by position and state), for texts whose blocks quote the block syntax themselves.
 */
function searchParse(text: string): ParseResult | null {
  const starts: { preamble: string | null; at: number }[] = [];
  if (text.startsWith(URIAL.instructions)) {
    for (let i = text.indexOf('\n\n#', URIAL.instructions.length); i >= 0; i = text.indexOf('\n\n#', i + 1)) {
      if (headerAt(text, i + 2)) starts.push({ preamble: text.slice(URIAL.instructions.length, i), at: i + 2 });
    }
  } else starts.push({ preamble: null, at: 0 });
  const failed = new Set<string>();
  const walk = (at: number, state: State): { blocks: { role: Role; text: string }[]; open: 'answer' | 'summary' } | null => {
    const key = `${at}:${state}`;
    if (failed.has(key)) return null;
    const role = headerAt(text, at);
    const allowed = role !== undefined && (state === 'query' ? role === 'query' : state === 'afterQuery' ? role !== 'query' : role === 'answer');
    if (allowed) {
      const start = at + HEADERS.find(([r]) => r === role)![1].length;
      if (start === text.length) {
        if (state !== 'query' && role !== 'query') return { blocks: [], open: role };
      } else {
        const next: State = role === 'query' ? 'afterQuery' : role === 'summary' ? 'afterSummary' : 'query';
        for (let i = text.indexOf(URIAL.close, start); i >= 0; i = text.indexOf(URIAL.close, i + 1)) {
          const after = i + URIAL.close.length;
          if (after >= text.length || !headerAt(text, after)) continue;
          const rest = walk(after, next);
          if (rest) return { blocks: [{ role, text: text.slice(start, i) }, ...rest.blocks], open: rest.open };
        }
      }
    }
    failed.add(key);
    return null;
  };
  for (const s of starts) {
    const found = walk(s.at, 'query');
    if (found) {
      const r = group(s.preamble, found.blocks, found.open);
      if (r.ok) return r;
    }
  }
  return null;
}

/** Groups the closed blocks into examples, the test query and the hint. */
function group(preamble: string | null, blocks: { role: Role; text: string }[], open: 'answer' | 'summary'): ParseResult {
  const examples: UrialExample[] = [];
  let i = 0;
  const at = (k: number) => blocks[k]?.role;
  for (;;) {
    if (at(i) !== 'query') return { ok: false, error: `block ${i + 1} should be a "# Query:" block` };
    const hasSummary = at(i + 1) === 'summary';
    const answerAt = hasSummary ? i + 2 : i + 1;
    if (answerAt >= blocks.length) break; // the test query (and its hint)
    if (at(answerAt) !== 'answer') return { ok: false, error: `block ${answerAt + 1} should be an "# Answer:" block` };
    examples.push({ query: blocks[i]!.text, ...(hasSummary ? { summary: blocks[i + 1]!.text } : {}), answer: blocks[answerAt]!.text });
    i = answerAt + 1;
  }
  const query = blocks[i]!.text;
  const hint = at(i + 1) === 'summary' ? blocks[i + 1]!.text : null;
  if (hint !== null && open === 'summary') return { ok: false, error: 'a closed "# Summary:" block followed by an open one' };
  return { ok: true, prompt: { format: 'urial', preamble, examples, query, hint, open } };
}
