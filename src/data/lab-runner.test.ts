// The lab runner with a scripted engine on fake IndexedDB: streaming, per-sample persistence, pause/resume, cancel, fail-fast.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LabRunConfig } from '../core/lab/run-config';
import { makeDataset, makePrompt, makeSample } from '../core/model/builders';
import { describeSystem } from '../core/model/system';
import type { LabEngine, SampleJob } from './lab-engines';
import { labRuns, pauseRun, runGeneration, runKey } from './lab-runner';
import { appendSystem, getDatasetMeta, loadSamples, saveDataset, type GeneratedRun } from './workspace';

const PROMPTS = [0, 1, 2, 3];
const config: LabRunConfig = {
  version: 1,
  engine: { kind: 'browser', model: { source: 'bundled', id: 'overton/tiny-lm', label: 'tiny', dtype: 'fp32' } },
  template: null,
  preset: 'fixed',
  teacher: 'llama-2-chat',
  base: 'llama-2-base',
  prompts: Object.fromEntries(PROMPTS.map((p) => [p, `prompt ${p}`])),
  hints: {},
  sampling: { n: 2, temperature: 1, topP: 1, maxTokens: 10, stop: [], repetitionPenalty: 1, seed: 100 },
  contextTokens: 4096,
  createdAt: 0,
};

/** An engine that streams `<prompt>/<seed>` in two deltas, after an optional hook. */
function engine(opts: { fail?: boolean; before?: (job: SampleJob, signal: AbortSignal) => Promise<void> } = {}): LabEngine & { jobs: SampleJob[] } {
  const jobs: SampleJob[] = [];
  return {
    jobs,
    config: config.engine,
    concurrency: 1,
    async generate(job, signal, onDelta) {
      jobs.push(job);
      await opts.before?.(job, signal);
      if (opts.fail) return { text: null, finishReason: 'error', error: 'HTTP 500 from test' };
      onDelta(`${job.prompt}/`);
      if (signal.aborted) return { text: `${job.prompt}/`, finishReason: 'cancelled' };
      onDelta(`${job.seed} `);
      return { text: `${job.prompt}/${job.seed} `, finishReason: 'stop' };
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
