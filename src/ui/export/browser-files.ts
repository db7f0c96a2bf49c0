// A chart's export files in the browser: the SVG as a file, vector PDF (jsPDF + svg2pdf.js, text measured by the live
// DOM), PNG with its pHYs chunk set (changedpi) through a canvas, and the download itself. The DOM-free parts (SVG text,
// CSV, config) are in figures/figure-files.ts, shared with the CLI's `figure` command.

import { changeDpiBlob } from 'changedpi';
import type { SizedSvg } from '../../figures/figure-files';
import { CSS_DPI, pngPixelSize } from '../../figures/presets';

/** `figureSvg` as a file: the XML prolog plus the document. */
export const svgFile = (s: SizedSvg): Blob => new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${s.svg}`], { type: 'image/svg+xml' });

/**
 * A one-page vector PDF of the SVG at its print size (1 CSS px = 0.75 pt): paths stay paths and text stays text in
 * the standard Helvetica font (svg2pdf maps the SVG's font family onto it).
 */
export async function pdfFile(s: SizedSvg): Promise<Blob> {
  const [{ jsPDF }, { svg2pdf }] = await Promise.all([import('jspdf'), import('svg2pdf.js')]);
  const w = (s.width * 72) / CSS_DPI;
  const h = (s.height * 72) / CSS_DPI;
  const pdf = new jsPDF({ unit: 'pt', format: [w, h], orientation: w > h ? 'landscape' : 'portrait', compress: true });
  // jsPDF's standard fonts have normal and bold only: numeric weights (600) would fall back to Times.
  const svg = s.svg.replace(/font-weight="([5-9]00)"/g, 'font-weight="bold"');
  const el = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  // svg2pdf measures text through the live DOM, so the element is attached (off screen) while it converts.
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:-10000px;top:0;visibility:hidden';
  host.appendChild(document.importNode(el, true));
  document.body.appendChild(host);
  try {
    await svg2pdf(host.firstElementChild!, pdf, { x: 0, y: 0, width: w, height: h });
  } finally {
    host.remove();
  }
  return pdf.output('blob');
}

/** A PNG of the SVG at `dpi`: pixel width = width in inches × dpi, and a pHYs chunk saying `dpi` (so LaTeX sizes it right). */
export async function pngFile(s: SizedSvg, dpi: number): Promise<Blob> {
  const size = pngPixelSize(s.width, s.height, dpi);
  const url = URL.createObjectURL(new Blob([s.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.width = size.width;
    img.height = size.height;
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The figure SVG could not be drawn as an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2-D canvas to draw the PNG on.');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.drawImage(img, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(`The browser could not encode a ${size.width} × ${size.height} PNG.`);
    return await changeDpiBlob(blob, dpi);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves `blob` as `name` through a temporary link (the browser's download). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A canvas rasteriser for `figures/map-svg.ts` `mapSvg`: draws on a `w` × `h` canvas and returns a PNG data URL. */
export function canvasRaster(w: number, h: number, draw: (ctx: CanvasRenderingContext2D, k: number) => void): string {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('No 2-D canvas to draw the map points on.');
  draw(ctx, w);
  return c.toDataURL('image/png');
}
