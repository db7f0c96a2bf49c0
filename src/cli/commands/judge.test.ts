// `judge` on a paper system through the test server writes a judge file that `judges` aggregates like the paper's.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer } from '../../../e2e/llm-server/server';
import type { Output } from '../args';
import { runJudgeCommand } from './judge';
import { runJudges } from './judges';
import { paperDataDir } from '../../node/paper-data';

const paper = paperDataDir();

let server: LlmServer;
let dir: string;
beforeAll(async () => {
  server = await startLlmServer();
  dir = mkdtempSync(join(tmpdir(), 'overton-judge-'));
});
afterAll(() => server.close());

async function run(fn: (argv: string[], io: Output) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.skipIf(!existsSync(join(paper, 'LIMA-OE')))('judge', () => {
  it('quality and missing information on LIMA-OE prompts 0-1, aggregated by `judges`', async () => {
    const config = join(dir, 'judge.json');
    writeFileSync(config, JSON.stringify({ endpoint: { server: 'openai', baseUrl: server.url, model: 'overton-test-chat' } }));
    const out = join(dir, 'out');
    const q = await run((a, io) => runJudgeCommand(a, io), [paper, '--dataset', 'LIMA-OE', '--system', 'llama-2-icl', '--kind', 'eval-quality', '--prompts', '0-1', '--config', config, '--out', out, '--json']);
    expect(q.code).toBe(0);
    expect(JSON.parse(q.out)).toMatchObject({ dataset: 'LIMA-OE', kind: 'eval-quality', name: 'llama-2-icl', items: 10, judged: 10, failed: 0 });
    const m = await run((a, io) => runJudgeCommand(a, io), [paper, '--dataset', 'LIMA-OE', '--system', 'llama-2-base', '--kind', 'eval-missing', '--reference', 'llama-2-chat', '--prompts', '0-1', '--config', config, '--out', out]);
    expect(m.code).toBe(0);
    const agg = await run(runJudges, [out, '--json']);
    expect(agg.code).toBe(0);
    const rows = JSON.parse(agg.out) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({ dataset: 'LIMA-OE', kind: 'eval-missing', name: 'ref_llama-2-chat--alt_llama-2-base', rows: 10, parse_failures: 0 }),
      expect.objectContaining({ dataset: 'LIMA-OE', kind: 'eval-quality', name: 'llama-2-icl', rows: 10, samples_per_prompt: 5, parse_failures: 0 }),
    ]);
    expect(rows[1]!.avg5_all).toEqual(expect.any(Number));
  });

  it('usage and config errors', async () => {
    expect((await run((a, io) => runJudgeCommand(a, io), [paper, '--system', 's', '--kind', 'eval-missing', '--config', 'x', '--out', 'y'])).err).toMatch(/needs --reference/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ endpoint: { baseUrl: server.url, model: 'm', apiKey: 'k' } }));
    const r = await run((a, io) => runJudgeCommand(a, io), [paper, '--dataset', 'LIMA-OE', '--system', 'llama-2-icl', '--kind', 'eval-stance', '--config', bad, '--out', join(dir, 'z')]);
    expect(r).toMatchObject({ code: 1, err: expect.stringContaining('OVERTON_API_KEY') });
  });
});
