// `semantic` CLI on a tiny three-system fixture: embeds with the bundled model, fills the teacher columns, agrees with precomputed vectors, rejects bad args.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { command as embed } from './embed';
import { runSemantic } from './semantic';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = resolve(root, 'test/fixtures/semantic/data');
const hasModel = existsSync(resolve(root, 'public/models/overton/use-lite/onnx/model.onnx'));

/** Runs the command, collecting stdout and stderr. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSemantic(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

type Row = { system: string; kind: string; samples: number; within_cosine: number; distinct: number; of_n: number; teacher: string | null; to_teacher: number | null; teacher_self: number | null; ratio: number | null };

describe.skipIf(!hasModel)('semantic command (real USE-lite)', () => {
  it('prints one row per system; the ICL system gets its teacher figures; aligned samples are less diverse than base', async () => {
    const r = await run([fixture, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Row[];
    expect(rows.map((x) => [x.system, x.kind, x.samples, x.of_n])).toEqual([
      ['llama-2-base', 'base', 6, 3],
      ['llama-2-chat', 'aligned', 6, 3],
      ['llama-2-icl-chat', 'icl', 6, 3],
    ]);
    const [base, chat, icl] = rows as [Row, Row, Row];
    expect(chat.within_cosine).toBeGreaterThan(base.within_cosine + 0.3);
    expect(chat.distinct).toBeLessThan(base.distinct);
    expect(icl.teacher).toBe('llama-2-chat');
    expect(icl.ratio).toBeCloseTo(icl.to_teacher! / icl.teacher_self!, 3);
    expect(base.teacher).toBeNull();
  });

  it('with --systems embeds the teacher too but prints only the chosen; --vectors gives the same figures', async () => {
    const vectors = join(mkdtempSync(join(tmpdir(), 'overton-semantic-')), 'v.jsonl');
    const quiet = [vi.spyOn(console, 'error').mockImplementation(() => undefined), vi.spyOn(console, 'log').mockImplementation(() => undefined)];
    try {
      expect(await embed.run([fixture, '--out', vectors])).toBe(0);
    } finally {
      quiet.forEach((q) => q.mockRestore());
    }
    const a = JSON.parse((await run([fixture, '--systems', 'llama-2-icl-chat', '--json'])).out) as Row[];
    const b = JSON.parse((await run([fixture, '--systems', 'llama-2-icl-chat', '--vectors', vectors, '--json'])).out) as Row[];
    expect(a.map((x) => x.system)).toEqual(['llama-2-icl-chat']);
    expect(a[0]!.teacher).toBe('llama-2-chat');
    expect(b).toEqual(a);
  });

  it('adds sentence coverage and writes CSV', async () => {
    const r = await run([fixture, '--systems', 'llama-2-base', '--coverage', 'llama-2-base,llama-2-chat', '--json']);
    const j = JSON.parse(r.out) as { coverage: { result: { byAligned: number; byOtherBase: number } }[] };
    expect(j.coverage[0]!.result.byAligned).toBeGreaterThan(j.coverage[0]!.result.byOtherBase);
    const csv = (await run([fixture, '--systems', 'llama-2-chat', '--csv'])).out.split(/\r?\n/);
    expect(csv[0]).toBe('dataset,split,system,kind,samples,prompts,within_cosine,distinct,of_n,teacher,to_teacher,teacher_self,ratio');
    expect(csv[1]).toMatch(/^Mini,outputs,llama-2-chat,aligned,6,2,0\.\d{4},1\.00,3,,,,$/);
  });
});

describe('semantic command arguments', () => {
  it('rejects a missing folder, a threshold outside (-1, 1] and an unknown method', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([fixture, '--threshold', '2'])).code).toBe(2);
    expect((await run([fixture, '--method', 'kmeans'])).code).toBe(2);
  });
});
