// What a user sees from the commands on bad flags, typos and unusual input: exit codes and messages, not figures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Output } from '../args';
import { runInspect } from './inspect';
import { runJudges } from './judges';
import { runMetrics } from './metrics';

const repo = resolve(__dirname, '../../..');
const paper = resolve(repo, 'test/fixtures/inspect/paper');
const otherColumns = resolve(repo, 'test/fixtures/cli/other-columns.csv');

async function run(fn: (argv: string[], io: Output) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bad usage exits 2 with the reason and the usage', () => {
  it.each([
    ['metrics', runMetrics, [paper, '--bogus']],
    ['metrics', runMetrics, [paper, '--dataset']],
    ['metrics', runMetrics, [paper, '--digits', 'abc']],
    ['metrics', runMetrics, [paper, '--json', '--csv']],
    ['judges', runJudges, [paper, '--kind', 'nope']],
    ['judges', runJudges, [paper, '--verbose']],
    ['inspect', runInspect, [paper, '--bogus']],
    ['inspect', runInspect, [paper, paper]],
  ] as const)('%s %j', async (_name, fn, argv) => {
    const r = await run(fn, [...argv]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^(unknown option|--\w+ needs a value|--\w+ must|choose one|one <)[^\n]*\n\nusage: /);
  });
});

describe('filters that match nothing fail instead of printing an empty table', () => {
  it('metrics --systems with a typo names the systems there are', async () => {
    const r = await run(runMetrics, [paper, '--systems', 'olmo-7b-chatt', '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no system "olmo-7b-chatt" in .*\(have: olmo-7b-chat, olmo-7b-icl-chat-rand\)/);
  });
  it('metrics keeps the systems that exist and warns about the others', async () => {
    const r = await run(runMetrics, [paper, '--systems', 'olmo-7b-chat,nope', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { system: string }[]).map((x) => x.system)).toEqual(['olmo-7b-chat']);
    expect(r.err).toContain('warning: no system "nope"');
  });
  it('metrics and judges on an empty folder exit 1, as inspect does', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'overton-empty-'));
    for (const fn of [runMetrics, runJudges, runInspect]) {
      const r = await run(fn, [empty, '--json']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('nothing to import');
    }
  });
  it('judges on data without judge outputs says so and succeeds', async () => {
    const r = await run(runJudges, [paper, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([]);
    expect(r.err).toContain('no judge or BERTScore outputs');
  });
});

describe('a CSV whose column names are not recognised', () => {
  it('is reported with its columns, then read with --columns naming only the unusual ones', async () => {
    const bare = await run(runMetrics, [otherColumns]);
    expect(bare.code).toBe(1);
    expect(bare.err).toMatch(/other-columns\.csv:1: error: missing columns for prompt, system, text; found columns: q, engine, reply/);
    const r = await run(runMetrics, [otherColumns, '--columns', 'prompt=q,system=engine,text=reply', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject([
      { dataset: 'other-columns', system: 'foo-base', n_prompts: 1, n_responses: 2 },
      { dataset: 'other-columns', system: 'foo-chat', n_prompts: 1, n_responses: 1 },
    ]);
  });
  it('inspect takes --columns too, and guesses the fields left out', async () => {
    const r = await run(runInspect, [resolve(repo, 'test/fixtures/inspect/generic/runs.csv'), '--columns', 'text=response', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { system: string }[]).map((x) => x.system)).toEqual(['foo-base', 'foo-chat']);
  });
});
