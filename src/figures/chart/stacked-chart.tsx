// Horizontal stacked bars, one row per system (e.g. stance labels or per-prompt stance patterns as shares).

import { formatValue, layoutRows, linearScale } from './layout';
import { areaFill, HatchDefs, RowLabels, tipHandlers, XAxis, type RenderProps } from './parts';
import type { StackedSpec } from './spec';

/** Renders a {@link StackedSpec} as a complete SVG. */
export function StackedChart({ spec, width, height, theme, onTip }: RenderProps<StackedSpec>) {
  const top = 6;
  const layout = layoutRows(spec.rows, theme, width, top, 22);
  const x0 = layout.labelW;
  const x1 = width - 14;
  const axisY = top + layout.height + 4;
  const h = height ?? axisY + 2 * theme.fontSize + 14;
  const totals = new Map<string, number>();
  for (const d of spec.data) totals.set(d.row, (totals.get(d.row) ?? 0) + d.value);
  const share = (row: string, v: number) => (spec.normalize ? v / (totals.get(row) || 1) : v);
  const x = linearScale({ ...spec.x, zero: true, domain: spec.normalize ? [0, 1] : spec.x.domain }, [...totals.values()], x0, x1);
  return (
    <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} xmlns="http://www.w3.org/2000/svg" fontFamily={theme.fontFamily} role="img" aria-label={spec.title}>
      <rect width={width} height={h} fill={theme.background} />
      <HatchDefs chartId={spec.id} styles={spec.categories.map((c) => c.style)} />
      <XAxis scale={x} axis={spec.x} y={axisY} gridTop={top} theme={theme} />
      <RowLabels layout={layout} x={x0} theme={theme} groupX={4} />
      {layout.rows.map(({ row, y, h: rh }) => {
        let acc = 0;
        const barH = Math.min(16, rh - 6);
        const by = y + (rh - barH) / 2;
        return (
          <g key={row.key} className="stack-row" data-row={row.key}>
            <rect x={x0 - 5} y={by} width={3} height={barH} fill={row.style.color} />
            {spec.categories.map((c) => {
              const raw = spec.data.find((d) => d.row === row.key && d.category === c.key)?.value ?? 0;
              if (raw === 0) return null;
              const v = share(row.key, raw);
              const start = acc;
              acc += v;
              const text = `${row.label} · ${c.label}: ${formatValue(spec.x, v)}${spec.normalize ? ` (${raw} of ${totals.get(row.key)})` : ''}`;
              return (
                <g key={c.key} className="segment" tabIndex={onTip ? 0 : undefined} aria-label={text} {...tipHandlers(onTip, { x: x(start + v / 2), y: by, text })}>
                  <title>{text}</title>
                  <rect x={x(start)} y={by} width={Math.max(0.5, x(start + v) - x(start))} height={barH} stroke="#ffffff" strokeWidth={0.5} {...areaFill(spec.id, c.style)} />
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
