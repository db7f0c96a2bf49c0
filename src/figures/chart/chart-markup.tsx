// A ChartSpec as a standalone SVG string (no DOM needed): the export feature's and a headless renderer's entry point.

import { renderToStaticMarkup } from 'react-dom/server';
import { MarkPath } from '../system-mark';
import { ChartSvg } from './chart-svg';
import { textWidth } from './layout';
import type { ChartSpec, SeriesDef } from './spec';
import { screenTheme, type ChartTheme } from './theme';

/** Options of {@link chartSvgMarkup}: size in CSS px (use `inchesToPx` for print sizes), theme, and whether to draw the legend. */
export interface MarkupOptions {
  width: number;
  /** Plot height (px); the legend, when drawn, adds its own rows above it. */
  height?: number;
  theme?: ChartTheme;
  /** Draw `spec.legend` as SVG rows above the plot (default true when the spec has one). */
  legend?: boolean;
}

/**
 * The SVG document text of `spec` (marks, axes, row labels, legend; text as `<text>`, styles as attributes, fonts
 * named): the same drawing as on screen, without the HTML frame's title (a paper's caption replaces it).
 */
export function chartSvgMarkup(spec: ChartSpec, { width, height, theme = screenTheme, legend = true }: MarkupOptions): string {
  const plot = renderToStaticMarkup(<ChartSvg spec={spec} width={width} height={height} theme={theme} />);
  const entries = legend ? (spec.legend ?? []) : [];
  if (!entries.length) return roundGeometry(plot);
  const rows = legendRows(entries, width, theme);
  const lh = theme.fontSize + 6;
  const top = rows.length * lh + 4;
  const plotH = Number(/^<svg[^>]* height="([\d.]+)"/.exec(plot)?.[1] ?? 0);
  const total = top + plotH;
  const legendSvg = renderToStaticMarkup(
    <g className="legend" fontSize={theme.fontSize} fill={theme.text}>
      {rows.flatMap((row, r) =>
        row.map(({ e, x }) => (
          <g key={`${r}-${e.key}`}>
            {e.style.pattern === 'hatch' ? (
              <HatchSwatch x={x + 0.5} y={r * lh + lh / 2 - 2.5} color={e.style.color} />
            ) : (
              <MarkPath x={x + 5} y={r * lh + lh / 2 + 2} size={9} shape={e.style.shape} color={e.style.color} fill={e.style.fill} />
            )}
            <text x={x + 14} y={r * lh + lh / 2 + 2 + theme.fontSize * 0.35}>{e.label}</text>
          </g>
        )),
      )}
    </g>,
  );
  const inner = plot.replace(/^<svg /, `<svg x="0" y="${top}" `);
  return roundGeometry(
    `<svg width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" xmlns="http://www.w3.org/2000/svg" font-family="${theme.fontFamily}"><rect width="${width}" height="${total}" fill="${theme.background}"></rect>${legendSvg}${inner}</svg>`,
  );
}

/** A 9 × 9 hatched square (drawn as lines, so it needs no pattern definition). */
function HatchSwatch({ x, y, color }: { x: number; y: number; color: string }) {
  return (
    <g stroke={color} strokeWidth={1.2}>
      <rect x={x} y={y} width={9} height={9} fill="#ffffff" />
      <line x1={x} y1={y + 4.5} x2={x + 4.5} y2={y} />
      <line x1={x} y1={y + 9} x2={x + 9} y2={y} />
      <line x1={x + 4.5} y1={y + 9} x2={x + 9} y2={y + 4.5} />
    </g>
  );
}

/** Legend entries placed left to right, wrapping to a new row when the next one would pass `width`. */
function legendRows(entries: readonly SeriesDef[], width: number, theme: ChartTheme): { e: SeriesDef; x: number }[][] {
  const rows: { e: SeriesDef; x: number }[][] = [[]];
  let x = 4;
  for (const e of entries) {
    const w = 14 + textWidth(e.label, theme) + 12;
    if (x + w > width && rows[rows.length - 1]!.length) {
      rows.push([]);
      x = 4;
    }
    rows[rows.length - 1]!.push({ e, x });
    x += w;
  }
  return rows;
}

const GEOMETRY = /\b(x|y|x1|x2|y1|y2|width|height|d|viewBox|transform|font-size|dy)="([^"]*)"/g;

/** Geometry attributes to 2 decimals (0.01 px is far below print resolution; files shrink by a third). Text is untouched. */
function roundGeometry(svg: string): string {
  return svg.replace(GEOMETRY, (_, name: string, v: string) => `${name}="${v.replace(/-?\d+\.\d{3,}/g, (n) => String(Number(Number(n).toFixed(2))))}"`);
}
