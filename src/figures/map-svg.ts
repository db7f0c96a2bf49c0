// SVG of a map (the scatter's snapshot on screen, or the CLI's rebuilt points): every point fitted into a print-size frame with a legend.
// Up to MAX_VECTOR_POINTS points are vector marks (circles, squares, triangles, diamonds); above that the points are
// one embedded high-dpi PNG under the vector frame, axis titles and legend, so the file stays small and opens fast.

import { textWidth } from './chart/layout';
import { inchesToPx, paperTheme } from './chart/theme';
import { svgSize, type SizedSvg } from './figure-files';
import type { MapPicture } from './map-points';

/** What a rasteriser gives {@link mapSvg} to draw the points on (a subset of the 2-D canvas context). */
export interface RasterContext {
  globalAlpha: number;
  fillStyle: string | object;
  beginPath(): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  fill(): void;
}

/** Draws on a `w` × `h` raster and returns it as a PNG data URL (the page uses a canvas). */
export type Rasterizer = (w: number, h: number, draw: (ctx: RasterContext, k: number) => void) => string;

/** Above this many points, the points are embedded as an image instead of vector marks. */
export const MAX_VECTOR_POINTS = 20_000;

/** A legend entry of a map: colour, shape (0 circle, 1 square, 2 triangle, 3 diamond) and label. */
export interface MapLegendItem {
  label: string;
  color: string;
  shape: 0 | 1 | 2 | 3;
}

/** Options of {@link mapSvg}. */
export interface MapSvgOptions {
  widthIn: number;
  fontPt: number;
  legend: readonly MapLegendItem[];
  /** Axis titles, e.g. `UMAP 1` / `UMAP 2` (projections have no units). */
  xLabel: string;
  yLabel: string;
  /** Resolution of the embedded point image when there are more than {@link MAX_VECTOR_POINTS} points. */
  rasterDpi?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r2 = (v: number) => Math.round(v * 100) / 100;

/** The SVG path (or circle) of one marker of `shape` centred at (x, y) with radius `r`. */
function marker(shape: number, x: number, y: number, r: number, fill: string, opacity: number): string {
  const op = opacity < 1 ? ` fill-opacity="${opacity}"` : '';
  if (shape === 1) return `<rect x="${r2(x - r * 0.9)}" y="${r2(y - r * 0.9)}" width="${r2(r * 1.8)}" height="${r2(r * 1.8)}" fill="${fill}"${op}/>`;
  if (shape === 2) return `<path d="M${r2(x)} ${r2(y - r)}L${r2(x + r)} ${r2(y + r * 0.8)}L${r2(x - r)} ${r2(y + r * 0.8)}Z" fill="${fill}"${op}/>`;
  if (shape === 3) return `<path d="M${r2(x)} ${r2(y - r)}L${r2(x + r)} ${r2(y)}L${r2(x)} ${r2(y + r)}L${r2(x - r)} ${r2(y)}Z" fill="${fill}"${op}/>`;
  return `<circle cx="${r2(x)}" cy="${r2(y)}" r="${r2(r)}" fill="${fill}"${op}/>`;
}

/** Placement of the points: data → figure px, fitted (same scale on both axes) into the plot box. */
function fit(s: MapPicture, box: { x: number; y: number; w: number; h: number }) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const { xy, n } = s.data;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!, y = xy[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  if (minX > maxX) [minX, maxX, minY, maxY] = [-1, 1, -1, 1];
  const pad = 6;
  const scale = Math.min((box.w - 2 * pad) / (maxX - minX || 1), (box.h - 2 * pad) / (maxY - minY || 1));
  const cx = box.x + box.w / 2, cy = box.y + box.h / 2;
  const mx = (minX + maxX) / 2, my = (minY + maxY) / 2;
  return { px: (x: number) => cx + (x - mx) * scale, py: (y: number) => cy - (y - my) * scale };
}

/**
 * The map as an SVG document at `widthIn` inches (height = 0.8 × width plus the legend). Dimmed points (state 1) are
 * drawn faint under the others; `raster` draws the points to a PNG data URL when there are too many for vector marks.
 */
export function mapSvg(s: MapPicture, opts: MapSvgOptions, raster?: Rasterizer): SizedSvg {
  const theme = paperTheme(opts.fontPt);
  const width = inchesToPx(opts.widthIn);
  const fs = theme.fontSize;
  const lh = fs + 6;
  // Legend rows, wrapping at the width.
  const rows: { item: MapLegendItem; x: number }[][] = [[]];
  let lx = 4;
  for (const item of opts.legend) {
    const w = 14 + textWidth(item.label, theme) + 12;
    if (lx + w > width && rows[rows.length - 1]!.length) { rows.push([]); lx = 4; }
    rows[rows.length - 1]!.push({ item, x: lx });
    lx += w;
  }
  const top = opts.legend.length ? rows.length * lh + 4 : 4;
  const plotH = Math.round(width * 0.8);
  const box = { x: fs * 1.6, y: top, w: width - fs * 1.6 - 4, h: plotH - fs * 1.6 - 4 };
  const height = top + plotH;
  const { px, py } = fit(s, box);
  const r = Math.max(1.2, Math.min(3, width / 160));
  const { xy, n, color, shape, palette } = s.data;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (s.state[i] === 1) order.push(i);
  for (let i = 0; i < n; i++) if (s.state[i] !== 1) order.push(i);
  let points = '';
  if (n <= MAX_VECTOR_POINTS || !raster) {
    const parts: string[] = [];
    for (const i of order) {
      const x = xy[2 * i]!, y = xy[2 * i + 1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      parts.push(marker(shape?.[i] ?? 0, px(x), py(y), r, palette[color[i]!] ?? '#777777', s.state[i] === 1 ? 0.15 : 0.85));
    }
    points = `<g class="points">${parts.join('')}</g>`;
  } else {
    const dpi = opts.rasterDpi ?? 300;
    const k = dpi / 96;
    const url = raster(Math.round(width * k), Math.round(height * k), (ctx) => {
      for (const i of order) {
        const x = xy[2 * i]!, y = xy[2 * i + 1]!;
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        ctx.globalAlpha = s.state[i] === 1 ? 0.15 : 0.85;
        ctx.fillStyle = palette[color[i]!] ?? '#777777';
        ctx.beginPath();
        ctx.arc(px(x) * k, py(y) * k, r * k, 0, 2 * Math.PI);
        ctx.fill();
      }
    });
    points = `<image class="points-raster" x="0" y="0" width="${width}" height="${height}" preserveAspectRatio="none" href="${url}"/>`;
  }
  const legend = rows
    .flatMap((row, ri) => row.map(({ item, x }) => `${marker(item.shape, x + 5, ri * lh + lh / 2, 4, item.color, 1)}<text x="${r2(x + 14)}" y="${r2(ri * lh + lh / 2 + fs * 0.35)}">${esc(item.label)}</text>`))
    .join('');
  const axes =
    `<rect x="${r2(box.x)}" y="${r2(box.y)}" width="${r2(box.w)}" height="${r2(box.h)}" fill="none" stroke="${theme.axis}" stroke-width="0.75"/>` +
    `<text x="${r2(box.x + box.w / 2)}" y="${r2(box.y + box.h + fs + 2)}" text-anchor="middle" fill="${theme.muted}">${esc(opts.xLabel)}</text>` +
    `<text transform="translate(${r2(fs)} ${r2(box.y + box.h / 2)}) rotate(-90)" text-anchor="middle" fill="${theme.muted}">${esc(opts.yLabel)}</text>`;
  const svg =
    `<svg width="${r2(width)}" height="${r2(height)}" viewBox="0 0 ${r2(width)} ${r2(height)}" xmlns="http://www.w3.org/2000/svg" font-family="${theme.fontFamily}" font-size="${r2(fs)}">` +
    `<rect width="${r2(width)}" height="${r2(height)}" fill="#ffffff"/>${points}${axes}<g class="legend" fill="${theme.text}">${legend}</g></svg>`;
  return { svg, ...svgSize(svg) };
}

/** The map's points as CSV: one row per drawn point (row index, x, y, legend label of its colour, shown/dimmed). */
export function mapCsv(s: MapPicture, legend: readonly MapLegendItem[]): string {
  const byColor = new Map(legend.map((l) => [l.color.toLowerCase(), l.label]));
  const lines = ['row,x,y,group,state'];
  for (let i = 0; i < s.data.n; i++) {
    const x = s.data.xy[2 * i]!, y = s.data.xy[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const g = byColor.get((s.data.palette[s.data.color[i]!] ?? '').toLowerCase()) ?? '';
    lines.push(`${i},${x},${y},"${g.replace(/"/g, '""')}",${s.state[i] === 1 ? 'dimmed' : s.state[i] === 2 ? 'selected' : 'shown'}`);
  }
  return lines.join('\n') + '\n';
}
