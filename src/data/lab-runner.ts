// Runs a hint-lab configuration: samples stream into a live store, each finished sample is written to IndexedDB at
// once (a reload loses nothing returned), and a run resumes from whatever is stored. Lives outside any view.

import { createStore } from 'zustand/vanilla';
import { paramsFor, type LabRunConfig } from '../core/lab/run-config';
import type { SystemId } from '../core/model/ids';
import type { Sample } from '../core/model/types';
import type { LabEngine, SampleOutcome } from './lab-engines';
import { loadSamples, updateRun, upsertSamples, type GeneratedRun } from './workspace';

/** Live state of one run, keyed by {@link runKey}. */
export interface LiveRun {
  datasetKey: string;
  system: string;
  status: 'running' | 'pausing' | 'paused' | 'done' | 'cancelled' | 'failed';
  /** Samples the run asks for in total, and how many are stored (including failed ones). */
  total: number;
  done: number;
  failed: number;
  /** Text streamed so far by in-flight samples, keyed `<prompt>:<index>`. */
  streaming: Record<string, string>;
  /** Why the run stopped, or the last sample error. */
  error?: string;
}

/** The runs of this page session; views subscribe with zustand's `useStore`. */
export const labRuns = createStore<{ runs: Record<string, LiveRun> }>()(() => ({ runs: {} }));

/** Store key of a run. */
export const runKey = (datasetKey: string, system: string) => `${datasetKey}/${system}`;

const controllers = new Map<string, { abort: AbortController; reason: 'pause' | 'cancel' | null }>();

function patch(key: string, p: Partial<LiveRun> | ((r: LiveRun) => Partial<LiveRun>)): void {
  labRuns.setState((s) => {
    const cur = s.runs[key];
    if (!cur) return s;
    return { runs: { ...s.runs, [key]: { ...cur, ...(typeof p === 'function' ? p(cur) : p) } } };
  });
}

/** Consecutive failures, with nothing ever succeeding, after which a run stops as failed instead of burning through every prompt. */
const FAIL_FAST = 3;

/** What {@link runGeneration} needs: the stored run (config + prompt list) and an engine built from its config. */
export interface RunRequest {
  datasetKey: string;
  system: SystemId;
  run: GeneratedRun;
  engine: LabEngine;
  /** Called after each sample is stored (e.g. to invalidate the samples query). */
  onSaved?: () => void;
}

/**
 * Generates every (prompt, sample index) of the run that is not stored yet, `engine.concurrency` at a time, storing
 * each sample when it finishes. Resolves when the run ends (done, paused, cancelled or failed); never rejects.
 */
export async function runGeneration(req: RunRequest): Promise<LiveRun> {
  const key = runKey(req.datasetKey, req.system);
  if (controllers.has(key)) throw new Error(`${req.system} is already running`);
  const config = req.run.config as LabRunConfig;
  const { split } = req.run;
  const ctl = { abort: new AbortController(), reason: null as 'pause' | 'cancel' | null };
  controllers.set(key, ctl);
  const stored = await loadSamples(req.datasetKey, split, req.system);
  // Failed samples are retried on resume; cancelled ones keep their partial text and count as done.
  const have = new Set(stored.filter((s) => s.text !== null).map((s) => `${s.prompt}:${s.index}`));
  const todo: [number, number][] = [];
  for (const p of req.run.prompts) for (let i = 0; i < req.run.samplesPerPrompt; i++) if (!have.has(`${p}:${i}`)) todo.push([p, i]);
  const total = req.run.prompts.length * req.run.samplesPerPrompt;
  labRuns.setState((s) => ({
    runs: { ...s.runs, [key]: { datasetKey: req.datasetKey, system: req.system, status: 'running', total, done: total - todo.length, failed: stored.filter((x) => x.text === null).length, streaming: {} } },
  }));
  await updateRun(req.datasetKey, req.system, { status: 'running' }).catch(() => undefined);

  let succeeded = 0;
  let failStreak = 0;
  let lastError: string | undefined;
  let failedHard = false;
  const byPrompt = new Map<number, number[]>();
  for (const [p, i] of todo) byPrompt.set(p, [...(byPrompt.get(p) ?? []), i]);
  const queue = [...byPrompt];
  const dropStream = (sk: string) =>
    patch(key, (r) => {
      const rest = { ...r.streaming };
      delete rest[sk];
      return { streaming: rest };
    });
  const save = async (prompt: number, out: SampleOutcome) => {
    const sk = `${prompt}:${out.index}`;
    // A paused sample is thrown away and regenerated on resume; a cancelled one keeps its partial text.
    if ((ctl.reason === 'pause' || failedHard) && out.finishReason === 'cancelled') return dropStream(sk);
    const raw = out.text;
    const sample: Sample = { prompt, system: req.system, split, index: out.index, text: raw === null ? null : raw.trim(), finishReason: out.finishReason };
    if (raw !== null && raw !== raw.trim()) sample.raw = raw;
    if (out.error) sample.error = out.error;
    if (raw === null) {
      failStreak += 1;
      lastError = out.error;
      if (succeeded === 0 && failStreak >= FAIL_FAST) {
        failedHard = true;
        ctl.abort.abort();
      }
    } else {
      succeeded += 1;
      failStreak = 0;
    }
    try {
      await upsertSamples(req.datasetKey, split, req.system, [sample]);
    } catch (e) {
      lastError = `Could not store the sample: ${e instanceof Error ? e.message : String(e)}`;
      failedHard = true;
      ctl.abort.abort();
    }
    dropStream(sk);
    patch(key, (r) => ({ done: r.done + 1, failed: r.failed + (raw === null ? 1 : 0), ...(lastError ? { error: lastError } : {}) }));
    req.onSaved?.();
  };
  const worker = async () => {
    while (queue.length && !ctl.abort.signal.aborted) {
      const [prompt, indices] = queue.shift()!;
      const text = config.rendered[prompt];
      if (text === undefined) continue;
      patch(key, (r) => ({ streaming: { ...r.streaming, ...Object.fromEntries(indices.map((i) => [`${prompt}:${i}`, ''])) } }));
      const saves: Promise<void>[] = [];
      await req.engine.generate(
        { prompt: text, indices, params: paramsFor(config.params, indices) },
        ctl.abort.signal,
        (i, d) => patch(key, (r) => ({ streaming: { ...r.streaming, [`${prompt}:${i}`]: (r.streaming[`${prompt}:${i}`] ?? '') + d } })),
        (out) => saves.push(save(prompt, out)),
      );
      await Promise.all(saves);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, req.engine.concurrency) }, worker));
  controllers.delete(key);
  const status: LiveRun['status'] = failedHard ? 'failed' : ctl.reason === 'pause' ? 'paused' : ctl.reason === 'cancel' ? 'cancelled' : labRuns.getState().runs[key]!.done >= total ? 'done' : 'failed';
  const error = failedHard ? `Stopped after ${failStreak} failed samples in a row: ${lastError ?? 'unknown error'}` : lastError;
  patch(key, { status, error, streaming: {} });
  await updateRun(req.datasetKey, req.system, { status, ...(error ? { error } : {}) }).catch(() => undefined);
  req.onSaved?.();
  return labRuns.getState().runs[key]!;
}

/** Pauses a run: in-flight samples stop and are regenerated on resume. */
export function pauseRun(datasetKey: string, system: string): void {
  const c = controllers.get(runKey(datasetKey, system));
  if (!c) return;
  c.reason = 'pause';
  patch(runKey(datasetKey, system), { status: 'pausing' });
  c.abort.abort();
}

/** Cancels a run: in-flight samples stop and keep their partial text (finish reason `cancelled`). */
export function cancelRun(datasetKey: string, system: string): void {
  const c = controllers.get(runKey(datasetKey, system));
  if (!c) return;
  c.reason = 'cancel';
  c.abort.abort();
}

/** Whether a run is in flight in this page. */
export function isRunning(datasetKey: string, system: string): boolean {
  return controllers.has(runKey(datasetKey, system));
}
