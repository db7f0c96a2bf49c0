// Export files from a spec: print-size SVG, CSV with one row per drawn mark, configs, and the map SVG (vector and raster).
import { describe, expect, it } from 'vitest';
import { boxStats } from '../../core/metrics/distributions';
import type { BarSpec, BoxSpec, StackedSpec } from '../../figures/chart/spec';
import { systemStyle } from '../../figures/palette';
import type { ScatterSnapshot } from '../scatter/scatter';
import { csvText, figureConfig, figureSvg, parseFigureConfig, plottedTable } from '../../figures/figure-files';
import { MAX_VECTOR_POINTS, mapCsv, mapSvg } from '../../figures/map-svg';
import { pngPixelSize, presetById } from '../../figures/presets';

const base = systemStyle({ kind: 'base' });
const aligned = systemStyle({ kind: 'aligned' });
const rows = [
  { key: 'b', label: 'llama-2-base', style: base },
  { key: 'a', label: 'llama-2-chat', style: aligned },
];
const vals = [0.1, 0.2, 0.3];
const box: BoxSpec = { type: 'box', id: 'box', title: 'Box', pointLabel: 'prompt', rows, x: { label: 'Jaccard', digits: 3 }, data: [{ row: 'b', points: vals.map((value, id) => ({ id, value })), stats: boxStats(vals) }, { row: 'a', points: [{ id: 0, value: 0.5 }], stats: boxStats([0.5]) }] };
const stacked: StackedSpec = {
  type: 'stacked', id: 'st', title: 'Stacked', rows, x: { label: 'Share', digits: 2, percent: true }, normalize: true,
  categories: [{ key: 'yes', label: 'yes', style: base }, { key: 'no', label: 'no', style: aligned }],
  data: [{ row: 'b', category: 'yes', value: 3 }, { row: 'b', category: 'no', value: 0 }, { row: 'a', category: 'no', value: 2 }],
};
const bar: BarSpec = {
  type: 'bar', id: 'bar', title: 'Bars', rows, x: { label: 'share', digits: 3 }, series: [{ key: 's', label: 'S', style: base }, { key: 't', label: 'T', style: aligned }],
  data: [{ row: 'b', series: 's', value: 0.5 }],
};
const count = (svg: string, cls: string) => svg.split(`class="${cls}"`).length - 1;

describe('figure files', () => {
  it('PNG pixel width is the width in inches × dpi', () => {
    expect(pngPixelSize(3.3 * 96, 200, 300)).toEqual({ width: 990, height: 625 });
    expect(pngPixelSize(6.9 * 96, 96, 600).width).toBe(4140);
  });

  it('renders the SVG at the preset width in the paper theme with text as text', () => {
    const s = figureSvg(box, { preset: presetById('acl-single'), fontPt: 8 });
    expect(s.width).toBeCloseTo(316.8, 1);
    expect(s.svg).toContain('font-family="Helvetica, Arial, sans-serif"');
    expect(s.svg).toMatch(/<text[^>]*>Jaccard<\/text>/);
    expect(s.svg).not.toContain('<style');
    expect(figureSvg(box, { preset: presetById('acl-double'), fontPt: 8 }).width).toBeCloseTo(662.4, 1);
  });

  it('CSV has one row per drawn mark: stacked zero segments are not drawn, bar slots are', () => {
    const st = figureSvg(stacked, { preset: presetById('acl-single'), fontPt: 9 }).svg;
    expect(plottedTable(stacked).rows.length).toBe(count(st, 'segment'));
    expect(plottedTable(stacked).rows.length).toBe(2);
    const b = figureSvg(bar, { preset: presetById('acl-single'), fontPt: 9 }).svg;
    expect(plottedTable(bar).rows.length).toBe(count(b, 'bar'));
    expect(plottedTable(box).rows.length).toBe(4);
    const csv = csvText(plottedTable(box)).trim().split('\n');
    expect(csv[0]).toBe('system,prompt,Jaccard');
    expect(csv[1]).toBe('llama-2-base,0,0.1');
  });

  it('configs record view, preset and metric definitions, and bad files are named in the error', () => {
    const c = figureConfig(box, { preset: presetById('neurips-text'), fontPt: 10 }, { dataset: 'k', view: 'findings' }, { seed: 42 });
    expect(c).toMatchObject({ kind: 'overton-figure', chart: 'box', preset: 'neurips-text', fontPt: 10, view: { dataset: 'k' }, params: { seed: 42 }, metrics: { axes: ['Jaccard'] } });
    expect(parseFigureConfig(JSON.stringify(c), 'f.json').view).toEqual({ dataset: 'k', view: 'findings' });
    expect(() => parseFigureConfig('{', 'bad.json')).toThrow(/^bad\.json: not JSON/);
    expect(() => parseFigureConfig('{"kind":"x"}', 'other.json')).toThrow(/other\.json: not an Overton figure config/);
  });
});

function snapshot(n: number): ScatterSnapshot {
  const xy = new Float32Array(n * 2).map((_, i) => (i % 7) - 3 + i / (n * 2));
  return { data: { xy, n, color: new Uint8Array(n).map((_, i) => i % 2), shape: new Uint8Array(n).map((_, i) => i % 4), palette: ['#0072B2', '#D55E00'] }, transform: { scale: 1, tx: 0, ty: 0 }, width: 400, height: 300, state: new Uint8Array(n), pointSize: 6 };
}
const legend = [{ label: 'llama-2-base', color: '#0072B2', shape: 0 as const }, { label: 'llama-2-chat', color: '#D55E00', shape: 1 as const }];

describe('map export', () => {
  it('draws one vector mark per point up to the limit, with legend and axis titles', () => {
    const s = mapSvg(snapshot(50), { widthIn: 3.3, fontPt: 9, legend, xLabel: 'UMAP 1', yLabel: 'UMAP 2' });
    const marks = /<g class="points">(.*?)<\/g>/.exec(s.svg)![1]!.match(/<(circle|rect|path) /g)!;
    expect(marks.length).toBe(50);
    expect(s.svg).toContain('>UMAP 1</text>');
    expect(s.svg).toContain('>llama-2-chat</text>');
    expect(s.width).toBeCloseTo(316.8, 1);
  });

  it('embeds the points as one image above the limit, keeping vector axes and legend', () => {
    const calls: [number, number][] = [];
    const s = mapSvg(snapshot(MAX_VECTOR_POINTS + 1), { widthIn: 3.3, fontPt: 9, legend, xLabel: 'PCA 1', yLabel: 'PCA 2', rasterDpi: 600 }, (w, h) => {
      calls.push([w, h]);
      return 'data:image/png;base64,AAAA';
    });
    expect(s.svg).toContain('<image class="points-raster"');
    expect(s.svg).not.toContain('<g class="points">');
    expect(calls[0]![0]).toBe(Math.round(3.3 * 600));
    expect(s.svg).toContain('>PCA 2</text>');
  });

  it('CSV lists every point with its legend group', () => {
    const lines = mapCsv(snapshot(6), legend).trim().split('\n');
    expect(lines.length).toBe(7);
    expect(lines[2]).toMatch(/^1,.*,"llama-2-chat",shown$/);
  });
});
