// describeSystem: every handle of the paper's data, the grammar's corners, unknown handles and args.json.
import { describe, expect, it } from 'vitest';
import { applySystemOverrides, describeSystem } from './system';

const cases: [string, Record<string, unknown>][] = [
  ['llama-2-base', { kind: 'base', family: 'llama-2' }],
  ['llama-2-chat', { kind: 'aligned', family: 'llama-2' }],
  ['gpt-3.5-turbo', { kind: 'aligned', family: 'gpt-3.5' }],
  ['mistral-instruct', { kind: 'aligned', family: 'mistral' }],
  ['mistral-base', { kind: 'base', family: 'mistral' }],
  ['llama-2-icl', { kind: 'icl', family: 'llama-2', selection: 'fixed', teacher: undefined, teacherSystem: undefined }],
  ['llama-2-icl-chat', { kind: 'icl', teacher: 'chat', teacherSystem: 'llama-2-chat', selection: 'fixed' }],
  ['llama-2-icl-gpt-3.5', { kind: 'icl', teacher: 'gpt-3.5', teacherSystem: 'gpt-3.5-turbo', selection: 'fixed' }],
  ['llama-2-icl-chat-5nn-prompt_similar', { kind: 'icl', teacher: 'chat', selection: 'knn', k: 5, similarity: 'prompt_similar' }],
  ['llama-2-icl-chat-knn-prompt_similar', { kind: 'icl', teacher: 'chat', selection: 'knn', k: 3, similarity: 'prompt_similar' }],
  ['llama-2-icl-chat-knn-response_similar', { kind: 'icl', teacher: 'chat', selection: 'knn', k: 3, similarity: 'response_similar' }],
  ['llama-2-icl-chat-rand', { kind: 'icl', teacher: 'chat', selection: 'random' }],
  ['llama-2-icl-chat-summary', { kind: 'icl', teacher: 'chat', hint: 'summary', selection: 'fixed' }],
  ['llama-2-icl-chat-summary-cot', { kind: 'icl', teacher: 'chat', hint: 'summary-cot', selection: 'fixed' }],
  ['llama-2-icl-gpt-3.5-knn-prompt_similar', { kind: 'icl', teacher: 'gpt-3.5', teacherSystem: 'gpt-3.5-turbo', selection: 'knn', k: 3, similarity: 'prompt_similar' }],
  ['llama-2-icl-gpt-3.5-knn-response_similar', { kind: 'icl', teacher: 'gpt-3.5', selection: 'knn', similarity: 'response_similar' }],
  ['llama-2-icl-gpt-3.5-rand', { kind: 'icl', teacher: 'gpt-3.5', selection: 'random' }],
  ['llama-2-icl-gpt-3.5-summary', { kind: 'icl', teacher: 'gpt-3.5', hint: 'summary' }],
  ['gpt-3.5-turbo-summary-llama-2-chat', { kind: 'other', family: 'gpt-3.5', hint: 'summary', teacherSystem: 'llama-2-chat' }],
  ['mistral-icl-instruct', { kind: 'icl', family: 'mistral', teacher: 'instruct', teacherSystem: 'mistral-instruct' }],
  ['olmo-7b-icl', { kind: 'icl', family: 'olmo-7b', selection: 'fixed' }],
  ['my-fancy-model', { kind: 'other', family: 'my-fancy-model' }],
  ['x', { kind: 'other', family: 'x' }],
  ['', { kind: 'other' }],
];

describe('describeSystem from the handle', () => {
  it.each(cases)('%s', (handle, want) => {
    const got = describeSystem(handle);
    expect(got.id).toBe(handle);
    for (const [k, v] of Object.entries(want)) expect(got[k as keyof typeof got], k).toEqual(v);
  });
});

const tgi = (over: Record<string, unknown> = {}) => ({
  run: { name: 'x', chat_template_file: './lib/template_library/urial_1k.jinja' },
  server: { model_id: 'meta-llama/Llama-2-7b-hf' },
  params: { do_sample: true, temperature: 0.5, top_p: null, top_k: null, max_new_tokens: 1024, repetition_penalty: 1.1, num_samples: 5, stop: ['```'] },
  ...over,
});

describe('describeSystem with args.json', () => {
  it('reads TGI params and server.model_id', () => {
    const s = describeSystem('llama-2-icl', tgi());
    expect(s.modelId).toBe('meta-llama/Llama-2-7b-hf');
    expect(s.decoding).toEqual({ temperature: 0.5, maxNewTokens: 1024, repetitionPenalty: 1.1, numSamples: 5, stop: ['```'] });
    expect(s.args).toBeDefined();
  });

  it('greedy TGI runs (do_sample false, temperature null) get temperature 0', () => {
    const s = describeSystem('llama-2-base', tgi({ params: { do_sample: false, temperature: null, num_samples: 1 } }));
    expect(s.decoding).toEqual({ temperature: 0, numSamples: 1 });
  });

  it('reads OpenAI-shaped args', () => {
    const s = describeSystem('gpt-3.5-turbo', { openai_params: { model: 'gpt-3.5-turbo-0613', temperature: 0.5, n: 5, max_tokens: 700 } });
    expect(s.modelId).toBe('gpt-3.5-turbo-0613');
    expect(s.decoding).toEqual({ temperature: 0.5, numSamples: 5, maxNewTokens: 700 });
  });

  it('side_info_args confirms k and the teacher', () => {
    const s = describeSystem('llama-2-icl-foo-knn', tgi({ side_info_args: { k: 4, output_file: './data/X/outputs/llama-2-chat/samples.jsonl' } }));
    expect(s.k).toBe(3); // the handle wins when it says knn
    const r = describeSystem('llama-2-icl-rand', tgi({ side_info_args: { k: 4, output_file: './data/X/outputs/llama-2-chat/samples.jsonl' } }));
    expect(r.k).toBe(4);
    expect(r.teacherSystem).toBe('llama-2-chat');
    const e = describeSystem('llama-2-icl-5nn', tgi({ embedding_args: { top_k: 5 } }));
    expect(e.k).toBe(5);
  });

  it('unknown handles take their kind from args.json', () => {
    expect(describeSystem('mystery', tgi()).kind).toBe('icl');
    expect(describeSystem('mystery', tgi({ run: { chat_template_file: './lib/template_library/urial_0.jinja' } })).kind).toBe('base');
    expect(describeSystem('mystery', { server: { model_id: 'meta-llama/Llama-2-7b-chat-hf' } }).kind).toBe('aligned');
    expect(describeSystem('mystery', { openai_params: { model: 'gpt-4' } }).kind).toBe('aligned');
    expect(describeSystem('mystery', 'not an object').kind).toBe('other');
    expect(describeSystem('mystery', null).kind).toBe('other');
  });

  it('never throws on odd args', () => {
    for (const a of [[], 3, { params: 'x' }, { params: { stop: [1, 'a'] } }, { side_info_args: [] }]) expect(() => describeSystem('llama-2-icl-chat', a)).not.toThrow();
    expect(describeSystem('x', { params: { stop: [1, 'a'] } }).decoding?.stop).toEqual(['a']);
  });
});

describe('applySystemOverrides (kinds and teachers the user set for a generic file)', () => {
  it('sets kind and teacher per system, leaving the others as described', () => {
    const systems = ['modelA', 'modelB', 'modelC'].map((h) => describeSystem(h));
    expect(systems.map((s) => s.kind)).toEqual(['other', 'other', 'other']);
    const out = applySystemOverrides(systems, { modelA: { kind: 'base' }, modelB: { kind: 'aligned' }, modelC: { kind: 'icl', teacher: 'modelB' }, nope: { kind: 'base' } });
    expect(out.map((s) => [s.id, s.kind, s.teacherSystem])).toEqual([
      ['modelA', 'base', undefined],
      ['modelB', 'aligned', undefined],
      ['modelC', 'icl', 'modelB'],
    ]);
    expect(systems[2]!.kind).toBe('other');
  });
  it('an icl system set to another kind loses its teacher; teacher null clears it', () => {
    const icl = describeSystem('llama-2-icl-chat');
    expect(icl.teacherSystem).toBe('llama-2-chat');
    expect(applySystemOverrides([icl], { [icl.id]: { kind: 'aligned' } })[0]).not.toHaveProperty('teacherSystem');
    expect(applySystemOverrides([icl], { [icl.id]: { teacher: null } })[0]).toMatchObject({ kind: 'icl' });
    expect(applySystemOverrides([icl], { [icl.id]: { teacher: null } })[0]).not.toHaveProperty('teacher');
  });
});
