// `figure`: a config as the app writes it (figureConfig over the same builders) rebuilds the same SVG from the paper
// data; CSV values are core's per-prompt numbers; PDF is vector with the axis text, PNG has width × dpi pixels and its
// pHYs; semantic charts agree with the `semantic` command; bad input names the file and exits non-zero.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL } from '../../core/embed/embedder';
import { importAny } from '../../core/io/detect';
import { findingsTables } from '../../core/metrics/distributions';
import { formatClass } from '../../core/metrics/format-class';
import type { Dataset } from '../../core/model/types';
import type { ChartSpec } from '../../figures/chart/spec';
import { figureConfig, figureSvg } from '../../figures/figure-files';
import { measureFigures, shownSystems } from '../../figures/findings-figures';
import { presetById } from '../../figures/presets';
import { nodeSource } from '../../node/fs-source';
import { paperDataDir } from '../../node/paper-data';
import type { Output } from '../args';
import { runFigure } from './figure';
import { runSemantic } from './semantic';

const paper = paperDataDir();
const repo = resolve(import.meta.dirname, '../../..');
const semanticFixture = resolve(repo, 'test/fixtures/semantic/data');
const hasModel = existsSync(resolve(repo, 'public/models/overton/use-lite/onnx/model.onnx'));
const dir = mkdtempSync(join(tmpdir(), 'overton-figure-'));

async function run(fn: (argv: string[], io: Output) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let lima: Dataset | undefined;
async function limaOE(): Promise<Dataset> {
  lima ??= (await importAny(nodeSource(join(paper, 'LIMA-OE')))).datasets[0]!;
  return lima;
}

/** Writes the config the app's Export menu saves for `spec` (same function, same fields) and returns its path. */
function saveConfig(name: string, spec: ChartSpec, view: Record<string, unknown>, params: Record<string, unknown>, preset = 'acl-single', fontPt = 9): string {
  const path = join(dir, `${name}.config.json`);
  writeFileSync(path, JSON.stringify(figureConfig(spec, { preset: presetById(preset), fontPt }, view, params), null, 2));
  return path;
}

describe.skipIf(!existsSync(paper))('figure over the paper data', () => {
  const chosen = ['llama-2-base', 'llama-2-chat', 'gpt-3.5-turbo', 'llama-2-icl-chat'];

  it('rebuilds each measurer chart exactly as the app draws it (same SVG), and its CSV holds core\'s numbers', async () => {
    const d = await limaOE();
    const t = findingsTables(d, 'outputs');
    const inSplit = [...new Set(d.samples.filter((s) => s.split === 'outputs').map((s) => s.system as string))];
    const { shown } = shownSystems(d.systems, inSplit, chosen);
    expect(shown.map((s) => s.id).sort()).toEqual([...chosen].sort());
    const figs = measureFigures(shown, t);
    const view = { dataset: 'LIMA-OE', split: 'outputs', view: 'findings', systems: chosen };
    for (const spec of [figs.length, figs.jaccard, figs.format, figs.bertscore]) {
      const cfg = saveConfig(spec.id, spec, view, { dataset: 'LIMA-OE' }, 'acl-double', 8);
      const out = join(dir, `${spec.id}.svg`);
      const r = await run(runFigure, [paper, '--config', cfg, '--out', out]);
      expect(r.code, r.err).toBe(0);
      const want = figureSvg(spec, { preset: presetById('acl-double'), fontPt: 8 }).svg;
      expect(readFileSync(out, 'utf8')).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${want}`);
      expect(r.err).toContain(`wrote ${out}: "${spec.title}", LIMA-OE, 6.90 ×`);
    }
    // CSV: one row per prompt per system, each the per-prompt mean words core computes.
    const cfg = saveConfig('length-csv', figs.length, view, { dataset: 'LIMA-OE' });
    const csvPath = join(dir, 'length.csv');
    expect((await run(runFigure, [paper, '--config', cfg, '--out', csvPath])).code).toBe(0);
    const rows = Papa.parse<string[]>(readFileSync(csvPath, 'utf8').trim()).data.slice(1);
    const per = t.perPrompt.find((p) => p.system === 'llama-2-chat')!.perPrompt.filter((m) => m.mean_words !== null);
    const got = rows.filter((r) => r[0] === 'llama-2-chat');
    expect(got.length).toBe(per.length);
    for (const m of per) expect(Number(got.find((r) => Number(r[1]) === m.prompt)![2])).toBeCloseTo(m.mean_words!, 9);
  }, 120_000);

  it('writes a vector PDF with the axis text and a PNG of width × dpi pixels with its pHYs, at the preset asked', async () => {
    const d = await limaOE();
    const inSplit = [...new Set(d.samples.filter((s) => s.split === 'outputs').map((s) => s.system as string))];
    const spec = measureFigures(shownSystems(d.systems, inSplit, chosen).shown, findingsTables(d, 'outputs')).length;
    const cfg = saveConfig('length-files', spec, { dataset: 'LIMA-OE', split: 'outputs', view: 'findings', systems: chosen }, { dataset: 'LIMA-OE' });
    const pdf = join(dir, 'length.pdf');
    const made = await run(runFigure, [paper, '--config', cfg, '--out', pdf, '--preset', 'neurips-text']);
    expect(made.code, made.err).toBe(0);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdf)), standardFontDataUrl, disableFontFace: true }).promise;
    const page = await doc.getPage(1);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    expect(text).toContain('Words per response');
    expect(text).toContain('llama-2-chat');
    const ops = await page.getOperatorList();
    expect(ops.fnArray.filter((f) => f === pdfjs.OPS.constructPath).length).toBeGreaterThan(100);
    expect(ops.fnArray.includes(pdfjs.OPS.paintImageXObject)).toBe(false);
    expect(page.view[2]! - page.view[0]!).toBeCloseTo(5.5 * 72, 0);

    for (const dpi of [150, 600]) {
      const png = join(dir, `length-${dpi}.png`);
      expect((await run(runFigure, [paper, '--config', cfg, '--out', png, '--dpi', String(dpi)])).code).toBe(0);
      const b = readFileSync(png);
      expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(b.readUInt32BE(16)).toBe(Math.round(3.3 * dpi));
      const phys = b.indexOf('pHYs', 8, 'latin1');
      expect(phys).toBeGreaterThan(0);
      expect(Math.round(b.readUInt32BE(phys + 4) * 0.0254)).toBe(dpi);
    }
  }, 120_000);

  it('refuses what it cannot rebuild, naming the file or the chart', async () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"kind": "overton-figure",');
    let r = await run(runFigure, [paper, '--config', notJson, '--out', join(dir, 'x.svg')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${notJson}: not JSON`);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ kind: 'something-else', view: {} }));
    r = await run(runFigure, [paper, '--config', other, '--out', join(dir, 'x.svg')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${other}: not an Overton figure config`);
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ kind: 'overton-figure', version: 1, chart: 'lab-comparison', view: { dataset: 'LIMA-OE', view: 'hint-lab' } }));
    r = await run(runFigure, [paper, '--config', map, '--out', join(dir, 'x.svg')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('chart "lab-comparison" comes from the Hint lab');
    r = await run(runFigure, [paper, '--config', map, '--out', join(dir, 'x.gif')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out must end in .svg, .pdf, .png, .csv');
    r = await run(runFigure, [paper, '--config', map, '--out', join(dir, 'x.svg'), '--dpi', '300']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--dpi applies to .png output only');
    const missing = join(dir, 'missing.json');
    writeFileSync(missing, JSON.stringify({ kind: 'overton-figure', version: 1, chart: 'length', view: { dataset: 'x', split: 'outputs' }, params: { dataset: 'NoSuch' } }));
    r = await run(runFigure, [paper, '--config', missing, '--out', join(dir, 'x.svg')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no dataset "NoSuch"');
    expect(r.err).toContain('LIMA-OE');
  }, 120_000);
});

describe.skipIf(!hasModel)('figure: semantic charts (real USE-lite)', () => {
  it('the teacher-similarity chart embeds the drawn systems and their teachers and shows the semantic command\'s numbers', async () => {
    const sem = await run(runSemantic, [semanticFixture, '--json']);
    expect(sem.code, sem.err).toBe(0);
    const icl = (JSON.parse(sem.out) as { system: string; to_teacher: number | null; teacher_self: number | null }[]).find((r) => r.system === 'llama-2-icl-chat')!;
    const cfg = join(dir, 'rq2.config.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        kind: 'overton-figure',
        version: 1,
        chart: 'rq2-embeddings',
        title: 'x',
        view: { dataset: 'Mini', split: 'outputs', view: 'findings', systems: ['llama-2-icl-chat'] },
        params: { embeddingModel: BUNDLED_MODEL, threshold: 0.8 },
        inputs: { threshold: 0.8, systems: 'llama-2-icl-chat' },
        preset: 'acl-single',
        fontPt: 9,
      }),
    );
    const csv = join(dir, 'rq2.csv');
    const r = await run(runFigure, [semanticFixture, '--config', cfg, '--out', csv]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('embedded');
    const rows = Papa.parse<string[]>(readFileSync(csv, 'utf8').trim()).data;
    const value = (row: string) => Number(rows.find((x) => x[0] === row)![2]);
    expect(value('llama-2-icl-chat')).toBeCloseTo(icl.to_teacher!, 4);
    expect(value('llama-2-chat (self)')).toBeCloseTo(icl.teacher_self!, 4);
  }, 300_000);

  it('rebuilds the Drill-down map of a prompt: one vector mark per sample, legend by system, CSV of the points', async () => {
    const cfg = join(dir, 'map.config.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        kind: 'overton-figure',
        version: 1,
        chart: 'drill-down-p0-pca',
        title: 'Joint map',
        view: { dataset: 'Mini', split: 'outputs', view: 'drill-down', prompt: 0 },
        params: { embeddingModel: BUNDLED_MODEL, projection: { method: 'pca', seed: 42, threshold: 0.8 } },
        inputs: { prompt: 0, systems: 'llama-2-base,llama-2-chat', method: 'pca' },
        preset: 'acl-single',
        fontPt: 9,
      }),
    );
    const svgPath = join(dir, 'map.svg');
    const r = await run(runFigure, [semanticFixture, '--config', cfg, '--out', svgPath]);
    expect(r.code, r.err).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    const marks = /<g class="points">(.*?)<\/g>/.exec(svg)![1]!.match(/<(circle|rect|path) /g)!.length;
    expect(marks).toBe(6); // 2 systems × 3 samples of prompt 0
    expect(svg).toContain('>PCA 1<');
    expect(svg).toContain('>llama-2-chat<');
    expect(svg).not.toContain('llama-2-icl-chat');
    const csvPath = join(dir, 'map.csv');
    expect((await run(runFigure, [semanticFixture, '--config', cfg, '--out', csvPath])).code).toBe(0);
    const rows = Papa.parse<string[]>(readFileSync(csvPath, 'utf8').trim()).data.slice(1);
    expect(rows.map((x) => x[3]).sort()).toEqual(['llama-2-base', 'llama-2-base', 'llama-2-base', 'llama-2-chat', 'llama-2-chat', 'llama-2-chat']);
  }, 300_000);

  it('rebuilds the Corpus map (all samples of the split, coloured by format, unchosen systems dimmed)', async () => {
    const cfg = join(dir, 'corpus.config.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        kind: 'overton-figure',
        version: 1,
        chart: 'corpus-map-outputs-pca-format',
        title: 'Corpus map',
        view: { dataset: 'Mini', split: 'outputs', view: 'corpus-map', systems: ['llama-2-chat'], colorBy: 'format' },
        params: { embeddingModel: BUNDLED_MODEL, projection: { method: 'pca', seed: 42, threshold: 0.8 }, colorBy: 'format' },
        inputs: { method: 'pca' },
        preset: 'acl-single',
        fontPt: 9,
      }),
    );
    const csvPath = join(dir, 'corpus.csv');
    const r = await run(runFigure, [semanticFixture, '--config', cfg, '--out', csvPath]);
    expect(r.code, r.err).toBe(0);
    const rows = Papa.parse<string[]>(readFileSync(csvPath, 'utf8').trim()).data.slice(1);
    expect(rows.length).toBe(18); // 3 systems × 2 prompts × 3 samples
    // Only llama-2-chat was chosen in the view: the others are drawn dimmed.
    expect(rows.filter((x) => x[4] === 'shown').length).toBe(6);
    // Each point's group is core's format class of its text: the counts per class agree.
    const mini = (await importAny(nodeSource(semanticFixture))).datasets[0]!;
    const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
    expect(count(rows.map((x) => x[3]!))).toEqual(count(mini.samples.filter((x) => x.split === 'outputs').map((x) => formatClass(x.text))));
    const svgPath = join(dir, 'corpus.svg');
    expect((await run(runFigure, [semanticFixture, '--config', cfg, '--out', svgPath])).code).toBe(0);
    expect(readFileSync(svgPath, 'utf8')).toContain('>PCA 2<');
  }, 300_000);
});
