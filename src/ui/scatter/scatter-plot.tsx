// React wrapper of the WebGL scatter: the imperative instance lives in a ref (create on mount, update on prop change, destroy on unmount).

import { useEffect, useRef, useState, type Ref } from 'react';
import type { ViewTransform } from './geometry';
import { createScatter, type ScatterData, type ScatterHandlers, type ScatterInstance, type ScatterMode } from './scatter';

/** Props of {@link ScatterPlot}; `data` replaced by identity refits only when `refitKey` changes. */
export interface ScatterPlotProps extends ScatterHandlers {
  data: ScatterData;
  /** Per-point state (0 shown, 1 dimmed, 2 highlighted), length `data.n`; null = all shown. */
  state?: Uint8Array | null;
  mode?: ScatterMode;
  pointSize?: number;
  /** When this changes, the view refits to the data (e.g. another dataset or projection). */
  refitKey?: string;
  /** Receives the instance (for export, scripted pan/zoom in benches). */
  instanceRef?: Ref<ScatterInstance | null>;
  /** Accessible name of the canvas region. */
  label: string;
  /** Restored transform, applied once after the first data. */
  initialTransform?: ViewTransform;
}

/** A WebGL scatter filling its parent. Shows a message instead when WebGL2 is missing. */
export function ScatterPlot(props: ScatterPlotProps) {
  const host = useRef<HTMLDivElement>(null);
  const inst = useRef<ScatterInstance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastKey = useRef<string | undefined>(undefined);
  const { data, state, mode, pointSize, refitKey, instanceRef, onHover, onClick, onSelect, onView, label, initialTransform } = props;

  useEffect(() => {
    if (!host.current) return;
    let s: ScatterInstance;
    try {
      s = createScatter(host.current, { pointSize });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    inst.current = s;
    if (typeof instanceRef === 'function') instanceRef(s);
    else if (instanceRef) instanceRef.current = s;
    return () => {
      s.destroy();
      inst.current = null;
      lastKey.current = undefined;
      if (typeof instanceRef === 'function') instanceRef(null);
      else if (instanceRef) instanceRef.current = null;
    };
  }, [pointSize, instanceRef]);

  useEffect(() => {
    const s = inst.current;
    if (!s) return;
    const first = lastKey.current === undefined;
    const refit = !first && lastKey.current !== refitKey;
    lastKey.current = refitKey ?? '';
    s.setData(data, refit);
    if (first && initialTransform) s.setTransform(initialTransform);
    // initialTransform is read once, on the first data only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, refitKey]);

  useEffect(() => inst.current?.setState(state ?? null), [state, data]);
  useEffect(() => inst.current?.setMode(mode ?? 'pan'), [mode]);
  useEffect(() => inst.current?.setHandlers({ onHover, onClick, onSelect, onView }), [onHover, onClick, onSelect, onView]);

  if (error) return <p role="alert" className="error-text">{error}</p>;
  return <div ref={host} className="scatter-host" role="img" aria-label={label} style={{ position: 'relative', width: '100%', height: '100%' }} />;
}
