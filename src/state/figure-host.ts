// The view state a figure export records, and "open from config": restoring a saved view state into the store.

import { useMemo } from 'react';
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { decodeViewState, encodeViewState, type ViewState } from './view-state';
import { pickViewState, useViewStore } from './view-store';

/** Export width, font and dpi (the shape of `figures/presets.ts` `PrintSettings`; state imports only core). */
interface Print {
  presetId: 'acl-single' | 'acl-double' | 'neurips-text';
  fontPt: number;
  dpi: number;
}

/**
 * The print settings every Export menu and the figure pack use: one choice for the session (a paper uses one venue),
 * set from any menu and by "open config".
 */
const usePrintStore = create<{ print: Print; setPrint(p: Partial<Print>): void }>((set) => ({
  print: { presetId: 'acl-single', fontPt: 9, dpi: 300 },
  setPrint: (p) => set((s) => ({ print: { ...s.print, ...p } })),
}));

/** What a figure export needs from the view state (see `ui/export/export-context.tsx` `FigureHost`). */
export interface FigureHostState {
  view: Record<string, unknown>;
  params?: Record<string, unknown>;
  openView(view: Record<string, unknown>): void;
  print: Print;
  setPrint(p: Partial<Print>): void;
}

/**
 * The current view state for configs, plus `openView`, which restores a config's view (fields checked the way a
 * pasted link is, so a hand-edited file cannot put odd values in); `params` are extra view parameters to record.
 */
export function useFigureHost(params?: Record<string, unknown>): FigureHostState {
  const state = useViewStore(useShallow((s) => pickViewState(s)));
  const { print, setPrint } = usePrintStore();
  return useMemo(
    () => ({
      view: state as Record<string, unknown>,
      print,
      setPrint,
      ...(params ? { params } : {}),
      openView: (view: Record<string, unknown>) => {
        const clean: ViewState = decodeViewState(encodeViewState(view as ViewState));
        if (!clean.dataset) throw new Error('The config names no dataset, so there is no view to open.');
        useViewStore.getState().hashChanged(clean);
      },
    }),
    [state, params, print, setPrint],
  );
}
