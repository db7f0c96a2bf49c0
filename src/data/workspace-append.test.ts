// appendSystem / upsertSamples / deleteSystem / appendJudges: only the touched system's chunk and hash change.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeDataset, makePrompt, makeSample } from '../core/model/builders';
import { describeSystem } from '../core/model/system';
import type { Sample } from '../core/model/types';
import {
  appendJudges,
  appendSystem,
  deleteSystem,
  getDatasetMeta,
  loadDataset,
  loadSamples,
  saveDataset,
  systemsContentKey,
  uniqueSystemId,
  updateRun,
  upsertSamples,
  type GeneratedRun,
} from './workspace';

const run = (prompts: number[]): GeneratedRun => ({
  config: { engine: 'openai', model: 'test', temperature: 0.7 },
  split: 'outputs',
  prompts,
  samplesPerPrompt: 2,
  status: 'running',
  createdAt: 1,
  updatedAt: 1,
});

async function stored(name: string) {
  const ds = makeDataset({
    id: name,
    prompts: [makePrompt({ index: 0, text: 'p0' }), makePrompt({ index: 1, text: 'p1' })],
    samples: [
      makeSample({ system: 'llama-2-base', prompt: 0, index: 0, text: 'a' }),
      makeSample({ system: 'llama-2-chat', prompt: 0, index: 0, text: 'b' }),
    ],
  });
  return saveDataset(ds, 'test');
}

const gen = (prompt: number, index: number, text: string | null): Sample => ({ ...makeSample({ system: 'x', prompt, index, text: text ?? '' }), text });

describe('workspace appends', () => {
  it('appendSystem keeps other systems\' content keys and changes the dataset hash', async () => {
    const meta = await stored('ds-a');
    const keyBase = systemsContentKey(meta, 'outputs', ['llama-2-base', 'llama-2-chat']);
    const info = describeSystem('llama-2-icl-chat-knn-prompt_similar-summary');
    const after = await appendSystem(meta.key, info, 'outputs', [gen(0, 0, 'g0')], run([0, 1]));
    expect(systemsContentKey(after, 'outputs', ['llama-2-base', 'llama-2-chat'])).toBe(keyBase);
    expect(after.contentHash).not.toBe(meta.contentHash);
    expect(after.systems.map((s) => s.id)).toContain(info.id);
    expect(after.systemsBySplit.outputs).toContain(info.id);
    expect(after.sampleCount).toBe(3);
    expect(after.runs?.[info.id]?.config).toEqual({ engine: 'openai', model: 'test', temperature: 0.7 });
    expect((await loadSamples(meta.key, 'outputs', info.id)).map((s) => s.text)).toEqual(['g0']);
    await expect(appendSystem(meta.key, info, 'outputs', [])).rejects.toThrow(/already has a system/);
    expect(uniqueSystemId(after, info.id)).toBe(`${info.id}-run2`);
    expect(uniqueSystemId(after, 'fresh')).toBe('fresh');
  });

  it('upsertSamples merges by prompt and index, counts failures, and survives reload of the whole dataset', async () => {
    const meta = await stored('ds-b');
    await appendSystem(meta.key, describeSystem('llama-2-icl'), 'outputs', [], run([0, 1]));
    await Promise.all([
      upsertSamples(meta.key, 'outputs', 'llama-2-icl', [gen(1, 1, 'p1s1')]),
      upsertSamples(meta.key, 'outputs', 'llama-2-icl', [gen(0, 0, 'p0s0'), gen(0, 1, null)]),
      upsertSamples(meta.key, 'outputs', 'llama-2-icl', [gen(1, 0, 'p1s0')], { status: 'done' }),
    ]);
    const m = await upsertSamples(meta.key, 'outputs', 'llama-2-icl', [gen(0, 1, 'retried')]);
    expect((await loadSamples(meta.key, 'outputs', 'llama-2-icl')).map((s) => `${s.prompt}.${s.index}:${s.text}`)).toEqual([
      '0.0:p0s0',
      '0.1:retried',
      '1.0:p1s0',
      '1.1:p1s1',
    ]);
    expect(m.sampleCount).toBe(6);
    expect(m.failedCount).toBe(0);
    expect(m.runs?.['llama-2-icl']?.status).toBe('done');
    const ds = await loadDataset(meta.key);
    expect(ds.samples.filter((s) => s.system === 'llama-2-icl')).toHaveLength(4);
    await expect(upsertSamples(meta.key, 'outputs', 'nope', [])).rejects.toThrow(/no system nope/);
  });

  it('updateRun, appendJudges and deleteSystem', async () => {
    const meta = await stored('ds-c');
    await appendSystem(meta.key, describeSystem('mistral-icl'), 'outputs', [gen(0, 0, 't')], run([0]));
    expect((await updateRun(meta.key, 'mistral-icl', { status: 'paused' })).runs?.['mistral-icl']?.status).toBe('paused');
    const j = await appendJudges(meta.key, [
      { kind: 'eval-quality', name: 'mistral-icl', system: describeSystem('mistral-icl').id, prompt: 0, sample: 0, line: 0, content: '{"a":1}' },
    ]);
    expect(j.judgeCount).toBe(meta.judgeCount + 1);
    const again = await appendJudges(meta.key, [
      { kind: 'eval-quality', name: 'mistral-icl', system: describeSystem('mistral-icl').id, prompt: 0, sample: 0, line: 0, content: '{"a":2}' },
    ]);
    expect(again.judgeCount).toBe(j.judgeCount);
    expect((await loadDataset(meta.key)).judges.find((r) => r.name === 'mistral-icl')?.content).toBe('{"a":2}');
    const gone = await deleteSystem(meta.key, 'mistral-icl');
    expect(gone.systems.map((s) => s.id)).not.toContain('mistral-icl');
    expect(gone.sampleCount).toBe(2);
    expect(gone.runs?.['mistral-icl']).toBeUndefined();
    expect(await loadSamples(meta.key, 'outputs', 'mistral-icl')).toEqual([]);
    expect((await getDatasetMeta(meta.key))?.systemsBySplit.outputs).toEqual(['llama-2-base', 'llama-2-chat']);
  });
});
