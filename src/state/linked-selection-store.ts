// Linked selection across the map views: a lasso/box or cluster selection of samples made in one view filters the others.

import { create } from 'zustand';
import { sampleKey, type SampleRef } from '../core/model/sample-ref';

/** Where a linked selection came from and what it holds. */
export interface LinkedSelection {
  /** View id that made it (`corpus-map`, `drill-down`). */
  source: string;
  /** What the user did, for the chip that shows it ("Lasso: 120 samples", "Cluster 3: refusal, sorry"). */
  label: string;
  /** The selected samples' `sampleKey`s (one split of the open dataset). */
  keys: ReadonlySet<string>;
  /** Prompts the samples belong to, ascending. */
  prompts: number[];
}

interface LinkedState {
  selection: LinkedSelection | null;
  /** Samples were picked (lasso, box, cluster); an empty list clears the selection. */
  samplesPicked(source: string, label: string, refs: readonly SampleRef[]): void;
  selectionCleared(): void;
}

/** The linked-selection store; views read it through the hooks below. */
export const useLinkedStore = create<LinkedState>()((set) => ({
  selection: null,
  samplesPicked: (source, label, refs) =>
    set({
      selection: refs.length
        ? { source, label, keys: new Set(refs.map(sampleKey)), prompts: [...new Set(refs.map((r) => r.prompt))].sort((a, b) => a - b) }
        : null,
    }),
  selectionCleared: () => set({ selection: null }),
}));

/** The current linked selection, if any. */
export const useLinkedSelection = () => useLinkedStore((s) => s.selection);
/** Resets the store, for tests. */
export const resetLinkedSelection = () => useLinkedStore.setState({ selection: null });
