// `judge <data-folder> --dataset D --system S --kind K --config judge.json --out <folder>`: run one of the paper's judges on a system through a chat endpoint and write its judge file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parsePromptRange } from '../../core/generate/batch';
import type { Endpoint, ServerKind } from '../../core/generate/endpoint';
import type { FetchLike } from '../../core/generate/fetch-types';
import { judgeFilePath, judgeItems, runJudge, type RunnableJudge } from '../../core/generate/judges';
import { endpointRecord } from '../../core/generate/run-config';
import { loadDatasets, optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';

const KINDS: readonly RunnableJudge[] = ['eval-quality', 'eval-stance', 'eval-missing'];
const SERVERS: readonly ServerKind[] = ['vllm', 'llama-cpp', 'ollama', 'tgi', 'openai', 'other'];

/**
 * Runs `judge` with an explicit output and fetch. Writes `<out>/<D>/instances/data.jsonl` (the prompts judged) and
 * `<out>/<D>/<kind>/outputs/<name>/samples.jsonl` + `args.json`, which `judges <out>` aggregates like the paper's.
 * Exit codes: 0 when at least one item was judged, 1 on bad data / config or when every request failed, 2 on bad usage.
 */
export async function runJudgeCommand(argv: string[], io: Output = std, fetchImpl: FetchLike = globalThis.fetch as unknown as FetchLike): Promise<number> {
  let args: Args;
  let kind: RunnableJudge;
  try {
    args = parseArgs(argv, { valued: ['dataset', 'system', 'kind', 'reference', 'split', 'prompts', 'config', 'out', 'concurrency'], flags: ['json'] });
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
    for (const o of ['system', 'kind', 'config', 'out']) if (!optString(args, o)) throw new UsageError(`--${o} is required`);
    kind = optString(args, 'kind') as RunnableJudge;
    if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, not "${kind}"`);
    if (kind === 'eval-missing' && !optString(args, 'reference')) throw new UsageError('--kind eval-missing needs --reference <system>');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  try {
    const endpoint = readEndpoint(optString(args, 'config')!);
    const datasets = await loadDatasets({ folder: args.positional[0]!, dataset: optString(args, 'dataset'), systems: [optString(args, 'system')!] }, io);
    if (datasets.length > 1) throw new Error(`${args.positional[0]} holds ${datasets.length} datasets: choose one with --dataset`);
    const ds = datasets[0]!;
    const system = optString(args, 'system')!;
    const reference = optString(args, 'reference');
    const targets = optString(args, 'prompts') ? parsePromptRange(optString(args, 'prompts')!, ds.prompts.length) : ds.prompts.map((p) => p.index);
    const { name, items } = judgeItems(ds, system, kind, { split: optString(args, 'split') ?? 'outputs', ...(reference ? { reference } : {}), prompts: targets });
    if (!items.length) throw new Error(`${system} has no samples in split ${optString(args, 'split') ?? 'outputs'} for those prompts`);
    // Prompts are renumbered to their position in the written instances file, so the judge lines attach there.
    const position = new Map(targets.map((t, i) => [t, i]));
    const run = await runJudge(kind, name, items.map((it) => ({ ...it, prompt: position.get(it.prompt)! })), endpoint, {
      fetch: fetchImpl,
      concurrency: Number(optString(args, 'concurrency') ?? 2),
      onItem: (done, total) => {
        if (done % 10 === 0 || done === total) io.err(`[${done}/${total}] judged`);
      },
    });
    const out = optString(args, 'out')!;
    const file = join(out, judgeFilePath(ds.id, kind, name));
    mkdirSync(dirname(file), { recursive: true });
    mkdirSync(join(out, ds.id, 'instances'), { recursive: true });
    writeFileSync(join(out, ds.id, 'instances', 'data.jsonl'), targets.map((i) => JSON.stringify({ messages: [{ role: 'user', content: ds.prompts[i]!.text }], metadata: { instance_id: i } })).join('\n') + '\n');
    writeFileSync(file, run.lines.join('\n') + '\n');
    writeFileSync(join(dirname(file), 'args.json'), JSON.stringify({ run: { judge: kind, name, dataset: ds.id }, openai_params: { model: endpoint.model, temperature: 0, n: 1, max_tokens: 1024 }, overton: { endpoint: endpointRecord(endpoint), createdAt: new Date().toISOString() } }, null, 2) + '\n');
    const judged = run.records.filter((r) => r.content !== null).length;
    const summary = { dataset: ds.id, kind, name, items: items.length, judged, failed: run.errors.length, file };
    if (args.opts.has('json')) io.out(JSON.stringify(summary));
    else io.out(`${kind}/${name}: ${judged} of ${items.length} judged, ${run.errors.length} failed → ${file}`);
    for (const e of run.errors.slice(0, 5)) io.err(`item ${e.item}: ${e.error.message}`);
    return judged === 0 && run.errors.length > 0 ? 1 : 0;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

/** The judge's chat endpoint from `{"endpoint": {server, baseUrl, model, headers?}}`; the key from OVERTON_API_KEY. */
function readEndpoint(path: string): Endpoint {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const e = (v as { endpoint?: Record<string, unknown> } | null)?.endpoint;
  if (!e || typeof e.baseUrl !== 'string' || typeof e.model !== 'string') throw new Error(`${path}: needs {"endpoint": {"server", "baseUrl", "model"}}`);
  const server = (e.server ?? 'other') as ServerKind;
  if (!SERVERS.includes(server)) throw new Error(`${path}: "endpoint.server" must be one of ${SERVERS.join(', ')}`);
  if (e.apiKey !== undefined) throw new Error(`${path}: "endpoint.apiKey" must not be in the file: set OVERTON_API_KEY`);
  const headers = e.headers && typeof e.headers === 'object' ? (e.headers as Record<string, string>) : undefined;
  const key = process.env.OVERTON_API_KEY;
  return { server, baseUrl: e.baseUrl, model: e.model, role: 'aligned', ...(headers ? { headers } : {}), ...(key ? { apiKey: key } : {}) };
}

export const command: Command = {
  summary: "run one of the paper's judges (quality, stance, missing information) on a system through a chat endpoint",
  usage: [
    'usage: npm run cli -- judge <data-folder> --dataset D --system S --kind eval-quality|eval-stance|eval-missing',
    '                           [--reference R] [--split outputs] [--prompts 0-9] --config judge.json --out <folder>',
    '                           [--concurrency 2] [--json]',
    '',
    'judge.json: {"endpoint": {"server": "openai|vllm|…", "baseUrl": "https://api.openai.com", "model": "gpt-4o"}}; the key',
    'comes from OVERTON_API_KEY. One greedy request per sample with the rubric in Overton\'s words; the reply is parsed',
    'defensively and written as <out>/<D>/<kind>/outputs/<name>/samples.jsonl (name = S, or ref_R--alt_S for',
    'eval-missing, whose reference is R\'s first sample), one line per sample slot, which `judges <out>` aggregates.',
  ].join('\n'),
  run: (argv) => runJudgeCommand(argv),
};
