// `generate` against the in-process test server writes the paper's layout that `inspect` counts; with the paper's preamble it rebuilds the paper's kNN prompts byte for byte.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer } from '../../../e2e/llm-server/server';
import { describeSystem } from '../../core/model/system';
import { parsePrompt } from '../../core/urial/prompt';
import type { Output } from '../args';
import { runGenerate } from './generate';
import { runInspect, type InspectRow } from './inspect';
import { paperDataDir } from '../../node/paper-data';

const paper = paperDataDir();
const knnFile = join(paper, 'LIMA-OE/outputs/llama-2-icl-chat-knn-prompt_similar/samples.jsonl');

let server: LlmServer;
let dir: string;
beforeAll(async () => {
  server = await startLlmServer({ dataDir: paper });
  dir = mkdtempSync(join(tmpdir(), 'overton-generate-'));
});
afterAll(() => server.close());

async function run(fn: (argv: string[], io: Output) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const gen = (argv: string[]) => run((a, io) => runGenerate(a, io), argv);
const writeConfig = (name: string, value: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(value));
  return f;
};
const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe.skipIf(!existsSync(knnFile))('generate', () => {
  it('kNN by prompt with the paper preamble: the paper prompts exactly, 5 samples each, and inspect counts the run', async () => {
    const first = parsePrompt((lines(knnFile)[0] as { prompt: string }).prompt);
    if (!first.ok || first.prompt.format !== 'urial') throw new Error('paper prompt does not parse');
    const config = writeConfig('knn.json', {
      endpoint: { server: 'vllm', baseUrl: server.url, model: 'overton-test-base' },
      template: { preamble: first.prompt.preamble, selection: { kind: 'knn-prompt', k: 3 }, hint: false },
      teacher: 'llama-2-chat',
      base: 'llama-2',
      params: { n: 5, temperature: 0.5, maxTokens: 700, stop: ['```'], repetitionPenalty: 1.1, seed: 3 },
    });
    const out = join(dir, 'out');
    const r = await gen([paper, '--dataset', 'LIMA-OE', '--config', config, '--out', out, '--prompts', '0-2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ system: 'llama-2-icl-chat-knn-prompt_similar', prompts: 3, samples: 15, failed: 0 });
    const sys = join(out, 'LIMA-OE/outputs/llama-2-icl-chat-knn-prompt_similar');
    const mine = lines(join(sys, 'samples.jsonl'));
    expect(mine.map((l) => l.prompt)).toEqual(lines(knnFile).slice(0, 3).map((l) => l.prompt));
    expect(mine.every((l) => (l.outputs as { generated_text?: string }[]).length === 5 && (l.outputs as { generated_text?: string }[]).every((o) => o.generated_text && !o.generated_text.includes('```')))).toBe(true);
    const args = JSON.parse(readFileSync(join(sys, 'args.json'), 'utf8')) as Record<string, unknown>;
    expect(describeSystem('llama-2-icl-chat-knn-prompt_similar', args)).toMatchObject({ kind: 'icl', teacherSystem: 'llama-2-chat', modelId: 'overton-test-base', decoding: { numSamples: 5, temperature: 0.5 } });
    expect(args.overton).toMatchObject({ version: 1, teacher: 'llama-2-chat', prompts: [0, 1, 2], endpoint: { server: 'vllm', model: 'overton-test-base' } });

    const ins = await run(runInspect, [out, '--json']);
    expect(ins.code).toBe(0);
    expect(JSON.parse(ins.out) as InspectRow[]).toEqual([
      expect.objectContaining({ dataset: 'LIMA-OE', split: 'outputs', system: 'llama-2-icl-chat-knn-prompt_similar', kind: 'icl', teacher: 'chat', selection: 'knn', n_prompts: 3, samples_per_prompt: { 5: 3 }, n_responses: 15, n_errors: 0 }),
    ]);
  });

  it('summary hints from the teacher, and a failing server recorded as failed samples', async () => {
    const config = writeConfig('sum.json', {
      endpoint: { server: 'llama-cpp', baseUrl: server.url, model: 'overton-test-base', headers: { 'x-fail': 'reset' } },
      preset: 'summary',
      base: 'llama-2',
      teacher: 'llama-2-chat',
      params: { n: 2 },
    });
    const out = join(dir, 'out-fail');
    const r = await gen([paper, '--dataset', 'LIMA-OE', '--config', config, '--out', out, '--prompts', '4', '--concurrency', '1']);
    expect(r.code).toBe(1);
    const [line] = lines(join(out, 'LIMA-OE/outputs/llama-2-icl-chat-summary/samples.jsonl'));
    const p = parsePrompt(line!.prompt as string);
    expect(p.ok && p.prompt.format === 'urial' && p.prompt.hint).toMatch(/\w/);
    expect(line!.outputs).toEqual([expect.objectContaining({ error_type: 'network' }), expect.objectContaining({ error_type: 'network' })]);
    const ins = await run(runInspect, [out, '--json']);
    expect(JSON.parse(ins.out)).toEqual([expect.objectContaining({ system: 'llama-2-icl-chat-summary', hint: 'summary', n_errors: 2, n_responses: 0 })]);
  });

  it('--resume continues an interrupted run after its last complete line, and refuses another configuration', async () => {
    const cfg = { endpoint: { server: 'vllm', baseUrl: server.url, model: 'overton-test-base' }, preset: 'random', teacher: 'llama-2-chat', base: 'llama-2', params: { n: 2, seed: 5 } };
    const config = writeConfig('resume.json', cfg);
    const out = join(dir, 'out-resume');
    const argv = [paper, '--dataset', 'LIMA-OE', '--config', config, '--out', out, '--prompts', '0-3'];
    expect((await gen(argv)).code).toBe(0);
    const file = join(out, 'LIMA-OE/outputs/llama-2-icl-chat-rand/samples.jsonl');
    const full = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    // An interruption mid-write: two complete lines and a torn third.
    writeFileSync(file, `${full[0]}\n${full[1]}\n${full[2]!.slice(0, 50)}`);
    const before = server.requests.length;
    const r = await gen([...argv, '--resume']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('2 of 4 prompts already done');
    expect(server.requests.slice(before).map((q) => q.path)).toEqual(['/v1/completions', '/v1/completions']);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toEqual(full);
    const other = writeConfig('resume2.json', { ...cfg, params: { n: 3, seed: 5 } });
    const o = await gen([paper, '--dataset', 'LIMA-OE', '--config', other, '--out', out, '--prompts', '0-3', '--resume']);
    expect(o).toMatchObject({ code: 1, err: expect.stringContaining('another configuration') });
  });

  it('bad configs and options say what is wrong', async () => {
    const bad = writeConfig('bad.json', { endpoint: { server: 'nope', baseUrl: 'localhost', apiKey: 'sk' }, preset: 'knn-prompt', params: { n: 0 } });
    const r = await gen([paper, '--dataset', 'LIMA-OE', '--config', bad, '--out', join(dir, 'x')]);
    expect(r.code).toBe(1);
    for (const m of ['endpoint.server', 'endpoint.baseUrl', 'endpoint.model', 'OVERTON_API_KEY', 'params.n', '"teacher" is needed']) expect(r.err).toContain(m);
    expect(r.err).toContain('bad.json: ');
    const cfg = writeConfig('ok.json', { endpoint: { server: 'vllm', baseUrl: server.url, model: 'm' }, preset: 'fixed', params: {} });
    expect((await gen([paper, '--config', cfg, '--out', join(dir, 'y')])).err).toMatch(/2 datasets .*--dataset/);
    expect((await gen([paper, '--dataset', 'LIMA-OE', '--config', cfg, '--out', join(dir, 'y'), '--prompts', '40-60'])).err).toMatch(/prompt 60 does not exist/);
    expect((await gen([paper, '--dataset', 'LIMA-OE', '--out', join(dir, 'y')])).code).toBe(2);
  });
});
