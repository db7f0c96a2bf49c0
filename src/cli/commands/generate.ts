// `generate <data-folder> --dataset D --config run.json --out <folder>`: run a URIAL configuration over a dataset's prompts and write the paper's layout.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paperEmbeddingsFromNpz, parseEmbeddingJsonl } from '../../core/embed/npz';
import { parsePromptRange, runPrompt, samplesLine, selectionContext } from '../../core/generate/batch';
import type { FetchLike } from '../../core/generate/fetch-types';
import { argsJson, familyFromModel, generatedSystemName, makeRunConfig, parseRunFile, type RunConfig, type RunFile } from '../../core/generate/run-config';
import type { Dataset } from '../../core/model/types';
import { promptBudget } from '../../core/urial/measure';
import type { PromptVectors } from '../../core/urial/selection';
import { nodeSource } from '../../node/fs-source';
import { loadDatasets, optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';

/** What `generate` did: where it wrote and how many samples failed. */
export interface GenerateSummary {
  system: string;
  folder: string;
  prompts: number;
  samples: number;
  failed: number;
}

/**
 * Runs `generate` with an explicit output and fetch (tests pass Node's fetch against the test server). Exit codes:
 * 0 when at least one sample came back (failures are listed), 1 when the data, config or every request failed,
 * 2 on bad usage.
 */
export async function runGenerate(argv: string[], io: Output = std, fetchImpl: FetchLike = globalThis.fetch as unknown as FetchLike): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, { valued: ['dataset', 'config', 'out', 'prompts', 'response-vectors', 'concurrency'], flags: ['json', 'resume'] });
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
    for (const o of ['config', 'out']) if (!optString(args, o)) throw new UsageError(`--${o} is required`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const folder = args.positional[0]!;
  const configPath = optString(args, 'config')!;
  const out = optString(args, 'out')!;
  try {
    const parsed = parseRunFile(readJson(configPath), configPath);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const run = withKeys(parsed.run);
    const datasets = await loadDatasets({ folder, dataset: optString(args, 'dataset') }, io);
    if (datasets.length > 1) throw new Error(`${folder} holds ${datasets.length} datasets (${datasets.map((d) => d.id).join(', ')}): choose one with --dataset`);
    const ds = datasets[0]!;
    const summary = await generateRun(ds, folder, run, out, {
      prompts: optString(args, 'prompts'),
      responseVectors: optString(args, 'response-vectors'),
      concurrency: Number(optString(args, 'concurrency') ?? 2),
      fetch: fetchImpl,
      io,
      resume: args.opts.has('resume'),
    });
    if (args.opts.has('json')) io.out(JSON.stringify(summary));
    else io.out(`${summary.system}: ${summary.prompts} prompts × ${summary.samples / Math.max(1, summary.prompts)} samples, ${summary.failed} failed → ${summary.folder}`);
    return summary.failed === summary.samples ? 1 : 0;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

/** The API key comes from OVERTON_API_KEY, never from the config file. */
function withKeys(run: RunFile): RunFile {
  const key = process.env.OVERTON_API_KEY;
  if (!key) return run;
  return { ...run, endpoint: { ...run.endpoint, apiKey: key }, ...(run.hintEndpoint ? { hintEndpoint: { ...run.hintEndpoint, apiKey: key } } : {}) };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Generates every selected prompt of `ds` and writes `<out>/<dataset>/instances/data.jsonl` (the prompts run, with
 * `metadata.instance_id` = their index in the source), `outputs/<system>/args.json` (paper-style, the run record
 * under `overton`) and `samples.jsonl` (one line per prompt, appended as each finishes).
 */
export async function generateRun(
  ds: Dataset,
  folder: string,
  run: RunFile,
  out: string,
  opts: { prompts?: string; responseVectors?: string; concurrency: number; fetch: FetchLike; io: Output; resume?: boolean },
): Promise<GenerateSummary> {
  const template = run.template!;
  const targets = opts.prompts ? parsePromptRange(opts.prompts, ds.prompts.length) : ds.prompts.map((p) => p.index);
  if (run.teacher && !ds.systems.some((s) => s.id === run.teacher)) throw new Error(`teacher "${run.teacher}" is not a system of ${ds.id} (have: ${ds.systems.map((s) => s.id).join(', ')})`);
  const vectors: { prompt?: PromptVectors; response?: PromptVectors } = {};
  if (template.selection.kind === 'knn-prompt') vectors.prompt = await promptEmbeddings(folder, ds);
  if (template.selection.kind === 'knn-response') {
    if (!opts.responseVectors) throw new Error('knn-response examples need the teacher answers\' vectors: pass --response-vectors <file from `embed --out`>');
    vectors.response = responseEmbeddings(opts.responseVectors, ds, run.teacher!);
  }
  const ctx = selectionContext(ds, run.teacher, vectors);
  const base = run.base ?? familyFromModel(run.endpoint.model);
  const system = run.system ?? generatedSystemName(base, template, run.teacher);
  const config = makeRunConfig({
    system,
    base,
    endpoint: run.endpoint,
    template,
    ...(run.teacher ? { teacher: run.teacher } : {}),
    ...(run.hint ? { hint: run.hint } : {}),
    params: run.params,
    ...(run.contextTokens ? { contextTokens: run.contextTokens } : {}),
    ...(opts.prompts ? { prompts: targets } : {}),
  });
  const root = join(out, ds.id);
  const sysDir = join(root, 'outputs', system);
  mkdirSync(join(root, 'instances'), { recursive: true });
  mkdirSync(sysDir, { recursive: true });
  writeFileSync(join(root, 'instances', 'data.jsonl'), targets.map((i) => JSON.stringify({ messages: [{ role: 'user', content: ds.prompts[i]!.text }], metadata: { instance_id: i } })).join('\n') + '\n');
  const samplesPath = join(sysDir, 'samples.jsonl');
  const argsPath = join(sysDir, 'args.json');
  let failed = 0;
  let samples = 0;
  let start = 0;
  if (opts.resume && existsSync(samplesPath)) {
    const kept = resumable(argsPath, samplesPath, config, targets.length);
    writeFileSync(samplesPath, kept.map((l) => l + '\n').join(''));
    for (const l of kept) {
      const outs = (JSON.parse(l) as { outputs: { generated_text?: unknown }[] }).outputs;
      samples += outs.length;
      failed += outs.filter((o) => typeof o.generated_text !== 'string').length;
    }
    start = kept.length;
    opts.io.err(`resuming ${system}: ${start} of ${targets.length} prompts already done`);
  } else {
    writeFileSync(argsPath, JSON.stringify(argsJson(config, ds.id), null, 2) + '\n');
    writeFileSync(samplesPath, '');
  }
  for (const [k, target] of targets.entries()) {
    if (k < start) continue;
    const r = await runPrompt(template, run.hint, run.params, target, ctx, run.endpoint, run.hintEndpoint, { fetch: opts.fetch, concurrency: opts.concurrency });
    if (run.contextTokens) {
      const b = promptBudget(r.prompt, run.contextTokens, run.params.maxTokens ?? 0);
      if (b.warning) opts.io.err(`prompt ${target}: ${b.warning}`);
    }
    appendFileSync(samplesPath, samplesLine(r) + '\n');
    samples += r.result.samples.length;
    const bad = r.result.samples.filter((s) => s.text === null);
    failed += bad.length;
    opts.io.err(`[${k + 1}/${targets.length}] prompt ${target}: ${r.result.samples.length - bad.length}/${r.result.samples.length} samples${bad.length ? ` (${bad[0]!.error?.message ?? 'failed'})` : ''}`);
  }
  return { system, folder: sysDir, prompts: targets.length, samples, failed };
}

/**
 * The complete lines of an interrupted run's samples.jsonl (a torn last line is dropped), after checking that its
 * args.json records the same configuration; throws when it does not, since appending would mix two runs.
 */
function resumable(argsPath: string, samplesPath: string, config: RunConfig, total: number): string[] {
  const key = (c: Partial<RunConfig>) => JSON.stringify([c.system, c.endpoint, c.template, c.teacher, c.hint, c.params, c.prompts]);
  const before = existsSync(argsPath) ? (JSON.parse(readFileSync(argsPath, 'utf8')) as { overton?: RunConfig }).overton : undefined;
  if (!before || key(before) !== key(config)) throw new Error(`${argsPath}: the run there has another configuration; use a new --out or drop --resume`);
  const text = readFileSync(samplesPath, 'utf8');
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = complete.split('\n').filter(Boolean);
  const good: string[] = [];
  for (const l of lines) {
    try {
      JSON.parse(l);
    } catch {
      break;
    }
    good.push(l);
  }
  return good.slice(0, total);
}

/** The dataset's paper prompt embeddings (`instances/embeddings-prompt_similar.npz`), found under `folder`. */
async function promptEmbeddings(folder: string, ds: Dataset): Promise<PromptVectors> {
  const src = nodeSource(folder);
  const files = await src.list();
  const want = ['embeddings-prompt_similar.npz', 'embeddings.npz'];
  const path = want.map((w) => files.find((f) => f === `${ds.id}/instances/${w}`) ?? files.find((f) => f === `instances/${w}`)).find(Boolean);
  if (!path) throw new Error(`knn-prompt examples need ${ds.id}/instances/embeddings-prompt_similar.npz under ${folder}`);
  const e = paperEmbeddingsFromNpz(await src.read(path), path);
  if (e.n !== ds.prompts.length) throw new Error(`${path}: ${e.n} embeddings for ${ds.prompts.length} prompts`);
  return { vectors: e.vectors, n: e.n, dim: e.dim };
}

/** Teacher first-sample vectors from an `embed --out` JSONL file, one row per prompt (missing rows stay zero). */
function responseEmbeddings(file: string, ds: Dataset, teacher: string): PromptVectors {
  const t = parseEmbeddingJsonl(readFileSync(file, 'utf8'), file);
  const rows = t.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.dataset === ds.id && r.system === teacher && r.sample === 0);
  if (!rows.length) throw new Error(`${file}: no vectors for ${ds.id} / ${teacher} sample 0`);
  const vectors = new Float32Array(ds.prompts.length * t.dim);
  for (const { r, i } of rows) if (r.prompt < ds.prompts.length) vectors.set(t.vectors.subarray(i * t.dim, (i + 1) * t.dim), r.prompt * t.dim);
  return { vectors, n: ds.prompts.length, dim: t.dim };
}

export const command: Command = {
  summary: 'run a URIAL configuration (run.json) on an OpenAI-compatible base endpoint; writes samples.jsonl + args.json',
  usage: [
    'usage: npm run cli -- generate <data-folder> --dataset D --config run.json --out <folder> [--prompts 0-9]',
    '                              [--response-vectors embed.jsonl] [--concurrency 2] [--resume] [--json]',
    '',
    'run.json: {"endpoint": {"server": "vllm|llama-cpp|ollama|tgi|openai|other", "baseUrl": "http://host:port", "model": "…"},',
    '           "preset": "zero-shot|fixed|random|knn-prompt|knn-response|summary" (or "template": {…}),',
    '           "teacher": "llama-2-chat", "hint": {"source": "teacher-summary|generated|text"}, "hintEndpoint": {…},',
    '           "params": {"n": 5, "temperature": 0.5, "maxTokens": 700, "stop": ["```"], "repetitionPenalty": 1.1, "seed": 0},',
    '           "contextTokens": 4096}',
    'The API key is read from OVERTON_API_KEY. Writes <out>/<D>/instances/data.jsonl and <out>/<D>/outputs/<system>/',
    '(samples.jsonl, one line per prompt as it finishes, + args.json with the run record), which `inspect` and the',
    "app import like the paper's own systems. The system is named in the paper's handle grammar unless \"system\" is given.",
    '--resume continues an interrupted run in the same --out (same configuration) after its last complete line.',
  ].join('\n'),
  run: (argv) => runGenerate(argv),
};
