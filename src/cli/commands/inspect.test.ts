// `inspect`: text table, --json rows (one per dataset × split × system) on stdout, problems on stderr; unseen systems and CSV.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInspect, type InspectRow } from './inspect';

const repo = resolve(__dirname, '../../..');
const fixtures = resolve(repo, 'test/fixtures/inspect');

async function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runInspect(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('inspect', () => {
  it('--json: a pure JSON array on stdout, problems as file:line on stderr (paper layout, systems never seen before)', async () => {
    const r = await capture([resolve(fixtures, 'paper'), '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as InspectRow[];
    expect(rows).toEqual([
      {
        dataset: 'Tiny', split: 'outputs', system: 'olmo-7b-icl-chat-rand', kind: 'icl', family: 'olmo-7b', teacher: 'chat', selection: 'random', hint: null,
        n_prompts: 2, samples_per_prompt: { 2: 2 }, n_responses: 3, n_errors: 1,
      },
      {
        dataset: 'Tiny', split: 'outputs-temp0', system: 'olmo-7b-chat', kind: 'aligned', family: 'olmo-7b', teacher: null, selection: null, hint: null,
        n_prompts: 2, samples_per_prompt: { 0: 1, 1: 1 }, n_responses: 1, n_errors: 1,
      },
    ]);
    expect(r.err).toMatch(/^data\/Tiny\/outputs-temp0\/olmo-7b-chat\/samples\.jsonl:2: error: not valid JSON/m);
  });

  it('text table by default, and generic CSV files', async () => {
    const r = await capture([resolve(fixtures, 'generic')]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^dataset\s+split\s+system\s+kind/);
    expect(lines.slice(2)).toEqual([expect.stringMatching(/^Mine\s+outputs\s+foo-base\s+base\b.*\s2×1\s+2\s+0$/), expect.stringMatching(/^Mine\s+outputs\s+foo-chat\s+aligned\b/)]);
    expect(r.err).toContain('2 runs; 0 errors, 0 warnings');
  });

  it('exit code 1 with nothing importable, 2 without a folder', async () => {
    expect((await capture([resolve(repo, 'test/fixtures/bad-input/not-a-dataset'), '--json'])).code).toBe(1);
    expect((await capture([])).code).toBe(2);
  });

  it('runs as `tsx src/cli/main.ts inspect ... --json`', () => {
    const p = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inspect', 'test/fixtures/bad-input/more-lines', '--json'], { cwd: repo, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout)).toHaveLength(1);
    expect(p.stderr).toContain('D/outputs/llama-2-icl/samples.jsonl:4: warning:');
  });
});
