// GeneratorService on the project-built tiny LM in Node: loading, tokenising, greedy and seeded sampling, stop strings, streaming, cancel, errors.
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_LM_DIR, buildTinyLm } from '../../../scripts/build-tiny-lm';
import { TINY_LM, type LocalGenParams, type LocalModelDescriptor } from '../../core/local-lm/local-lm';
import { GeneratorService, missingLmFiles } from './generator-service';

const MODELS = join(TINY_LM_DIR, '../../') + '/';
const PROMPT = '# Query:\n```\nWhat is a river?\n```\n\n# Answer:\n```\n';
const base: LocalGenParams = { prompt: PROMPT, maxTokens: 40, temperature: 0, topP: 1, stop: [] };

let svc: GeneratorService;
beforeAll(async () => {
  await buildTinyLm();
  svc = new GeneratorService({ localModelPath: MODELS });
});

async function gen(p: Partial<LocalGenParams>, job = `job-${Math.random()}`) {
  const deltas: string[] = [];
  const r = await svc.generate(TINY_LM, { ...base, ...p }, job, (d) => deltas.push(d));
  return { ...r, deltas };
}

describe('GeneratorService (tiny LM)', () => {
  it('loads the bundled tiny LM offline and reports its context', async () => {
    const info = await svc.load(TINY_LM);
    expect(info.device).toBe('cpu');
    expect(info.contextTokens).toBe(8192);
  });

  it('tokenises byte by byte (the byte-level vocabulary has no merges)', async () => {
    expect(await svc.countTokens(TINY_LM, 'héllo')).toBe(new TextEncoder().encode('héllo').length);
  });

  it('greedy decoding is deterministic, stops at max tokens, and the streamed deltas add up to the text', async () => {
    const a = await gen({});
    const b = await gen({});
    expect(a.text).toBe(b.text);
    expect(a.text.length).toBeGreaterThan(10);
    expect(a.finishReason).toBe('length');
    expect(a.completionTokens).toBe(40);
    expect(a.promptTokens).toBe(new TextEncoder().encode(PROMPT).length);
    expect(a.deltas.length).toBeGreaterThan(1);
    expect(a.deltas.join('')).toBe(a.text);
  });

  it('sampling with a seed repeats; another seed differs', async () => {
    const s1 = await gen({ temperature: 1, topP: 0.95, seed: 7 });
    const s1b = await gen({ temperature: 1, topP: 0.95, seed: 7 });
    const s2 = await gen({ temperature: 1, topP: 0.95, seed: 8 });
    expect(s1.text).toBe(s1b.text);
    expect(s2.text).not.toBe(s1.text);
  });

  it('cuts at a stop string and never streams any part of it', async () => {
    const full = (await gen({})).text;
    const stop = full.slice(12, 15);
    const cut = full.indexOf(stop);
    const r = await gen({ stop: [stop, 'never-appears'] });
    expect(r.text).toBe(full.slice(0, cut));
    expect(r.finishReason).toBe('stop');
    expect(r.stopString).toBe(stop);
    expect(r.deltas.join('')).toBe(r.text);
    expect(r.completionTokens).toBeLessThan(40);
  });

  it('repetition penalty changes greedy output', async () => {
    const plain = (await gen({ maxTokens: 60 })).text;
    const penalised = (await gen({ maxTokens: 60, repetitionPenalty: 1.8 })).text;
    expect(penalised).not.toBe(plain);
  });

  it('cancel midway keeps the partial text; cancel before start rejects', async () => {
    let started = false;
    const job = 'cancel-me';
    const p = svc.generate(TINY_LM, { ...base, maxTokens: 400 }, job, () => {
      if (!started) svc.cancel(job);
      started = true;
    });
    const r = await p;
    expect(r.finishReason).toBe('cancelled');
    expect(r.completionTokens).toBeLessThan(400);
    svc.cancel('early');
    await expect(svc.generate(TINY_LM, base, 'early')).rejects.toMatchObject({ name: 'LmCancelled' });
  });

  it('loads the same model from picked folder files and generates the same greedy text', async () => {
    const files: Record<string, Blob> = {};
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else files[`tiny/${relative(TINY_LM_DIR, p)}`] = new Blob([await readFile(p)]);
      }
    };
    await walk(TINY_LM_DIR);
    const folder: LocalModelDescriptor = { source: 'folder', id: 'folder/tiny', label: 'tiny (local folder)', dtype: 'fp32' };
    const own = new GeneratorService({ localModelPath: '/nonexistent/' });
    await own.load(folder, files);
    const r = await own.generate(folder, base, 'f');
    expect(r.text).toBe((await gen({})).text);
    await own.dispose();
  });

  it('refuses a prompt that would overflow the model context, naming the sizes', async () => {
    await expect(svc.generate(TINY_LM, { ...base, prompt: 'x'.repeat(8190) }, 'big')).rejects.toMatchObject({
      name: 'LmGenerateFailed',
      message: expect.stringContaining('8190 tokens; with 40 new tokens that exceeds'),
    });
  });

  it('names missing files and bad ids', async () => {
    expect(missingLmFiles(['m/config.json', 'm/tokenizer.json'], 'fp32')).toEqual(['tokenizer_config.json', 'onnx/model.onnx']);
    expect(missingLmFiles(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/decoder_model_merged.onnx'], 'fp32')).toEqual([]);
    const own = new GeneratorService({ localModelPath: MODELS });
    const folder: LocalModelDescriptor = { source: 'folder', id: 'folder/x', label: 'x (local folder)', dtype: 'fp32' };
    await expect(own.load(folder, { 'x/config.json': new Blob(['{}']) })).rejects.toMatchObject({ name: 'LmModelFilesMissing', message: expect.stringContaining('tokenizer.json') });
    await expect(own.load({ source: 'hub', id: 'not a/valid id', label: 'x', dtype: 'q4' })).rejects.toMatchObject({ name: 'LmModelNotFound' });
    await expect(own.load({ source: 'bundled', id: 'overton/no-such-lm', label: 'missing', dtype: 'fp32' })).rejects.toMatchObject({ name: 'LmModelFilesMissing' });
  });
});
