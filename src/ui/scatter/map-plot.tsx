// A map plot (shared by the map views): the WebGL scatter plus a text tooltip for the hovered row (rendered as text, never HTML).

import { useCallback, useEffect, useState, type ReactNode, type Ref } from 'react';
import type { ViewTransform } from './geometry';
import type { ScatterData, ScatterInstance, ScatterMode } from './scatter';
import { ScatterPlot } from './scatter-plot';

/** Props of {@link MapPlot}; rows are indices into `data`. */
export interface MapPlotProps {
  data: ScatterData;
  state: Uint8Array | null;
  mode: ScatterMode;
  label: string;
  /** Tooltip content for a row (plain text nodes). */
  tooltip?(row: number): ReactNode;
  onPointClick?(row: number): void;
  onSelect?(rows: number[]): void;
  onView?(t: ViewTransform): void;
  /** Called once the first data is on the GPU (benches wait for it). */
  onReady?(): void;
  refitKey?: string;
  initialTransform?: ViewTransform;
  instanceRef?: Ref<ScatterInstance | null>;
  pointSize?: number;
}

/** Scatter + tooltip, filling its parent. */
export function MapPlot(props: MapPlotProps) {
  const { data, state, mode, label, tooltip, onPointClick, onSelect, onView, onReady, refitKey, initialTransform, instanceRef, pointSize } = props;
  const [hover, setHover] = useState<{ row: number; x: number; y: number } | null>(null);
  const onHover = useCallback((row: number, x: number, y: number) => setHover(row < 0 ? null : { row, x, y }), []);
  const onClick = useCallback((row: number) => onPointClick?.(row), [onPointClick]);
  useEffect(() => {
    if (data.n) onReady?.();
  }, [data, onReady]);
  useEffect(() => setHover(null), [data]);
  return (
    <div className="map-plot" style={{ position: 'relative', width: '100%', height: '100%' }}>
      <ScatterPlot
        data={data}
        state={state}
        mode={mode}
        label={label}
        refitKey={refitKey}
        initialTransform={initialTransform}
        instanceRef={instanceRef}
        pointSize={pointSize}
        onHover={onHover}
        onClick={onClick}
        onSelect={onSelect}
        onView={onView}
      />
      {hover && tooltip && (
        <div className="map-tooltip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
          {tooltip(hover.row)}
        </div>
      )}
    </div>
  );
}
