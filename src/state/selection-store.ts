// Session UI state shared across views that does not belong in the URL: the hovered and selected sample.

import { create } from 'zustand';
import type { SampleRef } from '../core/model/sample-ref';

export type { SampleRef };

interface SelectionState {
  hovered: SampleRef | null;
  selected: SampleRef | null;
  sampleHovered(ref: SampleRef | null): void;
  sampleSelected(ref: SampleRef | null): void;
}

/** Hover/selection store; views link by reading and setting the same refs. */
export const useSelectionStore = create<SelectionState>()((set) => ({
  hovered: null,
  selected: null,
  sampleHovered: (hovered) => set({ hovered }),
  sampleSelected: (selected) => set({ selected }),
}));

/** The hovered sample, if any. */
export const useHoveredSample = () => useSelectionStore((s) => s.hovered);
/** The selected sample, if any. */
export const useSelectedSample = () => useSelectionStore((s) => s.selected);
/** Resets the store, for tests. */
export const resetSelection = () => useSelectionStore.setState({ hovered: null, selected: null });
