// The lab runner with a scripted engine on fake IndexedDB: streaming, per-sample persistence, pause/resume, cancel, fail-fast.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LabRunConfig } from '../core/lab/run-config';
import { makeDataset, makePrompt, makeSample } from '../core/model/builders';
import { describeSystem } from '../core/model/system';
import type { LabEngine, PromptJob } from './lab-engines';
import { presetTemplate, PRESETS } from '../core/urial/presets';
import { browserEndpointRecord } from '../core/lab/run-config';
import { labRuns, pauseRun, runGeneration, runKey } from './lab-runner';
import { appendSystem, getDatasetMeta, loadSamples, saveDataset, type GeneratedRun } from './workspace';

const PROMPTS = [0, 1, 2, 3];
const model = { source: 'bundled' as const, id: 'overton/tiny-lm', label: 'tiny', dtype: 'fp32' as const };
const config: LabRunConfig = {
  version: 1,
  system: 'tiny-lm-icl-chat',
  base: 'tiny-lm',
  endpoint: browserEndpointRecord(model),
  engine: { kind: 'browser', model },
  template: presetTemplate(PRESETS[1]!),
  preset: 'fixed',
  teacher: 'llama-2-chat',
  baseSystem: 'llama-2-base',
  rendered: Object.fromEntries(PROMPTS.map((p) => [p, `prompt ${p}`])),
  params: { n: 2, temperature: 1, topP: 1, maxTokens: 10, stop: [], repetitionPenalty: 1, seed: 100 },
  contextTokens: 4096,
  createdAt: '2026-01-01T00:00:00Z',
};

interface Job {
  prompt: string;
  index: number;
  seed: number;
}

/** An engine that streams `<prompt>/<seed>` in two deltas per sample, after an optional hook. */
function engine(opts: { fail?: boolean; before?: (job: Job) => Promise<void> } = {}): LabEngine & { jobs: Job[] } {
  const jobs: Job[] = [];
  return {
    jobs,
    concurrency: 1,
    async generate(pj: PromptJob, signal, onDelta, onSample) {
      for (let j = 0; j < pj.indices.length; j++) {
        const index = pj.indices[j]!;
        const seed = pj.params.seeds?.[j] ?? pj.params.seed! + j;
        const job = { prompt: pj.prompt, index, seed };
        if (signal.aborted) {
          onSample({ index, text: '', finishReason: 'cancelled' });
          continue;
        }
        jobs.push(job);
        await opts.before?.(job);
        if (opts.fail) {
          onSample({ index, text: null, finishReason: 'error', error: 'HTTP 500 from test' });
          continue;
        }
        onDelta(index, `${job.prompt}/`);
        if (signal.aborted) {
          onSample({ index, text: `${job.prompt}/`, finishReason: 'cancelled' });
          continue;
        }
        onDelta(index, `${seed} `);
        onSample({ index, text: `${job.prompt}/${seed} `, finishReason: 'stop', seed });
      }
    },
  };
}

async function setup(name: string) {
  const meta = await saveDataset(makeDataset({ id: name, prompts: PROMPTS.map((i) => makePrompt({ index: i, text: `p${i}` })), samples: [makeSample({ system: 'llama-2-chat', prompt: 0, text: 't' })] }), 'test');
  const run: GeneratedRun = { config, split: 'outputs', prompts: PROMPTS, samplesPerPrompt: 2, status: 'running', createdAt: 0, updatedAt: 0 };
  const info = describeSystem('tiny-lm-icl-chat');
  await appendSystem(meta.key, info, 'outputs', [], run);
  return { key: meta.key, system: info.id, run };
}

describe('runGeneration', () => {
  it('stores every sample with its seed, trimmed text and raw, and marks the run done', async () => {
    const { key, system, run } = await setup('r1');
    const e = engine();
    const live = await runGeneration({ datasetKey: key, system, run, engine: e });
    expect(live).toMatchObject({ status: 'done', done: 8, total: 8, failed: 0 });
    const samples = await loadSamples(key, 'outputs', system);
    expect(samples.map((s) => `${s.prompt}.${s.index}=${s.text}`)).toEqual(PROMPTS.flatMap((p) => [`${p}.0=prompt ${p}/100`, `${p}.1=prompt ${p}/101`]));
    expect(samples[0]!.raw).toBe('prompt 0/100 ');
    expect((await getDatasetMeta(key))?.runs?.[system]?.status).toBe('done');
  });

  it('pauses midway, keeps what finished, and resumes only the missing samples', async () => {
    const { key, system, run } = await setup('r2');
    let calls = 0;
    const first = engine({
      before: async () => {
        calls += 1;
        if (calls === 3) pauseRun(key, system);
      },
    });
    const paused = await runGeneration({ datasetKey: key, system, run, engine: first });
    expect(paused.status).toBe('paused');
    expect((await loadSamples(key, 'outputs', system)).length).toBe(2);
    expect((await getDatasetMeta(key))?.runs?.[system]?.status).toBe('paused');
    const second = engine();
    const resumed = await runGeneration({ datasetKey: key, system, run, engine: second });
    expect(resumed).toMatchObject({ status: 'done', done: 8 });
    expect(second.jobs).toHaveLength(6);
    // The resumed prompt asks only for its missing sample, with that sample's own seed.
    expect(second.jobs[0]).toEqual({ prompt: 'prompt 1', index: 0, seed: 100 });
    expect((await loadSamples(key, 'outputs', system)).every((s) => s.finishReason === 'stop')).toBe(true);
  });

  it('streams into the live store while a sample is in flight', async () => {
    const { key, system, run } = await setup('r3');
    const seen: string[] = [];
    const unsub = labRuns.subscribe((s) => {
      const v = s.runs[runKey(key, system)]?.streaming['0:0'];
      if (v) seen.push(v);
    });
    await runGeneration({ datasetKey: key, system, run: { ...run, prompts: [0], samplesPerPrompt: 1 }, engine: engine() });
    unsub();
    expect(seen).toContain('prompt 0/');
    expect(seen).toContain('prompt 0/100 ');
  });

  it('stops as failed after repeated errors with nothing generated, with the error kept', async () => {
    const { key, system, run } = await setup('r4');
    const e = engine({ fail: true });
    const live = await runGeneration({ datasetKey: key, system, run, engine: e });
    expect(live.status).toBe('failed');
    expect(live.error).toMatch(/3 failed samples in a row: HTTP 500 from test/);
    expect(e.jobs).toHaveLength(3);
    const samples = await loadSamples(key, 'outputs', system);
    expect(samples.map((s) => s.error)).toEqual(['HTTP 500 from test', 'HTTP 500 from test', 'HTTP 500 from test']);
    expect((await getDatasetMeta(key))?.runs?.[system]).toMatchObject({ status: 'failed' });
  });
});
