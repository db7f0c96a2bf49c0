// Starting and resuming hint-lab runs from the view: builds the saved configuration, appends the new system, picks the engine.

import { useQueryClient } from '@tanstack/react-query';
import { useStore } from 'zustand';
import { generatedSystemName, familyFromModel, uniqueSystemName } from '../../core/generate/run-config';
import type { SamplingParams } from '../../core/generate/client';
import { browserEndpointRecord, liveEndpoint, type LabEngineConfig, type LabRunConfig } from '../../core/lab/run-config';
import { describeSystem } from '../../core/model/system';
import { browserEngine, serverEngine, type LabEngine } from '../../data/lab-engines';
import { isRunning, labRuns, runGeneration, runKey, type LiveRun } from '../../data/lab-runner';
import { canConnect, originOf } from '../../data/allowed-origins';
import { keys } from '../../data/keys';
import { appendSystem, type DatasetMeta, type GeneratedRun } from '../../data/workspace';
import { parseStops, useLabStore } from './store';
import { LAB_SPLIT, type Builder } from './use-builder';

/** The engine for a saved engine config; server keys come from the current settings when the address matches. */
function engineFor(cfg: LabEngineConfig): LabEngine {
  if (cfg.kind === 'browser') return browserEngine(cfg.model);
  const s = useLabStore.getState();
  const key = [s.base, s.aligned].find((e) => e.baseUrl === cfg.endpoint.baseUrl && e.apiKey)?.apiKey;
  return serverEngine(liveEndpoint(cfg.endpoint, key));
}

/** Live state of one run of this page (undefined when none ran since load). */
export function useLiveRun(datasetKey: string, system: string | undefined): LiveRun | undefined {
  return useStore(labRuns, (s) => (system ? s.runs[runKey(datasetKey, system)] : undefined));
}

/** Start / resume actions for the open dataset. */
export function useLabActions(meta: DatasetMeta, builder: Builder) {
  const client = useQueryClient();
  const onSaved = (system: string) => () => {
    void client.invalidateQueries({ queryKey: keys.datasetMeta(meta.key) });
    void client.invalidateQueries({ queryKey: keys.samples(meta.key, LAB_SPLIT, system) });
    void client.invalidateQueries({ queryKey: keys.datasets() });
  };

  /** Creates a new system for `rendered` (prompt index → exact text) and runs it; resolves with its id once stored. */
  const start = async (rendered: Record<number, string>, hints: Record<number, string>): Promise<string> => {
    const s = useLabStore.getState();
    if (s.engine === 'server' && !canConnect(s.base.baseUrl)) {
      throw new Error(`This page may not connect to ${originOf(s.base.baseUrl) ?? s.base.baseUrl} yet: allow it in the Engine panel (the page reloads to apply it).`);
    }
    const engine: LabEngineConfig =
      s.engine === 'browser'
        ? { kind: 'browser', model: s.localModel }
        : { kind: 'server', endpoint: { server: s.base.server, baseUrl: s.base.baseUrl, model: s.base.model, role: 'base' } };
    const endpoint = engine.kind === 'browser' ? browserEndpointRecord(engine.model) : engine.endpoint;
    const family = familyFromModel(endpoint.model);
    const teacher = builder.teacher?.id;
    const system = uniqueSystemName(generatedSystemName(family, builder.template, teacher), meta.systems.map((x) => x.id));
    const p = s.params;
    const params: SamplingParams = { n: p.n, temperature: p.temperature, topP: p.topP, maxTokens: p.maxTokens, stop: parseStops(p.stop), repetitionPenalty: p.repetitionPenalty, seed: p.seed };
    const prompts = Object.keys(rendered).map(Number).sort((a, b) => a - b);
    const config: LabRunConfig = {
      version: 1,
      system,
      base: family,
      endpoint,
      engine,
      template: builder.template,
      preset: s.preset,
      ...(teacher ? { teacher } : {}),
      ...(builder.template.hint ? { hint: { source: 'text' as const, byPrompt: Object.fromEntries(Object.entries(hints)) } } : {}),
      baseSystem: s.baseSystem ?? builder.bases[0]?.id ?? null,
      params,
      contextTokens: s.contextTokens,
      prompts,
      rendered,
      createdAt: new Date().toISOString(),
    };
    const now = Date.now();
    const run: GeneratedRun = { config, split: LAB_SPLIT, prompts, samplesPerPrompt: p.n, status: 'running', createdAt: now, updatedAt: now };
    await appendSystem(meta.key, describeSystem(system), LAB_SPLIT, [], run);
    s.systemFollowed(meta.key, system);
    onSaved(system)();
    void runGeneration({ datasetKey: meta.key, system: describeSystem(system).id, run, engine: engineFor(engine), onSaved: onSaved(system) });
    return system;
  };

  /** Resumes a stored run (after a pause, a failure or a reload): only its missing samples are generated. */
  const resume = (system: string) => {
    const run = meta.runs?.[system];
    if (!run || isRunning(meta.key, system)) return;
    useLabStore.getState().systemFollowed(meta.key, system);
    void runGeneration({ datasetKey: meta.key, system: describeSystem(system).id, run, engine: engineFor((run.config as LabRunConfig).engine), onSaved: onSaved(system) });
  };

  return { start, resume };
}
