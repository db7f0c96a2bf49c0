// Grouped horizontal bars: one row per system, one bar per series (format rates, quality aspects, RQ2 similarities).

import { MarkPath } from '../system-mark';
import { formatValue, layoutRows, linearScale } from './layout';
import { areaFill, HatchDefs, RowLabels, tipHandlers, XAxis, type RenderProps } from './parts';
import type { BarSpec } from './spec';

/** Renders a {@link BarSpec} as a complete SVG. */
export function BarChart({ spec, width, height, theme, onTip }: RenderProps<BarSpec>) {
  const top = 6;
  const barH = spec.series.length > 3 ? 7 : 10;
  const layout = layoutRows(spec.rows, theme, width, top, spec.series.length * barH + 8);
  const x0 = layout.labelW;
  const x1 = width - 40;
  const axisY = top + layout.height + 4;
  const h = height ?? axisY + 2 * theme.fontSize + 14;
  const dots = spec.marks === 'dot';
  const x = linearScale({ ...spec.x, zero: !dots }, spec.data.flatMap((d) => (d.value === null ? [] : [d.value])), x0, x1);
  const [d0] = x.domain() as [number, number];
  const value = new Map(spec.data.map((d) => [`${d.row}\u0000${d.series}`, d.value]));
  return (
    <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} xmlns="http://www.w3.org/2000/svg" fontFamily={theme.fontFamily} role="img" aria-label={spec.title}>
      <rect width={width} height={h} fill={theme.background} />
      <HatchDefs chartId={spec.id} styles={[...spec.rows.map((r) => r.style), ...spec.series.map((s) => s.style)]} />
      <XAxis scale={x} axis={spec.x} y={axisY} gridTop={top} theme={theme} />
      <RowLabels layout={layout} x={x0} theme={theme} groupX={4} />
      {layout.rows.map(({ row, y, h: rh }) => {
        const y0 = y + (rh - spec.series.length * barH) / 2;
        return (
          <g key={row.key} className="bar-row" data-row={row.key}>
            {spec.series.map((s, i) => {
              const v = value.get(`${row.key}\u0000${s.key}`) ?? null;
              const text = `${row.label} · ${s.label}: ${formatValue(spec.x, v)}`;
              // A single series takes the row's own style (its system colour); several series take theirs.
              const style = spec.series.length === 1 ? row.style : s.style;
              const by = y0 + i * barH;
              return (
                <g key={s.key} className="bar" tabIndex={onTip ? 0 : undefined} aria-label={text} {...tipHandlers(onTip, { x: x(v ?? 0), y: by, text })}>
                  <title>{text}</title>
                  {v !== null && dots ? (
                    <>
                      <line x1={x(d0)} x2={x(v)} y1={by + barH / 2} y2={by + barH / 2} stroke={theme.grid} strokeWidth={2} />
                      <MarkPath x={x(v)} y={by + barH / 2} size={barH + 2} shape={style.shape} color={style.color} fill={style.fill} />
                    </>
                  ) : v === null ? (
                    <text x={x(d0) + 3} y={by + barH - 1} fontSize={theme.fontSize * 0.8} fill={theme.muted}>
                      n/a
                    </text>
                  ) : (
                    <rect x={Math.min(x(0), x(v))} y={by} width={Math.max(1, Math.abs(x(v) - x(0)))} height={barH - 1} stroke={style.color} strokeWidth={1} {...areaFill(spec.id, style)} />
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
