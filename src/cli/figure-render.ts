// A figure's SVG as PDF and PNG files in Node, with the same kept libraries as the page where they run here:
// vector PDF through jsPDF + svg2pdf.js over a jsdom document, PNG through resvg (no browser), pHYs set by changedpi.

import { changeDpiDataUrl } from 'changedpi';
import type { SizedSvg } from '../figures/figure-files';
import type { RasterContext, Rasterizer } from '../figures/map-svg';
import { CSS_DPI, pngPixelSize } from '../figures/presets';

/**
 * A one-page vector PDF of the SVG at its print size (1 CSS px = 0.75 pt), as the page's `pdfFile` makes it. svg2pdf
 * needs a DOM: jsdom gives one, but it lays nothing out, so text width (for end- and middle-anchored labels) is measured
 * with jsPDF's own Helvetica metrics, the font the PDF draws the text in.
 */
export async function pdfBytes(s: SizedSvg): Promise<Uint8Array> {
  const [{ JSDOM, VirtualConsole }, jspdfModule, { svg2pdf }] = await Promise.all([import('jsdom'), import('jspdf'), import('svg2pdf.js/dist/svg2pdf.es.min.js')]);
  // jsPDF's Node build is CommonJS: a bundled dynamic import of it may expose only `default`.
  const jsPDF = jspdfModule.jsPDF ?? (jspdfModule as unknown as { default?: typeof jspdfModule }).default?.jsPDF;
  // A silent console: jsdom reports the canvas svg2pdf probes for (and we do not need) as "not implemented".
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { virtualConsole: new VirtualConsole() });
  const w = dom.window;
  const names = ['window', 'document', 'DOMParser', 'Node', 'Element', 'SVGElement', 'HTMLElement', 'getComputedStyle', 'CSSStyleSheet', 'CSSStyleRule'] as const;
  const saved = names.map((k) => Object.getOwnPropertyDescriptor(globalThis, k));
  for (const k of names) Object.defineProperty(globalThis, k, { value: w[k], configurable: true, writable: true });
  try {
    const metrics = new jsPDF({ unit: 'pt' });
    (w.SVGElement.prototype as unknown as { getBBox(this: Element): DOMRect }).getBBox = function getBBox(this: Element) {
      const size = parseFloat(this.getAttribute('font-size') ?? '') || 16;
      metrics.setFont('helvetica', /bold|[6-9]00/.test(this.getAttribute('font-weight') ?? '') ? 'bold' : 'normal');
      return { x: 0, y: 0, width: metrics.getStringUnitWidth(this.textContent ?? '') * size, height: size } as DOMRect;
    };
    const pt = (px: number) => (px * 72) / CSS_DPI;
    const [wPt, hPt] = [pt(s.width), pt(s.height)];
    const pdf = new jsPDF({ unit: 'pt', format: [wPt, hPt], orientation: wPt > hPt ? 'landscape' : 'portrait', compress: true });
    // jsPDF's standard fonts have normal and bold only: numeric weights (600) would fall back to Times.
    const svg = s.svg.replace(/font-weight="([5-9]00)"/g, 'font-weight="bold"');
    const el = new w.DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    const host = w.document.createElement('div');
    host.appendChild(w.document.importNode(el, true));
    w.document.body.appendChild(host);
    await svg2pdf(host.firstElementChild!, pdf, { x: 0, y: 0, width: wPt, height: hPt });
    return new Uint8Array(pdf.output('arraybuffer'));
  } finally {
    names.forEach((k, i) => {
      const d = saved[i];
      if (d) Object.defineProperty(globalThis, k, d);
      else delete (globalThis as Record<string, unknown>)[k];
    });
    w.close();
  }
}

/** Fonts resvg may draw the SVG's `Helvetica, Arial, sans-serif` with when none of those is installed (Arial metrics first). */
const SANS_FALLBACKS = ['Liberation Sans', 'Arimo', 'DejaVu Sans', 'Noto Sans'];

/**
 * A PNG of the SVG at `dpi`: pixel width = width in inches × dpi (as the page's `pngFile`), white background, and a
 * pHYs chunk saying `dpi`. Text is drawn with the machine's fonts (Arial-metric Liberation Sans where present).
 */
export async function pngBytes(s: SizedSvg, dpi: number, warn: (line: string) => void = () => {}): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const size = pngPixelSize(s.width, s.height, dpi);
  const resvg = new Resvg(s.svg, {
    fitTo: { mode: 'width', value: size.width },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: SANS_FALLBACKS[0], sansSerifFamily: SANS_FALLBACKS[0] },
  });
  const img = resvg.render();
  if (img.width !== size.width) warn(`note: the PNG is ${img.width} px wide, not ${size.width}`);
  const png = img.asPng();
  const url = changeDpiDataUrl(`data:image/png;base64,${Buffer.from(png).toString('base64')}`, dpi);
  return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

/**
 * A rasteriser for `figures/map-svg.ts` `mapSvg` without a canvas: the points are collected as SVG circles and drawn by resvg into a
 * PNG data URL (so a > 20k-point map is an image under vector axes, as in the page).
 */
export async function nodeRasterizer(): Promise<Rasterizer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return (w, h, draw) => {
    const marks: string[] = [];
    let pending = '';
    const ctx: RasterContext = {
      globalAlpha: 1,
      fillStyle: '#000000',
      beginPath: () => void (pending = ''),
      arc: (x, y, r) => void (pending = `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(2)}"`),
      fill: () => void (pending && marks.push(`${pending} fill="${String(ctx.fillStyle)}" fill-opacity="${ctx.globalAlpha}"/>`)),
    };
    draw(ctx, w);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${marks.join('')}</svg>`;
    return `data:image/png;base64,${Buffer.from(new Resvg(svg).render().asPng()).toString('base64')}`;
  };
}
