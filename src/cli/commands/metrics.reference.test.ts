// The `metrics` and `judges` commands end to end: --json over the paper data equals reference.json, and an unseen
// folder (written to a temp dir) works too.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJudges } from './judges';
import { runMetrics } from './metrics';
import { PAPER_REFERENCE, paperDataDir } from '../../node/paper-data';

const data = paperDataDir();
const reference = JSON.parse(readFileSync(PAPER_REFERENCE, 'utf8')) as Record<string, Record<string, unknown>[]>;

async function run(fn: typeof runMetrics, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('metrics --json', () => {
  it('prints one object per dataset × split × system with the reference values', async () => {
    const { code, out } = await run(runMetrics, [data, '--dataset', 'LIMA-OE', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    const want = reference.outputs!.filter((r) => r.dataset === 'LIMA-OE');
    expect(rows).toHaveLength(want.length);
    expect(Object.keys(rows[0]!).slice(0, 4)).toEqual(['dataset', 'split', 'system', 'n_prompts']);
    for (const w of want) {
      const { model, status: _s, ...fields } = w;
      const got = rows.find((r) => r.split === w.split && r.system === model);
      expect(got, `${w.split}/${model}`).toMatchObject(fields);
    }
  });
  it('filters systems and split, and switches tokenizer', async () => {
    const args = [data, '--dataset', 'ConflictingQA', '--systems', 'gpt-3.5-turbo,llama-2-base', '--split', 'outputs', '--json'];
    const regex = JSON.parse((await run(runMetrics, args)).out) as { system: string; jaccard_all: number }[];
    const tb = JSON.parse((await run(runMetrics, [...args, '--tokenizer', 'treebank'])).out) as typeof regex;
    expect(regex.map((r) => r.system)).toEqual(['gpt-3.5-turbo', 'llama-2-base']);
    expect(tb[0]!.jaccard_all).not.toBe(regex[0]!.jaccard_all);
  });
  it('fails clearly on an unknown dataset and on bad usage', async () => {
    expect((await run(runMetrics, [data, '--dataset', 'Nope'])).err).toMatch(/no dataset "Nope".*LIMA-OE/);
    expect((await run(runMetrics, [])).code).toBe(2);
    expect((await run(runMetrics, [data, '--tokenizer', 'x'])).code).toBe(2);
  });
});

describe('judges --json', () => {
  it('prints judge and BERTScore objects with the reference values', async () => {
    const { code, out } = await run(runJudges, [data, '--json']);
    expect(code).toBe(0);
    const objs = JSON.parse(out) as Record<string, unknown>[];
    for (const w of reference.judge!) {
      const { status: _s, ...fields } = w;
      expect(objs.find((o) => o.dataset === w.dataset && o.kind === w.kind && o.name === w.name)).toMatchObject(fields);
    }
    for (const w of reference.bertscore!) {
      const { status: _s, pair, ...fields } = w;
      expect(objs.find((o) => o.dataset === w.dataset && o.kind === 'bertscore' && o.name === pair)).toMatchObject(fields);
    }
  });
});

describe('an unseen folder', () => {
  it('works for a small dataset in the paper layout', async () => {
    const root = mkdtempSync(join(tmpdir(), 'overton-metrics-'));
    const ds = join(root, 'MyData');
    mkdirSync(join(ds, 'instances'), { recursive: true });
    mkdirSync(join(ds, 'outputs', 'my-model'), { recursive: true });
    mkdirSync(join(ds, 'eval-stance', 'outputs', 'my-model'), { recursive: true });
    writeFileSync(join(ds, 'instances', 'data.jsonl'), '{"prompt": "Is it?"}\n{"prompt": "Or not?"}\n');
    const line = (...t: string[]) => JSON.stringify({ ok: true, outputs: t.map((s) => ({ message: { content: s } })) });
    writeFileSync(join(ds, 'outputs', 'my-model', 'samples.jsonl'), `${line('Yes it is.', 'No it is not.')}\n${line('1. a\n2. b', 'Maybe')}\n`);
    const judge = (s: string) => line(JSON.stringify({ stance: s }));
    writeFileSync(join(ds, 'eval-stance', 'outputs', 'my-model', 'samples.jsonl'), [judge('yes'), judge('no'), judge('both'), judge('Both')].join('\n') + '\n');
    const m = JSON.parse((await run(runMetrics, [root, '--json'])).out) as Record<string, unknown>[];
    expect(m).toMatchObject([{ dataset: 'MyData', split: 'outputs', system: 'my-model', n_prompts: 2, n_responses: 4, frac_numbered_list: 0.25 }]);
    const j = JSON.parse((await run(runJudges, [root, '--json'])).out) as Record<string, unknown>[];
    expect(j).toMatchObject([{ dataset: 'MyData', kind: 'eval-stance', name: 'my-model', frac_prompts_yes_and_no: 0.5, frac_prompts_any_both: 0.5, frac_both: 0.5 }]);
  });
});
