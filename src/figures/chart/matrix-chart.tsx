// A numeric matrix (sample × sample or system × system cosine): square cells on a sequential (cividis) scale, row
// labels left, column labels rotated above, a colour key below.

import { SEQUENTIAL_COLORS } from '../palette';
import { textWidth } from './layout';
import { tipHandlers, type RenderProps } from './parts';
import type { MatrixSpec } from './spec';

/** The colour of `v` on the spec's scale (clamped to its domain), and whether text on it should be white. */
export function matrixColor(spec: MatrixSpec, v: number | null): { fill: string; dark: boolean } {
  if (v === null || !Number.isFinite(v)) return { fill: '#eeeeee', dark: false };
  const [lo, hi] = spec.scale.domain;
  const t = Math.max(0, Math.min(1, (v - lo) / Math.max(1e-9, hi - lo)));
  const bin = Math.min(SEQUENTIAL_COLORS.length - 1, Math.floor(t * SEQUENTIAL_COLORS.length));
  return { fill: SEQUENTIAL_COLORS[bin]!, dark: t < 0.55 };
}

/** Renders a {@link MatrixSpec}: one `<rect>` per cell (with its value when `showValues`), labels and a colour key. */
export function MatrixChart({ spec, width, height, theme, onTip }: RenderProps<MatrixSpec>) {
  const fs = theme.fontSize;
  const nr = spec.rows.length;
  const nc = Math.max(1, spec.cols.length);
  const longest = (xs: readonly { label: string }[]) => Math.max(0, ...xs.map((x) => textWidth(x.label, theme)));
  const labelW = Math.min(width * 0.4, longest(spec.rows) + 8);
  const colLabelH = Math.min(width * 0.35, longest(spec.cols) + 6);
  const valueW = spec.showValues ? textWidth('0.000', theme) + 4 : 0;
  const cell = Math.max(2, Math.min((width - labelW - 6) / nc, Math.max(valueW, fs * 2.2)));
  const x0 = labelW;
  const y0 = colLabelH + 4;
  const keyY = y0 + nr * cell + 10;
  const h = height ?? keyY + fs * 2 + 10;
  const ticks = nc <= 40;
  const keyW = Math.min(width - x0 - 8, 160);
  const bins = SEQUENTIAL_COLORS.length;
  const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : v.toFixed(spec.scale.digits));
  return (
    <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} xmlns="http://www.w3.org/2000/svg" fontFamily={theme.fontFamily} role="img" aria-label={spec.title}>
      <rect width={width} height={h} fill={theme.background} />
      <g fontSize={fs} fill={theme.text}>
        {spec.rows.map((r, i) =>
          ticks || nr <= 40 ? (
            <text key={r.key} x={x0 - 4} y={y0 + (i + 0.5) * cell + fs * 0.35} textAnchor="end">
              {r.label}
            </text>
          ) : null,
        )}
        {ticks &&
          spec.cols.map((c, j) => (
            <text key={c.key} transform={`translate(${x0 + (j + 0.5) * cell + fs * 0.35} ${y0 - 4}) rotate(-90)`}>
              {c.label}
            </text>
          ))}
      </g>
      <g className="cells">
        {spec.rows.flatMap((r, i) =>
          spec.cols.map((c, j) => {
            const v = spec.values[i * spec.cols.length + j] ?? null;
            const { fill, dark } = matrixColor(spec, v);
            const text = `${r.label} × ${c.label}: ${fmt(v)}`;
            return (
              <g key={`${r.key}-${c.key}`}>
                <rect x={x0 + j * cell} y={y0 + i * cell} width={cell} height={cell} fill={fill} {...tipHandlers(onTip, { x: x0 + (j + 0.5) * cell, y: y0 + i * cell, text })}>
                  <title>{text}</title>
                </rect>
                {spec.showValues && (
                  <text x={x0 + (j + 0.5) * cell} y={y0 + (i + 0.5) * cell + fs * 0.35} textAnchor="middle" fontSize={fs * 0.9} fill={dark ? '#ffffff' : '#000000'}>
                    {fmt(v)}
                  </text>
                )}
              </g>
            );
          }),
        )}
      </g>
      {spec.breaks?.map((b) => (
        <g key={`break-${b}`} stroke="#ffffff" strokeWidth={1.5}>
          <line x1={x0 + b * cell} y1={y0} x2={x0 + b * cell} y2={y0 + nr * cell} />
          <line x1={x0} y1={y0 + b * cell} x2={x0 + nc * cell} y2={y0 + b * cell} />
        </g>
      ))}
      {spec.diagonal &&
        spec.rows.map((r, i) => (i < nc ? <rect key={`diag-${r.key}`} x={x0 + i * cell + 0.75} y={y0 + i * cell + 0.75} width={cell - 1.5} height={cell - 1.5} fill="none" stroke="#000000" strokeWidth={1.5} /> : null))}
      <g className="color-key" fontSize={fs} fill={theme.muted}>
        {SEQUENTIAL_COLORS.map((c, k) => (
          <rect key={c} x={x0 + (k * keyW) / bins} y={keyY} width={keyW / bins} height={fs * 0.8} fill={c} />
        ))}
        <text x={x0} y={keyY + fs * 1.9}>{spec.scale.domain[0].toFixed(spec.scale.digits)}</text>
        <text x={x0 + keyW} y={keyY + fs * 1.9} textAnchor="end">
          {spec.scale.domain[1].toFixed(spec.scale.digits)}
        </text>
        <text x={x0 + keyW / 2} y={keyY + fs * 1.9} textAnchor="middle" fill={theme.text}>
          {spec.scale.label}
        </text>
      </g>
    </svg>
  );
}
