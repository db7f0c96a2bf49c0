// The URL-backed view state as a zustand store: event-named actions, one-value hooks, and two-way hash sync.

import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { encodeViewState, readViewState, type ViewState } from './view-state';

interface ViewActions {
  /** A dataset was opened; prompt and systems reset because they belong to the previous dataset. */
  datasetOpened(dataset: string | undefined): void;
  promptSelected(prompt: number | undefined): void;
  /** The user chose which systems to show, in column order. */
  systemsChosen(systems: string[]): void;
  splitChosen(split: string): void;
  viewChosen(view: string): void;
  /** Any other view parameter changed (metric, colour-by, projection). */
  viewParamsChanged(patch: Partial<ViewState>): void;
  /** The hash changed under us (back/forward, pasted link); `problem` says why (part of) the link was refused. */
  hashChanged(state: ViewState, problem?: string): void;
  /** The user closed the refused-link notice. */
  linkNoticeDismissed(): void;
}

/** Session-only state beside the URL fields: never encoded into the hash. */
interface LinkNotice {
  /** Why the link the page was opened with (or navigated to) was refused, until dismissed. */
  linkProblem?: string;
}

const initial = typeof location === 'undefined' ? { state: {} } : readViewState(location.hash);

/** The view-state store. Prefer the one-value hooks below to subscribing to the whole object. */
export const useViewStore = create<ViewState & LinkNotice & ViewActions>()((set) => ({
  ...initial.state,
  linkProblem: initial.problem,
  datasetOpened: (dataset) => set({ dataset, prompt: undefined, systems: undefined }),
  promptSelected: (prompt) => set({ prompt }),
  systemsChosen: (systems) => set({ systems }),
  splitChosen: (split) => set({ split }),
  viewChosen: (view) => set({ view }),
  viewParamsChanged: (patch) => set(patch),
  linkNoticeDismissed: () => set({ linkProblem: undefined }),
  hashChanged: (state, problem) =>
    set({
      linkProblem: problem,
      dataset: state.dataset,
      prompt: state.prompt,
      systems: state.systems,
      split: state.split,
      view: state.view,
      metric: state.metric,
      colorBy: state.colorBy,
      projection: state.projection,
    }),
}));

const LAST_DATASET = 'overton:last-dataset';

/**
 * Remembers the dataset last opened in this browser, so `/` (no link) reopens it; call it with a key known to be
 * stored (a stale link's key must not replace it). Storage failures are ignored.
 */
export function rememberLastDataset(key: string): void {
  try {
    localStorage.setItem(LAST_DATASET, key);
  } catch {
    // Private mode or storage off: `/` then opens the first dataset, which is only less convenient.
  }
}

/** Workspace key of the dataset last opened in this browser, if known. */
export function lastOpenedDataset(): string | undefined {
  try {
    return localStorage.getItem(LAST_DATASET) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The plain view state (no actions), e.g. for encoding. */
export function pickViewState(s: ViewState): ViewState {
  const out: ViewState = {};
  if (s.dataset !== undefined) out.dataset = s.dataset;
  if (s.prompt !== undefined) out.prompt = s.prompt;
  if (s.systems !== undefined) out.systems = s.systems;
  if (s.split !== undefined) out.split = s.split;
  if (s.view !== undefined) out.view = s.view;
  if (s.metric !== undefined) out.metric = s.metric;
  if (s.colorBy !== undefined) out.colorBy = s.colorBy;
  if (s.projection !== undefined) out.projection = s.projection;
  return out;
}

/**
 * Keeps `location.hash` and the store in step. Moving somewhere (another dataset, view or prompt) pushes a history
 * entry, so Back returns to where the user was; tweaks of the same place (systems, split, metric, projection) replace
 * the entry, so ticking boxes does not fill the history. Back/forward and pasted links update the store.
 * Returns an unsubscribe function.
 */
export function syncViewStateWithHash(): () => void {
  let last = location.hash.slice(1);
  const unsubscribe = useViewStore.subscribe((s, prev) => {
    const next = encodeViewState(pickViewState(s));
    if (next === last) return;
    last = next;
    const url = next ? `#${next}` : location.pathname + location.search;
    // Opening a dataset where none was (start-up, first import) is not a move: Back must leave the app, not land on
    // an empty state that the shell immediately fills again.
    const moved = (prev.dataset !== undefined && s.dataset !== prev.dataset) || s.view !== prev.view || s.prompt !== prev.prompt;
    if (moved) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  });
  const onHash = () => {
    const text = location.hash.slice(1);
    if (text === last) return;
    last = text;
    const read = readViewState(text);
    useViewStore.getState().hashChanged(read.state, read.problem);
  };
  // pushState/replaceState fire neither event; traversing history fires popstate (and hashchange only when the
  // fragment differs between the two entries), pasting a link fires hashchange.
  window.addEventListener('hashchange', onHash);
  window.addEventListener('popstate', onHash);
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHash);
    window.removeEventListener('popstate', onHash);
  };
}

/** Workspace key of the open dataset, if any. */
export const useDatasetKey = () => useViewStore((s) => s.dataset);
/** Selected prompt index, if any. */
export const usePromptIndex = () => useViewStore((s) => s.prompt);
/** Systems chosen for display; undefined = not chosen yet (views pick defaults). */
export const useChosenSystems = () => useViewStore(useShallow((s) => s.systems));
/**
 * The prompt views show: the chosen one, else `firstIndex` (the open dataset's first prompt), so a dataset just opened
 * shows prompt 0 in the main pane as the prompt list highlights it, without writing a history entry for it.
 */
export const useShownPrompt = (firstIndex: number | undefined) => useViewStore((s) => s.prompt ?? firstIndex);
/** Decoding split shown; `outputs` unless chosen. */
export const useSplit = () => useViewStore((s) => s.split ?? 'outputs');
/** Active view id, if chosen. */
export const useActiveView = () => useViewStore((s) => s.view);
/** Metric parameter of metric views. */
export const useMetric = () => useViewStore((s) => s.metric);
/** Colour-by parameter of map views. */
export const useColorBy = () => useViewStore((s) => s.colorBy);
/** Projection parameters of map views. */
export const useProjectionParams = () => useViewStore(useShallow((s) => s.projection));
/** Why the current link was refused, if it was and the notice was not dismissed. */
export const useLinkProblem = () => useViewStore((s) => s.linkProblem);
/** The actions, stable across renders. */
export const useViewActions = () =>
  useViewStore(
    useShallow((s) => ({
      datasetOpened: s.datasetOpened,
      promptSelected: s.promptSelected,
      systemsChosen: s.systemsChosen,
      splitChosen: s.splitChosen,
      viewChosen: s.viewChosen,
      viewParamsChanged: s.viewParamsChanged,
      linkNoticeDismissed: s.linkNoticeDismissed,
    })),
  );
