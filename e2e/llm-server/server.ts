// An OpenAI-compatible test server (plain node:http) with deterministic answers and failure modes chosen per request, for unit and e2e tests of the generator.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parsePrompt } from '../../src/core/urial/prompt';
import { paperDataDir } from '../../src/node/paper-data';

/**
 * Failure modes, picked per request by (first match) the `x-fail` header, a `/fail/<mode>` prefix on the path
 * (e.g. base URL `http://127.0.0.1:4306/fail/cors`; the only way to reach a browser's CORS preflight, which carries
 * no header values or body), or a model name `fail-<mode>`:
 * - `500`: HTTP 500 with a JSON error; `503` likewise;
 * - `429`: HTTP 429 with `Retry-After: 1` (`429r<s>` for another number of seconds);
 * - `slow` / `slow<ms>`: waits (3000 ms by default) before answering;
 * - `stall`: streams the first piece, then sends nothing more (an idle stream);
 * - `truncate`: the stream (or JSON body) stops halfway, with no `[DONE]`;
 * - `malformed`: a streamed event that is not JSON (non-streamed: an HTML body with status 200);
 * - `error-event`: a streamed `{"error": …}` event mid-stream;
 * - `cors`: no CORS headers, and the preflight is refused (a browser's fetch then throws a TypeError);
 * - `reset`: the connection is dropped without an answer;
 * - `drip<ms>`: not a failure: streamed pieces arrive `ms` apart (to watch streaming).
 * `<mode>x<k>` fails only the first k requests carrying that exact token (add `@<id>` to keep tests apart), e.g.
 * `500x2@a` fails twice then answers normally: what retries need.
 */
export type FailMode = string;

/** A request as the server saw it (tests assert on `n`, `seed`, `stop`, headers…). */
export interface LoggedRequest {
  method: string;
  path: string;
  fail: string | null;
  body: Record<string, unknown> | null;
}

/** A running test server. */
export interface LlmServer {
  url: string;
  port: number;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

/** Options for {@link startLlmServer}. */
export interface LlmServerOptions {
  port?: number;
  host?: string;
  /** The paper's data folder; LIMA-OE's samples become the corpus when present. */
  dataDir?: string;
}

/** Answers per query text: aligned (`llama-2-chat`) and in-context (`llama-2-icl-chat`) samples. */
interface Corpus {
  chat: Map<string, string[]>;
  icl: Map<string, string[]>;
}

const FALLBACK = [
  'Here is a short answer from the test server. It has two sentences.',
  'A second canned reply, phrased differently, with a list:\n\n1. one\n2. two',
  'Third reply: it depends on the situation, and both views have merit.',
  'Fourth reply. Consider the context first, then decide.',
  'Fifth reply, brief and to the point.',
];

function loadCorpus(dataDir: string | undefined): Corpus {
  const corpus: Corpus = { chat: new Map(), icl: new Map() };
  const dir = dataDir ? resolve(dataDir, 'LIMA-OE') : undefined;
  if (!dir || !existsSync(resolve(dir, 'instances/data.jsonl'))) return corpus;
  const read = (f: string) => readFileSync(resolve(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const queries = read('instances/data.jsonl').map((r) => ((r.messages as { content: string }[])[0]!.content ?? '').trim());
  const fill = (file: string, into: Map<string, string[]>) => {
    if (!existsSync(resolve(dir, file))) return;
    read(file).forEach((r, i) => {
      const texts = (r.outputs as unknown[]).map((o) => (o && typeof o === 'object' && typeof (o as { generated_text?: unknown }).generated_text === 'string' ? (o as { generated_text: string }).generated_text : null)).filter((t): t is string => t !== null && t.trim() !== '');
      if (queries[i] && texts.length) into.set(queries[i]!, texts.map((t) => t.replace(/\s*```\s*$/, '').trim()));
    });
  };
  fill('outputs/llama-2-chat/samples.jsonl', corpus.chat);
  fill('outputs/llama-2-icl-chat/samples.jsonl', corpus.icl);
  return corpus;
}

/** A small deterministic string hash (FNV-1a). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The user text of a chat request (last user message). */
function lastUser(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  const u = messages.filter((m) => m && typeof m === 'object' && (m as { role?: unknown }).role === 'user').pop() as { content?: unknown } | undefined;
  return typeof u?.content === 'string' ? u.content : '';
}

/** The deterministic reply for one choice. Judges and summaries get JSON / a summary; answers come from the corpus. */
function reply(corpus: Corpus, body: Record<string, unknown>, route: 'completions' | 'chat', choice: number): string {
  const seed = typeof body.seed === 'number' ? body.seed : 0;
  const greedy = body.temperature === 0;
  const pick = (list: readonly string[], key: string) => list[greedy ? 0 : (hash(key) + seed + choice) % list.length]!;
  if (route === 'chat') {
    const user = lastUser(body.messages);
    const all = JSON.stringify(body.messages ?? '');
    // Judge rubrics ask for JSON with these keys (src/core/generate/judges.ts); reply with valid JSON.
    if (all.includes('\\"stance\\"')) return JSON.stringify({ reason: 'The response weighs both sides.', stance: ['yes', 'no', 'both', 'other'][(hash(user) + seed + choice) % 4] });
    if (all.includes('\\"helpfulness\\"')) {
      const s = (k: string) => ({ reason: `${k} looks fine.`, score: String(1 + ((hash(user + k) + choice) % 5)) });
      return JSON.stringify({ helpfulness: s('helpfulness'), clarity: s('clarity'), factuality: s('factuality'), depth: s('depth'), engagement: s('engagement') });
    }
    if (all.includes('\\"score\\"')) return JSON.stringify({ reason: 'Some of the alternative is new.', score: String(1 + (hash(user) % 5)) });
    if (/summari[sz]e the answer/i.test(user)) {
      const answer = user.split('## Answer')[1] ?? user;
      const sentences = answer.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]/g) ?? [answer.trim()];
      return sentences.slice(0, 2).map((s) => s.trim()).join(' ');
    }
    const known = corpus.chat.get(user.trim());
    return known ? pick(known, user) : pick(FALLBACK, user);
  }
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const parsed = parsePrompt(prompt);
  const query = parsed.ok ? parsed.prompt.query.trim() : prompt.trim();
  const list = corpus.icl.get(query) ?? corpus.chat.get(query) ?? FALLBACK;
  // A base model runs on past the answer; the stop string is what ends it, as with the paper's runs.
  return `${pick(list, query)}\n\`\`\`\n\n# Query:\n\`\`\`\nWhat else can you tell me?\n\`\`\``;
}

/** Applies `stop` and `max_tokens` (whitespace-separated pieces count as tokens) to a full reply. */
function finishText(full: string, body: Record<string, unknown>): { text: string; finish: 'stop' | 'length' } {
  let text = full;
  let finish: 'stop' | 'length' = 'stop';
  const stops = Array.isArray(body.stop) ? body.stop.filter((s): s is string => typeof s === 'string' && s !== '') : typeof body.stop === 'string' ? [body.stop] : [];
  let cut = -1;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  if (cut >= 0) text = text.slice(0, cut);
  const max = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
  const pieces = text.match(/\s*\S+/g) ?? [];
  if (max !== undefined && pieces.length > max) {
    text = pieces.slice(0, max).join('');
    finish = 'length';
  }
  return { text, finish };
}

/** Word-sized stream pieces whose concatenation is exactly `text`. */
const pieces = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];

/** Starts the server; resolves once it listens (port 0 = any free port). */
export function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  const corpus = loadCorpus(options.dataDir);
  const requests: LoggedRequest[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: e instanceof Error ? e.message : String(e) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path = (req.url ?? '/').split('?')[0]!;
    let fail: string | null = null;
    const prefixed = /^\/fail\/([^/]+)(\/.*)$/.exec(path);
    if (prefixed) {
      fail = decodeURIComponent(prefixed[1]!);
      path = prefixed[2]!;
    }
    const header = req.headers['x-fail'];
    if (typeof header === 'string' && header) fail = header;
    const cors = fail !== 'cors';
    const corsHeaders: Record<string, string> = cors
      ? { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type, x-fail', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-expose-headers': 'retry-after' }
      : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(cors ? 204 : 403, corsHeaders);
      res.end();
      return;
    }
    const raw = await new Promise<string>((ok) => {
      let s = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (s += c));
      req.on('end', () => ok(s));
    });
    let body: Record<string, unknown> | null = null;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json', ...corsHeaders });
        res.end(JSON.stringify({ error: { message: 'request body is not JSON' } }));
        return;
      }
    }
    if (!fail && typeof body?.model === 'string' && body.model.startsWith('fail-')) fail = body.model.slice(5);
    requests.push({ method: req.method ?? 'GET', path, fail, body });
    const mode = activeMode(fail);
    const json = (status: number, value: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...corsHeaders, ...extra });
      res.end(JSON.stringify(value));
    };

    if (mode === 'reset') {
      req.socket.destroy();
      return;
    }
    const slow = mode && /^slow(\d*)$/.exec(mode);
    if (slow) await delay(Number(slow[1] || 3000));
    if (mode === '500' || mode === '503') return json(Number(mode), { error: { message: `test server: failing with ${mode} as asked`, type: 'server_error' } });
    const tooMany = mode && /^429(?:r(\d+))?$/.exec(mode);
    if (tooMany) return json(429, { error: { message: 'test server: rate limited', type: 'rate_limit' } }, { 'retry-after': tooMany[1] ?? '1' });

    if (req.method === 'GET' && path === '/v1/models') {
      return json(200, { object: 'list', data: ['overton-test-base', 'overton-test-chat'].map((id) => ({ id, object: 'model', owned_by: 'overton-test' })) });
    }
    const route = req.method === 'POST' && path === '/v1/completions' ? 'completions' : req.method === 'POST' && path === '/v1/chat/completions' ? 'chat' : null;
    if (!route) return json(404, { error: { message: `test server: no route ${req.method} ${path}` } });
    if (!body || typeof body.model !== 'string') return json(400, { error: { message: 'test server: "model" is required' } });
    if (route === 'completions' && typeof body.prompt !== 'string') return json(400, { error: { message: 'test server: "prompt" must be a string' } });
    if (route === 'chat' && !Array.isArray(body.messages)) return json(400, { error: { message: 'test server: "messages" must be a list' } });
    const n = typeof body.n === 'number' ? body.n : 1;
    const choices = Array.from({ length: n }, (_, i) => finishText(reply(corpus, body!, route, i), body!));
    const id = `cmpl-${requests.length}`;
    const object = route === 'chat' ? 'chat.completion' : 'text_completion';

    if (body.stream !== true) {
      if (mode === 'malformed') {
        res.writeHead(200, { 'content-type': 'text/html', ...corsHeaders });
        res.end('<html><body>Not an API</body></html>');
        return;
      }
      const value = {
        id,
        object,
        model: body.model,
        choices: choices.map((c, index) => (route === 'chat' ? { index, message: { role: 'assistant', content: c.text }, finish_reason: c.finish } : { index, text: c.text, finish_reason: c.finish })),
      };
      if (mode === 'truncate') {
        const s = JSON.stringify(value);
        res.writeHead(200, { 'content-type': 'application/json', ...corsHeaders });
        res.end(s.slice(0, Math.floor(s.length / 2)));
        return;
      }
      return json(200, value);
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...corsHeaders });
    const drip = mode && /^drip(\d+)$/.exec(mode);
    const send = (v: unknown) => res.write(`data: ${typeof v === 'string' ? v : JSON.stringify(v)}\n\n`);
    const chunk = (index: number, text: string, finish: string | null) =>
      route === 'chat'
        ? { id, object: 'chat.completion.chunk', model: body!.model, choices: [{ index, delta: { content: text }, finish_reason: finish }] }
        : { id, object: 'text_completion', model: body!.model, choices: [{ index, text, finish_reason: finish }] };
    const split = choices.map((c) => pieces(c.text));
    const longest = Math.max(0, ...split.map((p) => p.length));
    const half = Math.max(1, Math.floor(longest / 2));
    for (let step = 0; step < longest; step++) {
      if (mode === 'truncate' && step === half) return void res.end();
      if (mode === 'stall' && step === 1) return; // keep the connection open with nothing more
      if (mode === 'malformed' && step === half) send('{"choices": [ this is not json');
      if (mode === 'error-event' && step === half) {
        send({ error: { message: 'test server: model crashed mid-stream' } });
        return void res.end();
      }
      split.forEach((p, i) => {
        if (step < p.length) send(chunk(i, p[step]!, null));
      });
      if (drip) await delay(Number(drip[1]));
    }
    if (mode === 'truncate') return void res.end();
    choices.forEach((c, i) => send(chunk(i, '', c.finish)));
    send('[DONE]');
    res.end();
  }

  /** The mode to act on now, counting `<mode>x<k>[@id]` uses. */
  function activeMode(fail: string | null): string | null {
    if (!fail) return null;
    const m = /^([^x@]+)(?:x(\d+))?(?:@.*)?$/.exec(fail);
    if (!m) return fail;
    if (m[2] === undefined) return m[1]!;
    const used = counts.get(fail) ?? 0;
    counts.set(fail, used + 1);
    return used < Number(m[2]) ? m[1]! : null;
  }

  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolveStart({
        url: `http://${options.host ?? '127.0.0.1'}:${port}`,
        port,
        requests,
        close: () =>
          new Promise<void>((ok) => {
            server.closeAllConnections();
            server.close(() => ok());
          }),
      });
    });
  });
}

const delay = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

// Run directly (Playwright's webServer): `tsx e2e/llm-server/server.ts`, port from OVERTON_LLM_PORT (default 4306).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.env.OVERTON_LLM_PORT ?? 4306);
  const dataDir = paperDataDir();
  startLlmServer({ port, dataDir }).then(
    (s) => console.log(`overton LLM test server on ${s.url} (corpus: ${existsSync(dataDir) ? dataDir : 'built-in'})`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
