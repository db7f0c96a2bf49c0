// Box plot over a strip of per-prompt points, one row per system: the spread of a measure, not just its mean.

import { MarkPath } from '../system-mark';
import { formatValue, jitter, layoutRows, linearScale } from './layout';
import { areaFill, HatchDefs, RowLabels, tipHandlers, XAxis, type RenderProps } from './parts';
import type { BoxSpec } from './spec';

/** Renders a {@link BoxSpec} as a complete SVG (static when `onTip` is absent). */
export function BoxChart({ spec, width, height, theme, onTip }: RenderProps<BoxSpec>) {
  const top = 6;
  const layout = layoutRows(spec.rows, theme, width, top, 26);
  const x0 = layout.labelW;
  const x1 = width - 14;
  const axisY = top + layout.height + 4;
  const h = height ?? axisY + 2 * theme.fontSize + 14;
  const all = spec.data.flatMap((d) => d.points.map((p) => p.value));
  const x = linearScale(spec.x, all, x0, x1);
  const byRow = new Map(spec.data.map((d) => [d.row, d]));
  const f = (v: number) => formatValue(spec.x, v);
  return (
    <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} xmlns="http://www.w3.org/2000/svg" fontFamily={theme.fontFamily} role="img" aria-label={spec.title}>
      <rect width={width} height={h} fill={theme.background} />
      <HatchDefs chartId={spec.id} styles={spec.rows.map((r) => r.style)} />
      <XAxis scale={x} axis={spec.x} y={axisY} gridTop={top} theme={theme} />
      <RowLabels layout={layout} x={x0} theme={theme} groupX={4} />
      {layout.rows.map(({ row, y, h: rh }) => {
        const d = byRow.get(row.key);
        const mid = y + rh / 2;
        const s = d?.stats;
        const boxH = Math.min(16, rh - 8);
        const summary = s
          ? `${row.label}: median ${f(s.median)}, mean ${f(s.mean)}, quartiles ${f(s.q1)}–${f(s.q3)}, range ${f(s.min)}–${f(s.max)}, ${s.n} ${spec.pointLabel}s`
          : `${row.label}: no values`;
        return (
          <g key={row.key} className="box-row" data-row={row.key}>
            {d?.points.map((p) => (
              <g key={p.id} {...tipHandlers(onTip, { x: x(p.value), y: mid, text: `${row.label} · ${spec.pointLabel} ${p.id}: ${f(p.value)}` })}>
                <MarkPath x={x(p.value)} y={mid + jitter(p.id, y) * (rh / 2 - 4)} size={4.5} shape={row.style.shape} color={row.style.color} fill={row.style.fill} opacity={0.35} />
                <title>{`${spec.pointLabel} ${p.id}: ${f(p.value)}`}</title>
              </g>
            ))}
            {s ? (
              <g
                className="box"
                tabIndex={onTip ? 0 : undefined}
                aria-label={summary}
                {...tipHandlers(onTip, { x: x(s.median), y: mid - boxH / 2, text: summary })}
              >
                <title>{summary}</title>
                <line x1={x(s.whiskerLo)} x2={x(s.whiskerHi)} y1={mid} y2={mid} stroke={theme.text} strokeWidth={1} />
                <line x1={x(s.whiskerLo)} x2={x(s.whiskerLo)} y1={mid - 4} y2={mid + 4} stroke={theme.text} />
                <line x1={x(s.whiskerHi)} x2={x(s.whiskerHi)} y1={mid - 4} y2={mid + 4} stroke={theme.text} />
                <rect x={x(s.q1)} y={mid - boxH / 2} width={Math.max(1, x(s.q3) - x(s.q1))} height={boxH} stroke={row.style.color} strokeWidth={1.5} pointerEvents="all" {...areaFill(spec.id, row.style, 0.25)} />
                <line x1={x(s.median)} x2={x(s.median)} y1={mid - boxH / 2} y2={mid + boxH / 2} stroke={theme.text} strokeWidth={2} />
                <MarkPath x={x(s.mean)} y={mid} size={8} shape={row.style.shape} color={row.style.color} fill={row.style.fill} />
              </g>
            ) : (
              <text x={x0 + 4} y={mid + 4} fontSize={theme.fontSize} fill={theme.muted}>
                no values
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
