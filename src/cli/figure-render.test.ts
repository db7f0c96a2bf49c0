// The Node renderers: a > 20k-point map becomes one PNG image (drawn by resvg) under the vector frame, legend and axis text.
import { describe, expect, it } from 'vitest';
import { MAX_VECTOR_POINTS, mapSvg } from '../figures/map-svg';
import { mulberry32 } from '../core/similarity/random';
import { nodeRasterizer } from './figure-render';

describe('nodeRasterizer', () => {
  it('draws the points of a large map as one embedded PNG of the figure size × dpi/96', async () => {
    const n = MAX_VECTOR_POINTS + 5000;
    const rand = mulberry32(3);
    const xy = Float32Array.from({ length: 2 * n }, () => rand());
    const data = { xy, n, color: Uint8Array.from({ length: n }, (_, i) => i % 2), palette: ['#0072B2', '#D55E00'] };
    const legend = [{ label: 'a', color: '#0072B2', shape: 0 as const }, { label: 'b', color: '#D55E00', shape: 0 as const }];
    const sized = mapSvg({ data, state: new Uint8Array(n) }, { widthIn: 3.3, fontPt: 9, legend, xLabel: 'PCA 1', yLabel: 'PCA 2', rasterDpi: 150 }, await nodeRasterizer());
    expect(sized.svg).not.toContain('<g class="points">');
    expect(sized.svg).toContain('>PCA 1<');
    const href = /<image class="points-raster"[^>]* href="data:image\/png;base64,([^"]+)"/.exec(sized.svg)?.[1];
    expect(href).toBeTruthy();
    const png = Buffer.from(href!, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round(sized.width * (150 / 96)));
    // Not blank: the points were drawn (a PNG of one flat colour compresses to almost nothing).
    expect(png.length).toBeGreaterThan(20_000);
  }, 60_000);
});
