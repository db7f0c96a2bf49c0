// Generated systems get handles that describeSystem reads like the paper's, and run records never hold an API key.
import { describe, expect, it } from 'vitest';
import { describeSystem, runFromArgs } from '../model/system';
import { FIXED_EXAMPLES, PRESETS, presetTemplate, type PromptTemplate } from '../urial/presets';
import { argsJson, familyFromModel, generatedSystemName, makeRunConfig, uniqueSystemName } from './run-config';

const tpl = (id: string): PromptTemplate => presetTemplate(PRESETS.find((p) => p.id === id)!);

describe('generatedSystemName', () => {
  it('names each preset like the paper system it mirrors', () => {
    expect(generatedSystemName('llama-2', tpl('zero-shot'))).toBe('llama-2-base');
    expect(generatedSystemName('llama-2', tpl('fixed'), 'llama-2-chat')).toBe('llama-2-icl');
    expect(generatedSystemName('llama-2', tpl('random'), 'llama-2-chat')).toBe('llama-2-icl-chat-rand');
    expect(generatedSystemName('llama-2', tpl('knn-prompt'), 'llama-2-chat')).toBe('llama-2-icl-chat-knn-prompt_similar');
    expect(generatedSystemName('llama-2', tpl('knn-response'), 'gpt-3.5-turbo')).toBe('llama-2-icl-gpt-3.5-knn-response_similar');
    expect(generatedSystemName('llama-2', tpl('summary'), 'llama-2-chat')).toBe('llama-2-icl-chat-summary');
    expect(generatedSystemName('qwen', { preamble: 'p', selection: { kind: 'knn-prompt', k: 5 }, hint: true }, 'qwen-instruct')).toBe('qwen-icl-qwen-instruct-5nn-prompt_similar-summary');
    expect(generatedSystemName('m', { preamble: 'p', selection: { kind: 'fixed', examples: [...FIXED_EXAMPLES] }, hint: false, open: 'summary' })).toBe('m-icl-summary-cot');
  });

  it('round-trips through describeSystem, reruns included', () => {
    const h = generatedSystemName('qwen2.5-0.5b', { preamble: 'p', selection: { kind: 'knn-prompt', k: 5 }, hint: true }, 'qwen2.5-0.5b-chat');
    const again = uniqueSystemName(h, [h, `${h}-run2`]);
    expect(again).toBe(`${h}-run3`);
    for (const name of [h, again]) {
      expect(describeSystem(name)).toMatchObject({ id: name, kind: 'icl', family: 'qwen2.5-0.5b', teacher: 'chat', teacherSystem: 'qwen2.5-0.5b-chat', selection: 'knn', k: 5, similarity: 'prompt_similar', hint: 'summary' });
    }
    expect(uniqueSystemName('x', ['y'])).toBe('x');
  });

  it('derives a family from model ids', () => {
    expect(familyFromModel('meta-llama/Llama-2-7b-hf')).toBe('llama-2-7b');
    expect(familyFromModel('qwen2.5:0.5b')).toBe('qwen2.5-0.5b');
    expect(familyFromModel('///')).toBe('model');
  });
});

describe('run records', () => {
  it('drop the API key and write a paper-style args.json', () => {
    const cfg = makeRunConfig({
      system: 'llama-2-icl-chat-knn-prompt_similar',
      base: 'llama-2',
      endpoint: { server: 'vllm', baseUrl: 'http://h:8000', model: 'meta-llama/Llama-2-7b-hf', role: 'base', apiKey: 'sk-secret', headers: { 'x-fail': '500' } },
      template: tpl('knn-prompt'),
      teacher: 'llama-2-chat',
      params: { n: 5, temperature: 0.5, maxTokens: 700, stop: ['```'], repetitionPenalty: 1.1, seed: 1 },
      createdAt: '2026-11-30T16:00:00.000Z',
    });
    expect(JSON.stringify(cfg)).not.toContain('sk-secret');
    expect(JSON.stringify(cfg)).not.toContain('x-fail');
    const args = argsJson(cfg, 'LIMA-OE');
    expect(runFromArgs(args)).toMatchObject({ modelId: 'meta-llama/Llama-2-7b-hf', decoding: { temperature: 0.5, maxNewTokens: 700, repetitionPenalty: 1.1, numSamples: 5, stop: ['```'] } });
    expect(describeSystem(cfg.system, args)).toMatchObject({ kind: 'icl', teacherSystem: 'llama-2-chat', k: 3 });
    expect((args.overton as typeof cfg).createdAt).toBe('2026-11-30T16:00:00.000Z');
  });
});
