// Scatter of labelled points coloured and shaped by series (e.g. lexical vs semantic diversity per system).

import { MarkPath } from '../system-mark';
import { axisTitle, formatValue, linearScale } from './layout';
import { tickDigits, tipHandlers, XAxis, type RenderProps } from './parts';
import type { ScatterSpec } from './spec';

/** Renders a {@link ScatterSpec} as a complete SVG (`height` defaults to 0.62 × width, at most 420 px). */
export function ScatterChart({ spec, width, height, theme, onTip }: RenderProps<ScatterSpec>) {
  const h = height ?? Math.min(420, Math.round(width * 0.62));
  const left = 3 * theme.fontSize + 24;
  const right = width - (spec.showLabels ? 120 : 16);
  const top = 10;
  const axisY = h - 2 * theme.fontSize - 14;
  const x = linearScale(spec.x, spec.points.map((p) => p.x), left, right);
  const y = linearScale(spec.y, spec.points.map((p) => p.y), axisY, top);
  const style = new Map(spec.series.map((s) => [s.key, s]));
  const yTicks = y.ticks(Math.max(2, Math.floor((axisY - top) / 50)));
  const many = spec.points.length > 60;
  return (
    <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} xmlns="http://www.w3.org/2000/svg" fontFamily={theme.fontFamily} role="img" aria-label={spec.title}>
      <rect width={width} height={h} fill={theme.background} />
      <XAxis scale={x} axis={spec.x} y={axisY} gridTop={top} theme={theme} />
      <g className="y-axis" fontSize={theme.fontSize} fill={theme.muted}>
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={left} x2={right} y1={y(t)} y2={y(t)} stroke={theme.grid} />
            <text x={left - 5} y={y(t) + theme.fontSize * 0.35} textAnchor="end">
              {formatValue({ digits: tickDigits(yTicks), percent: spec.y.percent }, t)}
            </text>
          </g>
        ))}
        <line x1={left} x2={left} y1={top} y2={axisY} stroke={theme.axis} />
        <text transform={`translate(${theme.fontSize + 2},${(top + axisY) / 2}) rotate(-90)`} textAnchor="middle" fill={theme.text}>
          {axisTitle(spec.y)}
        </text>
      </g>
      {spec.points.map((p) => {
        const s = style.get(p.series)?.style;
        if (!s) return null;
        const text = `${p.label}: ${spec.x.label} ${formatValue(spec.x, p.x)}, ${spec.y.label} ${formatValue(spec.y, p.y)}`;
        return (
          <g key={p.id} className="point" tabIndex={onTip && !many ? 0 : undefined} aria-label={many ? undefined : text} {...tipHandlers(onTip, { x: x(p.x), y: y(p.y), text })}>
            <title>{text}</title>
            <MarkPath x={x(p.x)} y={y(p.y)} size={many ? 5 : 10} shape={s.shape} color={s.color} fill={s.fill} opacity={many ? 0.45 : 1} />
            {spec.showLabels && (
              <text x={x(p.x) + 7} y={y(p.y) + 4} fontSize={theme.fontSize * 0.85} fill={theme.muted}>
                {p.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
