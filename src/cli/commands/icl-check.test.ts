// `icl-check` on a copy of LIMA-OE made at test time with every dataset and system renamed, plus one tampered system: it must find them by content, handle and args.json alone.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IclCheckRow } from '../../core/urial/check';
import type { Output } from '../args';
import { runIclCheck } from './icl-check';
import { paperDataDir } from '../../node/paper-data';

const lima = join(paperDataDir(), 'LIMA-OE');

async function check(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runIclCheck(argv, { out: (s) => out.push(s), err: (s) => err.push(s) } satisfies Output);
  return { code, out, err: err.join('\n') };
}

let dir: string;

/** `NEW-SET`: LIMA-OE's instances and a few systems under names the paper never used. */
function makeFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'overton-icl-check-'));
  const ds = join(root, 'NEW-SET');
  const copy = (from: string, to: string, edit?: (text: string) => string) => {
    mkdirSync(join(ds, to, '..'), { recursive: true });
    if (edit) writeFileSync(join(ds, to), edit(readFileSync(join(lima, from), 'utf8')));
    else copyFileSync(join(lima, from), join(ds, to));
  };
  copy('instances/data.jsonl', 'instances/data.jsonl');
  copy('instances/embeddings-prompt_similar.npz', 'instances/embeddings-prompt_similar.npz');
  // Teachers under new names.
  copy('outputs/llama-2-chat/samples.jsonl', 'outputs/acme-7b-chat/samples.jsonl');
  copy('outputs/gpt-3.5-turbo/samples.jsonl', 'outputs/mentor/samples.jsonl');
  // kNN by prompt, known only from the handle grammar (no args.json).
  copy('outputs/llama-2-icl-chat-knn-prompt_similar/samples.jsonl', 'outputs/acme-7b-icl-chat-knn-prompt_similar/samples.jsonl');
  // kNN by prompt, known only from args.json (the name says nothing; the teacher is named in output_file).
  copy('outputs/llama-2-icl-gpt-3.5-knn-prompt_similar/samples.jsonl', 'outputs/mystery-system/samples.jsonl');
  copy('outputs/llama-2-icl-gpt-3.5-knn-prompt_similar/args.json', 'outputs/mystery-system/args.json', (t) => t.replaceAll('gpt-3.5-turbo/samples.jsonl', 'mentor/samples.jsonl').replaceAll('llama-2-icl-gpt-3.5-knn', 'mystery'));
  // Not kNN: random examples under an unknown name.
  copy('outputs/llama-2-icl-chat-rand/samples.jsonl', 'outputs-temp0/zzz-thing/samples.jsonl');
  // Tampered: prompt 5 lists its first two examples in swapped order (still a valid prompt, no longer the kNN order).
  copy('outputs/llama-2-icl-chat-knn-prompt_similar/samples.jsonl', 'outputs/acme-7b-icl-chat-knn-prompt_similar-run2/samples.jsonl', (t) =>
    t.split('\n').map((line, i) => (i === 5 ? swapFirstTwoExamples(line) : line)).join('\n'),
  );
  return root;
}

function swapFirstTwoExamples(line: string): string {
  const rec = JSON.parse(line) as { prompt: string };
  const parts = rec.prompt.split('# Query:\n');
  [parts[1], parts[2]] = [parts[2]!, parts[1]!];
  return JSON.stringify({ ...rec, prompt: parts.join('# Query:\n') });
}

describe.skipIf(!existsSync(join(lima, 'instances/embeddings-prompt_similar.npz')))('icl-check on unseen names', () => {
  beforeAll(() => {
    dir = makeFixture();
  });

  it('prints one JSON object per dataset × system and finds kNN systems by handle or args.json', async () => {
    const r = await check([dir, '--json']);
    const rows = r.out.map((l) => JSON.parse(l) as IclCheckRow);
    expect(rows).toEqual([
      { dataset: 'NEW-SET', system: 'acme-7b-chat', prompts: 50, roundtrip_identical: true, examples_reselected_identical: null },
      { dataset: 'NEW-SET', system: 'acme-7b-icl-chat-knn-prompt_similar', prompts: 50, roundtrip_identical: true, examples_reselected_identical: true },
      { dataset: 'NEW-SET', system: 'acme-7b-icl-chat-knn-prompt_similar-run2', prompts: 50, roundtrip_identical: true, examples_reselected_identical: false },
      { dataset: 'NEW-SET', system: 'mystery-system', prompts: 50, roundtrip_identical: true, examples_reselected_identical: true },
      { dataset: 'NEW-SET', system: 'zzz-thing', prompts: 50, roundtrip_identical: true, examples_reselected_identical: null },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['dataset', 'system', 'prompts', 'roundtrip_identical', 'examples_reselected_identical']);
    // The tampered copy differs on prompt 5 and nowhere else.
    expect(r.err.split('\n').filter((l) => l.includes('other examples'))).toEqual(['NEW-SET/outputs/acme-7b-icl-chat-knn-prompt_similar-run2: prompt 5 has other examples than kNN re-selection']);
    expect(r.code).toBe(1);
  });

  it('exits 0 when everything matches, and says when a folder has no prompts', async () => {
    const ok = await check([join(dir, 'NEW-SET'), '--dataset', 'NEW-SET']);
    expect(ok.out.join('\n')).toMatch(/acme-7b-icl-chat-knn-prompt_similar +50 +true +true/);
    const empty = mkdtempSync(join(tmpdir(), 'overton-icl-empty-'));
    mkdirSync(join(empty, 'D/instances'), { recursive: true });
    writeFileSync(join(empty, 'D/instances/data.jsonl'), '{"messages":[{"role":"user","content":"q"}]}\n');
    expect(await check([empty, '--json'])).toMatchObject({ code: 1, err: expect.stringContaining('no samples.jsonl with a rendered "prompt"') });
    expect((await check([])).code).toBe(2);
  });
});
