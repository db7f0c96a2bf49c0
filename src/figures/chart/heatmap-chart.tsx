// A matrix of categorical cells, systems as rows × prompts as columns (e.g. each prompt's stance pattern per system).

import { layoutRows } from './layout';
import { HatchDefs, areaFill, RowLabels, tipHandlers, type RenderProps } from './parts';
import type { HeatmapSpec } from './spec';

/** Renders a {@link HeatmapSpec} as a complete SVG (one `<rect>` per cell; a few thousand cells stay light). */
export function HeatmapChart({ spec, width, height, theme, onTip }: RenderProps<HeatmapSpec>) {
  const top = 6;
  const layout = layoutRows(spec.rows, theme, width, top, 18);
  const x0 = layout.labelW;
  const cellW = Math.max(1, (width - 14 - x0) / Math.max(1, spec.cols.length));
  const axisY = top + layout.height + 4;
  const h = height ?? axisY + 2 * theme.fontSize + 14;
  const cat = new Map(spec.categories.map((c) => [c.key, c]));
  const colIndex = new Map(spec.cols.map((c, i) => [c.key, i]));
  const rowOf = new Map(layout.rows.map((r) => [r.row.key, r]));
  const tickEvery = Math.max(1, Math.ceil(spec.cols.length / Math.max(2, Math.floor((width - x0) / 60))));
  return (
    <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} xmlns="http://www.w3.org/2000/svg" fontFamily={theme.fontFamily} role="img" aria-label={spec.title}>
      <rect width={width} height={h} fill={theme.background} />
      <HatchDefs chartId={spec.id} styles={spec.categories.map((c) => c.style)} />
      <RowLabels layout={layout} x={x0} theme={theme} groupX={4} />
      {spec.cells.map((c) => {
        const r = rowOf.get(c.row);
        const i = colIndex.get(c.col);
        const style = cat.get(c.category)?.style;
        if (!r || i === undefined || !style) return null;
        const col = spec.cols[i]!;
        const text = `${r.row.label} · ${spec.colLabel} ${col.label}: ${cat.get(c.category)!.label} (${c.detail})`;
        return (
          <rect
            key={`${c.row}-${c.col}`}
            x={x0 + i * cellW}
            y={r.y + 2}
            width={cellW}
            height={r.h - 4}
            {...areaFill(spec.id, style)}
            {...tipHandlers(onTip, { x: x0 + (i + 0.5) * cellW, y: r.y, text })}
          >
            <title>{text}</title>
          </rect>
        );
      })}
      <g fontSize={theme.fontSize} fill={theme.muted}>
        {spec.cols.map((c, i) =>
          i % tickEvery === 0 ? (
            <text key={c.key} x={x0 + (i + 0.5) * cellW} y={axisY + theme.fontSize} textAnchor="middle">
              {c.label}
            </text>
          ) : null,
        )}
        <text x={(x0 + width) / 2} y={axisY + 2 * theme.fontSize + 8} textAnchor="middle" fill={theme.text}>
          {spec.colLabel}
        </text>
      </g>
    </svg>
  );
}
