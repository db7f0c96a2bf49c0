// Hint lab settings and drafts: engine and endpoints (kept on this device, API keys only when asked), builder
// choices, sampling parameters, the edited prompt, and which generated system the results panel follows.

import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { ServerKind } from '../../core/generate/endpoint';
import { TINY_LM, type LocalModelDescriptor } from '../../core/local-lm/local-lm';
import { PRESETS, type BuilderPreset } from '../../core/urial/presets';

/** One endpoint's settings. `apiKey` lives in memory unless `rememberKey`. */
export interface EndpointSettings {
  server: ServerKind;
  baseUrl: string;
  model: string;
  apiKey: string;
  rememberKey: boolean;
}

/** Sampling parameters as the form holds them. */
export interface ParamsDraft {
  n: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  /** One stop string per line; `\n` written as the two characters is a newline. */
  stop: string;
  repetitionPenalty: number;
  seed: number;
}

interface LabState {
  engine: 'browser' | 'server';
  localModel: LocalModelDescriptor;
  base: EndpointSettings;
  aligned: EndpointSettings;
  preset: BuilderPreset['id'];
  /** Whether prompts carry a `# Summary:` hint (set from the preset, then free to toggle: kNN + hint is a paper variant too). */
  withHint: boolean;
  k: number;
  randomSeed: number;
  teacher: string | null;
  baseSystem: string | null;
  /** Context window (tokens) the overflow warning checks against. */
  contextTokens: number;
  params: ParamsDraft;
  /** Hint text edited by the user for a prompt (dataset key → prompt index → text). */
  hints: Record<string, Record<number, string>>;
  /** The rendered prompt as edited by hand, for (dataset, prompt); null = follow the builder. */
  editedPrompt: { key: string; prompt: number; text: string } | null;
  /** The generated system the results panel follows, per dataset. */
  active: Record<string, string>;
  engineChosen(engine: 'browser' | 'server'): void;
  localModelChosen(m: LocalModelDescriptor): void;
  endpointEdited(which: 'base' | 'aligned', patch: Partial<EndpointSettings>): void;
  builderEdited(patch: Partial<Pick<LabState, 'withHint' | 'k' | 'randomSeed' | 'teacher' | 'baseSystem' | 'contextTokens'>>): void;
  presetChosen(preset: BuilderPreset['id']): void;
  paramsEdited(patch: Partial<ParamsDraft>): void;
  hintEdited(key: string, prompt: number, text: string | null): void;
  promptEdited(key: string, prompt: number, text: string | null): void;
  systemFollowed(key: string, system: string): void;
}

const endpoint = (baseUrl: string, model: string): EndpointSettings => ({ server: 'vllm', baseUrl, model, apiKey: '', rememberKey: false });

/** Defaults: the paper's sampled runs (5 samples, temperature 0.5 → 0.7 here for variety, URIAL stop). */
export const DEFAULT_PARAMS: ParamsDraft = { n: 5, temperature: 0.7, topP: 0.95, maxTokens: 256, stop: '```', repetitionPenalty: 1.1, seed: 1 };

/** The lab's store; everything but unremembered API keys and hand edits survives a reload. */
export const useLabStore = create<LabState>()(
  persist(
    (set) => ({
      engine: 'server',
      localModel: TINY_LM,
      base: endpoint('http://localhost:8000', 'meta-llama/Llama-2-7b-hf'),
      aligned: endpoint('http://localhost:8000', 'meta-llama/Llama-2-7b-chat-hf'),
      preset: 'knn-prompt',
      withHint: false,
      k: 3,
      randomSeed: 0,
      teacher: null,
      baseSystem: null,
      contextTokens: 4096,
      params: DEFAULT_PARAMS,
      hints: {},
      editedPrompt: null,
      active: {},
      engineChosen: (engine) => set({ engine }),
      localModelChosen: (localModel) => set({ localModel }),
      endpointEdited: (which, patch) => set((s) => ({ [which]: { ...s[which], ...patch } })),
      builderEdited: (patch) => set(patch),
      presetChosen: (preset) => set({ preset, withHint: PRESETS.find((p) => p.id === preset)?.hint ?? false }),
      paramsEdited: (patch) => set((s) => ({ params: { ...s.params, ...patch } })),
      hintEdited: (key, prompt, text) =>
        set((s) => {
          const forKey = { ...s.hints[key] };
          if (text === null) delete forKey[prompt];
          else forKey[prompt] = text;
          return { hints: { ...s.hints, [key]: forKey } };
        }),
      promptEdited: (key, prompt, text) => set({ editedPrompt: text === null ? null : { key, prompt, text } }),
      systemFollowed: (key, system) => set((s) => ({ active: { ...s.active, [key]: system } })),
    }),
    {
      name: 'overton-hint-lab',
      storage: createJSONStorage(() => localStorage),
      // Keys stay in this tab's memory unless the user ticked "remember on this device"; folder models cannot be restored.
      partialize: (s) => ({
        engine: s.engine,
        localModel: s.localModel.source === 'folder' ? TINY_LM : s.localModel,
        base: { ...s.base, apiKey: s.base.rememberKey ? s.base.apiKey : '' },
        aligned: { ...s.aligned, apiKey: s.aligned.rememberKey ? s.aligned.apiKey : '' },
        preset: s.preset,
        withHint: s.withHint,
        k: s.k,
        randomSeed: s.randomSeed,
        teacher: s.teacher,
        baseSystem: s.baseSystem,
        contextTokens: s.contextTokens,
        params: s.params,
        hints: s.hints,
        active: s.active,
      }),
    },
  ),
);

/** Stop strings from the form: one per line, `\n` and `\t` escapes understood, empty lines dropped. */
export function parseStops(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\\n/g, '\n').replace(/\\t/g, '\t'))
    .filter((l) => l.length > 0);
}
