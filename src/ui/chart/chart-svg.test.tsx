// @vitest-environment jsdom
// Every chart type renders complete SVG under react-dom/server at a fixed size (what export and the CLI rely on).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { boxStats } from '../../core/metrics/distributions';
import { systemStyle } from '../../figures/palette';
import { ChartFrame } from './chart-frame';
import { chartSvgMarkup } from '../../figures/chart/chart-markup';
import { ChartSvg } from '../../figures/chart/chart-svg';
import type { BarSpec, BoxSpec, ChartSpec, HeatmapSpec, MatrixSpec, ScatterSpec, StackedSpec } from '../../figures/chart/spec';
import { specTable } from '../../figures/chart/spec-table';
import { inchesToPx, paperTheme, screenTheme } from '../../figures/chart/theme';

const base = systemStyle({ kind: 'base' });
const icl = systemStyle({ kind: 'icl', teacher: 'gpt-3.5', selection: 'knn', hint: 'summary' });
const rows = [
  { key: 'llama-2-base', label: 'llama-2-base', style: base, group: 'Base' },
  { key: 'llama-2-icl-gpt-3.5-knn-prompt_similar', label: 'llama-2-icl-gpt-3.5-knn-prompt_similar', style: icl, group: 'ICL' },
];
const vals = [0.1, 0.2, 0.3, 0.9];
const box: BoxSpec = {
  type: 'box', id: 'box', title: 'Box', pointLabel: 'prompt', rows, x: { label: 'Jaccard', digits: 3 },
  data: [{ row: 'llama-2-base', points: vals.map((value, id) => ({ id, value })), stats: boxStats(vals) }, { row: rows[1]!.key, points: [], stats: null }],
};
const bar: BarSpec = {
  type: 'bar', id: 'bar', title: 'Bars', rows, x: { label: 'share', digits: 3, percent: true },
  series: [{ key: 'a', label: 'A', style: base }, { key: 'b', label: 'B', style: icl }],
  data: [{ row: 'llama-2-base', series: 'a', value: 0.5 }, { row: 'llama-2-base', series: 'b', value: null }, { row: rows[1]!.key, series: 'a', value: 0.25 }],
};
const scatter: ScatterSpec = {
  type: 'scatter', id: 'sc', title: 'Scatter', x: { label: 'x', digits: 2 }, y: { label: 'y', digits: 2 },
  series: [{ key: 's', label: 'S', style: base }], points: [{ id: 'p1', series: 's', x: 1, y: 2, label: 'one' }, { id: 'p2', series: 's', x: 2, y: 3, label: 'two' }], showLabels: true,
};
const stacked: StackedSpec = {
  type: 'stacked', id: 'st', title: 'Stacked', rows, x: { label: 'share', digits: 2, percent: true }, normalize: true,
  categories: [{ key: 'yes', label: 'yes', style: base }, { key: 'no', label: 'no', style: icl }],
  data: [{ row: 'llama-2-base', category: 'yes', value: 3 }, { row: 'llama-2-base', category: 'no', value: 1 }],
};
const heat: HeatmapSpec = {
  type: 'heatmap', id: 'hm', title: 'Heat', rows, colLabel: 'prompt', cols: [{ key: '0', label: '0' }, { key: '1', label: '1' }],
  categories: [{ key: 'one', label: 'one stance', style: base }], cells: [{ row: 'llama-2-base', col: '1', category: 'one', detail: '5 yes' }],
};
const matrix: MatrixSpec = {
  type: 'matrix', id: 'mx', title: 'Matrix', rows: rows.slice(0, 2), cols: rows.slice(0, 2).map((r) => ({ key: r.key, label: r.label })),
  values: [0.9, 0.4, 0.4, null], scale: { label: 'cosine', domain: [0.4, 1], digits: 3 }, colLabel: 'system', showValues: true, diagonal: true,
};
const all: ChartSpec[] = [box, bar, scatter, stacked, heat, matrix];

describe('ChartSvg under renderToStaticMarkup', () => {
  for (const spec of all) {
    it(`renders a complete ${spec.type} SVG at a fixed width`, () => {
      const html = renderToStaticMarkup(<ChartSvg spec={spec} width={480} theme={screenTheme} />);
      expect(html.startsWith('<svg')).toBe(true);
      expect(html.endsWith('</svg>')).toBe(true);
      expect(html).toContain('width="480"');
      expect(html).toMatch(/height="\d+(\.\d+)?"/);
      expect(html).not.toContain('NaN');
      const doc = new DOMParser().parseFromString(html, 'image/svg+xml');
      expect(doc.querySelector('parsererror')).toBeNull();
    });
  }

  it('draws one mark per datum with the exact value in its title', () => {
    const html = renderToStaticMarkup(<ChartSvg spec={box} width={480} theme={screenTheme} />);
    expect(html.match(/<title>prompt \d+: /g)).toHaveLength(4);
    expect(html).toContain('median 0.250');
    expect(renderToStaticMarkup(<ChartSvg spec={bar} width={480} theme={screenTheme} />)).toContain('llama-2-base · A: 50.0%');
    expect(renderToStaticMarkup(<ChartSvg spec={stacked} width={480} theme={screenTheme} />)).toContain('yes: 75%');
    expect(renderToStaticMarkup(<ChartSvg spec={heat} width={480} theme={screenTheme} />).match(/<rect x=/g)?.length).toBe(1);
    // Matrix: one cell per value with its value (the missing one as "–"), and the missing cell grey.
    const mx = renderToStaticMarkup(<ChartSvg spec={matrix} width={480} theme={screenTheme} />);
    expect(mx.match(/<title>/g)).toHaveLength(4);
    expect(mx).toContain('>0.900<');
    expect(mx).toContain('× llama-2-icl-gpt-3.5-knn-prompt_similar: –</title>');
    expect(mx).toContain('fill="#eeeeee"');
  });

  it('wraps long system names at "-" boundaries, never mid-word', () => {
    const html = renderToStaticMarkup(<ChartSvg spec={box} width={360} theme={screenTheme} />);
    const lines = [...html.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!);
    expect(lines.join('')).toContain('llama-2-icl-gpt-3.5-knn-prompt_similar');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines.slice(0, -1)) if (l.includes('icl')) expect(l).toMatch(/[-_]$/);
  });

  it('gives standalone SVG text at a column width in the paper theme', () => {
    const svg = chartSvgMarkup(bar, { width: inchesToPx(3.3), theme: paperTheme(8), legend: false });
    expect(svg).toMatch(/^<svg width="316.8" /);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('font-family="Helvetica, Arial, sans-serif"');
    expect(svg).not.toMatch(/="[^"]*\d\.\d{3,}/);
    expect(svg).toContain('llama-2-base · A: 50.0%');
  });

  it('draws the legend above the plot in the exported SVG, which still parses', () => {
    const svg = chartSvgMarkup({ ...bar, legend: bar.series }, { width: 300, theme: paperTheme(9) });
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const legend = [...doc.querySelectorAll('g.legend text')].map((t) => t.textContent);
    expect(legend).toEqual(['A', 'B']);
    const outer = doc.documentElement;
    const inner = outer.querySelector('svg')!;
    expect(Number(outer.getAttribute('height'))).toBeCloseTo(Number(inner.getAttribute('y')) + Number(inner.getAttribute('height')), 1);
  });

  it('renders the paper theme at paper sizes', () => {
    const html = renderToStaticMarkup(<ChartSvg spec={scatter} width={317} height={200} theme={paperTheme(8)} />);
    expect(html).toContain('height="200"');
    expect(html).toContain('Helvetica');
  });

  it('hatches hinted systems and hollows per-prompt selection', () => {
    const html = renderToStaticMarkup(<ChartSvg spec={box} width={480} theme={screenTheme} />);
    expect(html).toContain('<pattern id="box-hatch-');
    expect(icl.fill).toBe('hollow');
  });
});

describe('ChartFrame', () => {
  it('renders title, legend and complete SVG on the server', () => {
    const html = renderToStaticMarkup(<ChartFrame spec={{ ...bar, legend: bar.series }} initialWidth={500} />);
    expect(html).toContain('<h3 id="bar-title">Bars</h3>');
    expect(html).toMatch(/<svg[^>]*width="500"/);
    expect(html).toContain('Legend: Bars');
  });
});

describe('specTable', () => {
  it('gives one row per mark (or per box) with unrounded values', () => {
    expect(specTable(box).rows[0]).toEqual(['llama-2-base', 4, 0.1, boxStats(vals)!.q1, 0.25, 0.375, boxStats(vals)!.q3, 0.9]);
    expect(specTable(box, 'marks').rows).toHaveLength(4);
    expect(specTable(bar).rows).toHaveLength(3);
    expect(specTable(stacked).rows[0]).toEqual(['llama-2-base', 'yes', 3, 0.75]);
    expect(specTable(heat).rows).toEqual([['llama-2-base', '1', 'one stance', '5 yes']]);
  });
});
