// A ChartSpec as a standalone SVG string (no DOM needed): the export feature's and a headless renderer's entry point.

import { renderToStaticMarkup } from 'react-dom/server';
import { ChartSvg } from './chart-svg';
import type { ChartSpec } from './spec';
import { screenTheme, type ChartTheme } from './theme';

/** Options of {@link chartSvgMarkup}: size in CSS px (use `inchesToPx` for print sizes) and theme. */
export interface MarkupOptions {
  width: number;
  height?: number;
  theme?: ChartTheme;
}

/**
 * The SVG document text of `spec` (marks, axes, row labels; text as `<text>`, styles as attributes, fonts named):
 * the same drawing as on screen, without the HTML frame (title and legend are the caller's to place).
 */
export function chartSvgMarkup(spec: ChartSpec, { width, height, theme = screenTheme }: MarkupOptions): string {
  return roundGeometry(renderToStaticMarkup(<ChartSvg spec={spec} width={width} height={height} theme={theme} />));
}

const GEOMETRY = /\b(x|y|x1|x2|y1|y2|width|height|d|viewBox|transform|font-size|dy)="([^"]*)"/g;

/** Geometry attributes to 2 decimals (0.01 px is far below print resolution; files shrink by a third). Text is untouched. */
function roundGeometry(svg: string): string {
  return svg.replace(GEOMETRY, (_, name: string, v: string) => `${name}="${v.replace(/-?\d+\.\d{3,}/g, (n) => String(Number(Number(n).toFixed(2))))}"`);
}
