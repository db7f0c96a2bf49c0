// Batch helpers: the teacher context from a dataset, hints from each source, prompt ranges, samples lines and run.json validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer } from '../../../e2e/llm-server/server';
import { datasetId, systemId } from '../model/ids';
import type { Dataset } from '../model/types';
import { PRESETS, presetTemplate } from '../urial/presets';
import { parsePrompt } from '../urial/prompt';
import { examplesFromDataset, examplesFromTeacher, hintFor, parsePromptRange, runPrompt, samplesLine, selectionContext } from './batch';
import type { Endpoint } from './endpoint';
import type { FetchLike } from './fetch-types';
import { parseRunFile } from './run-config';
import { paperDataDir } from '../../node/paper-data';

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer({ dataDir: paperDataDir() });
});
afterAll(() => server.close());
const fetch = globalThis.fetch as unknown as FetchLike;

const T = systemId('t-chat');
const ds: Dataset = {
  id: datasetId('D'),
  prompts: ['Why is the sky blue? ', 'How do bees fly?', 'What is rust?'].map((text, index) => ({ id: `p${index}` as never, index, text })),
  systems: [{ id: T, kind: 'aligned', family: 't' }],
  samples: [
    { prompt: 0, system: T, split: 'outputs', index: 0, text: 'Scattering.', raw: ' Scattering. ' },
    { prompt: 0, system: T, split: 'outputs', index: 1, text: 'Other.' },
    { prompt: 1, system: T, split: 'outputs', index: 0, text: null, error: 'x' },
    { prompt: 2, system: T, split: 'outputs-temp0', index: 0, text: 'Greedy.' },
    { prompt: 2, system: T, split: 'outputs', index: 0, text: 'Oxidised iron. It flakes.' },
  ],
  judges: [],
  bertscore: [],
  summaries: [
    { split: 'summaries-outputs-temp0', source: T, prompt: 0, text: 'temp0 summary' },
    { split: 'summaries-outputs', source: T, prompt: 0, text: 'light scatters' },
  ],
};

describe('selectionContext', () => {
  it("takes the teacher's first sampled answer (raw, trimmed) and its summaries-outputs summary", () => {
    const ctx = selectionContext(ds, 't-chat');
    expect(ctx.prompts).toEqual(['Why is the sky blue?', 'How do bees fly?', 'What is rust?']);
    expect(ctx.teacherAnswers).toEqual(['Scattering.', null, 'Oxidised iron. It flakes.']);
    expect(ctx.teacherSummaries).toEqual(['light scatters', null, null]);
    expect(selectionContext(ds, undefined).teacherAnswers).toEqual([null, null, null]);
  });
});

describe('hints and prompts', () => {
  const chat: Endpoint = { server: 'vllm', baseUrl: '', model: 'overton-test-chat', role: 'aligned' };
  const tpl = presetTemplate(PRESETS.find((p) => p.id === 'summary')!);

  it('from the teacher summary, user text, or the aligned endpoint summarising the teacher answer', async () => {
    const ctx = selectionContext(ds, 't-chat');
    expect(await hintFor(tpl, undefined, 0, ctx, undefined, { fetch })).toBe('light scatters');
    await expect(hintFor(tpl, { source: 'teacher-summary' }, 2, ctx, undefined, { fetch })).rejects.toThrow(/prompt 2: the teacher has no summary/);
    expect(await hintFor(tpl, { source: 'text', byPrompt: { 1: 'my hint' } }, 1, ctx, undefined, { fetch })).toBe('my hint');
    const gen = await hintFor(tpl, { source: 'generated', endpoint: { ...chat, baseUrl: server.url } }, 2, ctx, { ...chat, baseUrl: server.url }, { fetch });
    expect(gen).toBe('Oxidised iron. It flakes.');
    expect(server.requests.at(-1)!.body!.messages).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'user', content: expect.stringContaining('Summarise the answer') })]));
    await expect(hintFor(tpl, { source: 'generated', endpoint: chat }, 1, ctx, chat, { fetch })).rejects.toThrow(/no answer to summarise/);
    expect(await hintFor(presetTemplate(PRESETS[1]!), undefined, 0, ctx, undefined, { fetch })).toBeNull();
  });

  it('runPrompt renders the hinted prompt and samplesLine writes it in the paper shape', async () => {
    const ctx = selectionContext(ds, 't-chat');
    const base: Endpoint = { server: 'vllm', baseUrl: server.url, model: 'overton-test-base', role: 'base' };
    const r = await runPrompt(tpl, undefined, { n: 2, stop: ['```'] }, 0, ctx, base, undefined, { fetch });
    const p = parsePrompt(r.prompt);
    expect(p.ok && p.prompt.format === 'urial' && p.prompt.hint).toBe('light scatters');
    const line = JSON.parse(samplesLine(r)) as { prompt: string; outputs: { generated_text: string }[] };
    expect(line.prompt).toBe(r.prompt);
    expect(line.outputs.map((o) => o.generated_text)).toEqual(r.result.samples.map((s) => s.text));
  });

  it('fixed examples taken from a teacher: its existing answers, or answers it writes now', async () => {
    const ctx = selectionContext(ds, 't-chat');
    expect(examplesFromDataset([2, 0], ctx)).toEqual([{ query: 'What is rust?', answer: 'Oxidised iron. It flakes.' }, { query: 'Why is the sky blue?', answer: 'Scattering.' }]);
    expect(() => examplesFromDataset([1], ctx)).toThrow(/prompt 1: the teacher has no answer/);
    const teacher: Endpoint = { ...chat, baseUrl: server.url };
    const ex = await examplesFromTeacher([' What medicine should I take when I get a cold? ', 'Tell me a joke'], teacher, { fetch });
    expect(ex.map((e) => e.query)).toEqual(['What medicine should I take when I get a cold?', 'Tell me a joke']);
    expect(ex[0]!.answer.length).toBeGreaterThan(20);
    await expect(examplesFromTeacher(['q'], { ...teacher, headers: { 'x-fail': 'reset' } }, { fetch })).rejects.toThrow(/did not answer "q"/);
  });

  it('parses prompt ranges', () => {
    expect(parsePromptRange('0-2, 5,4', 10)).toEqual([0, 1, 2, 4, 5]);
    expect(() => parsePromptRange('3-1', 10)).toThrow(/backwards/);
    expect(() => parsePromptRange('a', 10)).toThrow(/"a" is not/);
    expect(() => parsePromptRange('9-10', 10)).toThrow(/prompt 10 does not exist/);
  });
});

describe('parseRunFile', () => {
  it('accepts presets and templates, and lists every problem', () => {
    const ok = parseRunFile({ endpoint: { server: 'tgi', baseUrl: 'http://h', model: 'm', headers: { a: 'b', n: 1 } }, preset: 'random', teacher: 't', params: { n: 3, seeds: [1, 2, 3], stop: ['x'] } }, 'run.json');
    expect(ok).toMatchObject({ ok: true, run: { endpoint: { role: 'base', headers: { a: 'b' } }, params: { n: 3, seeds: [1, 2, 3], stop: ['x'] } }, template: { selection: { kind: 'random', k: 3, seed: 0 } } });
    const bad = parseRunFile({ endpoint: {}, params: { n: 2, seeds: [1], temperature: 'hot' }, hint: { source: 'magic' } }, 'run.json');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual(expect.arrayContaining([
      'run.json: "endpoint.baseUrl" must be an http(s) URL',
      'run.json: "params.temperature" must be a number',
      'run.json: "params.seeds" must be 2 integers (one per sample)',
      'run.json: give a "preset" or a "template"',
    ]));
    expect(parseRunFile([], 'r.json')).toEqual({ ok: false, errors: ['r.json: must be a JSON object'] });
  });
});
