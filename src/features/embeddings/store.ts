// Embeddings panel UI state: a picked folder's files and the running job's progress (the picked model itself lives in state/semantic-store, which Browse reads too).

import { create } from 'zustand';
import type { EmbedProgress, EngineInfo, ModelDescriptor, ModelFiles } from '../../core/embed/embedder';
import { resetSemanticStore, useEmbedModel, useSemanticStore } from '../../state/semantic-store';

/** The running (or last) job as the panel shows it. */
export interface JobState {
  progress: EmbedProgress | null;
  /** What is being embedded, e.g. `llama-2-chat`. */
  label: string;
}

interface EmbeddingsState {
  /** Files of a picked model folder (only for `source: 'folder'`). */
  files: ModelFiles | undefined;
  job: JobState | null;
  engine: EngineInfo | null;
  /** Systems ticked for embedding, per dataset key (a handle list belongs to one dataset); absent = not chosen yet (the view defaults to all). */
  systems: Record<string, string[]>;
  modelChosen(model: ModelDescriptor, files?: ModelFiles): void;
  jobStarted(label: string): void;
  jobProgressed(progress: EmbedProgress): void;
  jobEnded(engine: EngineInfo | null): void;
  systemsTicked(dataset: string, systems: string[]): void;
}

/** The panel's store. */
export const useEmbeddingsStore = create<EmbeddingsState>()((set) => ({
  files: undefined,
  job: null,
  engine: null,
  systems: {},
  modelChosen: (model, files) => {
    useSemanticStore.getState().embedModelChosen(model);
    set({ files });
  },
  jobStarted: (label) => set({ job: { label, progress: null } }),
  // No job, no progress: a report that arrives after jobEnded must not make a label-less job that never ends.
  jobProgressed: (progress) => set((s) => (s.job ? { job: { ...s.job, progress } } : s)),
  jobEnded: (engine) => set((s) => ({ job: null, engine: engine ?? s.engine })),
  systemsTicked: (dataset, systems) => set((s) => ({ systems: { ...s.systems, [dataset]: systems } })),
}));

/** The picked model. */
export const usePickedModel = useEmbedModel;
/** The running job, if any. */
export const useEmbedJob = () => useEmbeddingsStore((s) => s.job);
/** The engine that ran last (device, threads). */
export const useEngineInfo = () => useEmbeddingsStore((s) => s.engine);
/** Systems ticked for embedding in one dataset; undefined = not chosen yet. */
export const useTickedSystems = (dataset: string) => useEmbeddingsStore((s) => s.systems[dataset]);
/** Resets the store, for tests. */
export const resetEmbeddingsStore = () => {
  resetSemanticStore();
  useEmbeddingsStore.setState({ files: undefined, job: null, engine: null, systems: {} });
};
