// Import warnings reach every command that imports (not only `inspect`), and judge outputs the tables cannot read
// are located as file:line rather than only counted.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Output } from '../args';
import { runInspect } from './inspect';
import { runJudges } from './judges';
import { runMetrics } from './metrics';

const repo = resolve(__dirname, '../../..');
const judgeBad = resolve(repo, 'test/fixtures/judge-bad-lines');
const moreLines = resolve(repo, 'test/fixtures/bad-input/more-lines');

async function run(fn: (argv: string[], io: Output) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const located = 'D/eval-stance/outputs/sys/samples.jsonl:2: warning: eval-stance output is not JSON (counted as a parse failure): "I think the answer is both"';

describe('judge lines that are not JSON', () => {
  it('are located as file:line by inspect and by judges, which still counts them', async () => {
    const ins = await run(runInspect, [judgeBad, '--json']);
    expect(ins.err).toContain(located);
    const j = await run(runJudges, [judgeBad, '--json']);
    expect(j.code).toBe(0);
    expect(j.err).toContain(located);
    expect(JSON.parse(j.out)).toMatchObject([{ kind: 'eval-stance', name: 'sys', rows: 2, unparsed: 1, frac_yes: 0.5 }]);
  });
});

describe('metrics prints the import warnings inspect prints', () => {
  it('every problem line of inspect appears on metrics stderr', async () => {
    const ins = await run(runInspect, [moreLines, '--json']);
    const lines = ins.err.split('\n').filter((l) => /: (warning|error): /.test(l));
    expect(lines.some((l) => l.includes(': warning: '))).toBe(true);
    const m = await run(runMetrics, [moreLines, '--json']);
    expect(m.code).toBe(0);
    for (const l of lines) expect(m.err).toContain(l);
  });
});
