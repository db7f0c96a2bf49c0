// importPaperData / importAny on in-memory trees: where datasets are found, filtering, progress, unreadable files.
import { describe, expect, it } from 'vitest';
import { importAny } from './detect';
import { memorySource, type FileSource } from './file-source';
import { findDatasetRoots, importPaperData } from './paper-layout';

const jl = (...o: unknown[]) => o.map((x) => JSON.stringify(x) + '\n').join('');
const inst = jl({ messages: [{ role: 'user', content: 'Q0' }], id: 7 }, { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'Q1' }] });
const tgi = jl({ prompt: 'p', outputs: [{ generated_text: 'a\n```' }] }, { prompt: 'p', outputs: [{ generated_text: 'b' }] });
const dataset = (prefix: string) => ({
  [`${prefix}instances/data.jsonl`]: inst,
  [`${prefix}outputs/llama-2-icl/samples.jsonl`]: tgi,
  [`${prefix}outputs/llama-2-icl/args.json`]: JSON.stringify({ server: { model_id: 'm' }, params: { temperature: 0.5, num_samples: 1 } }),
  [`${prefix}outputs-temp0/llama-2-icl/samples.jsonl`]: tgi,
  [`${prefix}outputs-temp0/llama-2-icl/args.json`]: JSON.stringify({ server: { model_id: 'm' }, params: { do_sample: false, num_samples: 1 } }),
  [`${prefix}eval-quality/outputs/llama-2-icl/samples.jsonl`]: jl({ ok: true, outputs: [{ message: { content: '{}' } }] }, { ok: false }),
  [`${prefix}summaries-outputs/outputs/llama-2-chat/samples.jsonl`]: jl({ ok: true, outputs: [{ message: { content: ' S0 ' } }] }, { ok: false }),
  [`${prefix}bertscore/inputs/x--y.json`]: 'not even read',
});

describe('findDatasetRoots', () => {
  it('finds data/ folders, one dataset folder, or datasets deeper down; never eval-* or summaries-*', () => {
    expect(findDatasetRoots(Object.keys(dataset('A/')).concat(Object.keys(dataset('B/'))), 'data')).toEqual([
      { root: 'A', name: 'A' },
      { root: 'B', name: 'B' },
    ]);
    expect(findDatasetRoots(Object.keys(dataset('')), '/home/me/LIMA-OE/')).toEqual([{ root: '', name: 'LIMA-OE' }]);
    expect(findDatasetRoots(Object.keys(dataset('investigating-alignment/data/X/')), 'clone')).toEqual([{ root: 'investigating-alignment/data/X', name: 'X' }]);
  });
});

describe('importPaperData', () => {
  it('reads prompts, both splits, judges, summaries; per-split args', async () => {
    const r = await importPaperData(memorySource(dataset('data/D/'), 'clone'));
    expect(r.problems).toEqual([]);
    const ds = r.datasets[0]!;
    expect(ds.id).toBe('D');
    expect(ds.prompts).toEqual([
      { id: 'p0', index: 0, text: 'Q0', meta: { id: 7 } },
      { id: 'p1', index: 1, text: 'Q1' },
    ]);
    expect(ds.samples.map((s) => [s.split, s.prompt, s.text])).toEqual([
      ['outputs', 0, 'a'],
      ['outputs', 1, 'b'],
      ['outputs-temp0', 0, 'a'],
      ['outputs-temp0', 1, 'b'],
    ]);
    const sys = ds.systems[0]!;
    expect(sys.decoding?.temperature).toBe(0.5);
    expect(sys.splits?.['outputs-temp0']?.decoding?.temperature).toBe(0);
    expect(ds.judges.map((j) => [j.kind, j.name, j.system, j.prompt, j.sample, j.content])).toEqual([
      ['eval-quality', 'llama-2-icl', 'llama-2-icl', 0, 0, '{}'],
      ['eval-quality', 'llama-2-icl', 'llama-2-icl', 1, 0, null],
    ]);
    expect(ds.summaries).toEqual([
      { split: 'summaries-outputs', source: 'llama-2-chat', prompt: 0, text: 'S0' },
      { split: 'summaries-outputs', source: 'llama-2-chat', prompt: 1, text: null },
    ]);
    expect(r.problems.find((p) => p.message.includes('summaries'))).toBeUndefined();
  });

  it('datasets filter, and a missing dataset is reported', async () => {
    const r = await importPaperData(memorySource({ ...dataset('A/'), ...dataset('B/') }), { datasets: ['B', 'C'] });
    expect(r.datasets.map((d) => d.id)).toEqual(['B']);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'error', message: 'dataset "C" not found' })]);
  });

  it('reports progress over every file it reads (not the pipeline inputs)', async () => {
    const calls: [number, number, string][] = [];
    await importPaperData(memorySource(dataset('')), { onProgress: (d, t, f) => calls.push([d, t, f]) });
    expect(calls).toHaveLength(7);
    expect(calls.map((c) => c[0])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(calls.every((c) => c[1] === 7)).toBe(true);
    expect(calls.map((c) => c[2])).not.toContain('bertscore/inputs/x--y.json');
  });

  it('an unreadable file is a problem, not a throw', async () => {
    const base = memorySource(dataset(''));
    const flaky: FileSource = { label: 'flaky', list: base.list, read: (p) => (p.includes('temp0/llama-2-icl/samples') ? Promise.reject(new Error('EIO')) : base.read(p)) };
    const r = await importPaperData(flaky);
    expect(r.problems).toEqual([expect.objectContaining({ file: 'outputs-temp0/llama-2-icl/samples.jsonl', message: 'cannot read: EIO' })]);
    expect(r.datasets[0]!.samples).toHaveLength(2);
  });

  it('a failing list() is a problem', async () => {
    const r = await importPaperData({ label: 'gone', list: () => Promise.reject(new Error('nope')), read: () => Promise.reject(new Error('x')) });
    expect(r.problems[0]!.message).toContain('cannot list files: nope');
  });
});

describe('importAny', () => {
  it('paper datasets plus loose generic files beside them', async () => {
    const r = await importAny(memorySource({ ...dataset('data/D/'), 'extra/mine.csv': 'prompt,system,text\nq,m,t\n', 'data/D/outputs/llama-2-icl/notes.txt': 'x' }, 'picked'));
    expect(r.problems).toEqual([]);
    expect(r.datasets.map((d) => d.id)).toEqual(['D', 'picked']);
  });
});
