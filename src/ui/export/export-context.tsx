// The export context a view provides to its charts: its view state (for configs), how to reopen a config, and the
// registry of charts on screen (for the figure pack). Chart frames inside a provider show an Export menu.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChartSpec } from '../../figures/chart/spec';
import type { PrintSettings } from '../../figures/presets';

/** What the view gives its charts' exports. */
export interface FigureHost {
  /** The view state a config records (dataset, split, systems, prompt, view, projection and seed…). */
  view: Record<string, unknown>;
  /** Extra parameters for configs (embedding model, clustering threshold, …). */
  params?: Record<string, unknown>;
  /** Restores a config's view state (throws with a clear message when it cannot). */
  openView(view: Record<string, unknown>): void;
  /** Width, font and dpi of every export of the view (and its figure pack). */
  print: PrintSettings;
  setPrint(p: Partial<PrintSettings>): void;
}

interface ExportContextValue extends FigureHost {
  /** Charts currently shown, in mount order. */
  specs: readonly ChartSpec[];
  register(spec: ChartSpec): () => void;
}

const ExportContext = createContext<ExportContextValue | null>(null);

/** Gives every chart frame below an Export menu and collects their specs for {@link useShownFigures}. */
export function FigureExportProvider({ host, children }: { host: FigureHost; children: ReactNode }) {
  const [specs, setSpecs] = useState<readonly ChartSpec[]>([]);
  const seq = useRef(0);
  const order = useRef(new Map<string, number>());
  const register = useCallback((spec: ChartSpec) => {
    if (!order.current.has(spec.id)) order.current.set(spec.id, seq.current++);
    const rank = (s: ChartSpec) => order.current.get(s.id) ?? 0;
    setSpecs((prev) => [...prev.filter((s) => s.id !== spec.id), spec].sort((a, b) => rank(a) - rank(b)));
    return () => setSpecs((prev) => prev.filter((s) => s !== spec));
  }, []);
  const value = useMemo(() => ({ ...host, specs, register }), [host, specs, register]);
  return <ExportContext.Provider value={value}>{children}</ExportContext.Provider>;
}

/** The export context, or null outside a provider (then charts show no Export menu). */
export function useFigureExport(): ExportContextValue | null {
  return useContext(ExportContext);
}

/** Registers `spec` as shown while the calling component is mounted. */
export function useRegisterFigure(spec: ChartSpec): void {
  const ctx = useContext(ExportContext);
  const register = ctx?.register;
  useEffect(() => register?.(spec), [register, spec]);
}
