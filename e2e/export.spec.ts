// E2E: the Export menu of each chart type (box, bar, scatter, stacked, heatmap) downloads SVG, PDF, PNG, CSV and a
// config; the files are checked in Node: SVG parses with the marks and axis text, the PDF has vector paths and the
// axis text (pdfjs-dist), the PNG's pHYs and pixel size match the dpi, the CSV has one row per drawn mark, and the
// config reopens the same view. Print-size renders of the PDF/PNG are saved as test artefacts.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { BUNDLED_MODEL, modelKey } from '../src/core/embed/embedder';
import { toEmbeddingJsonl } from '../src/core/embed/npz';
import { importPaperData } from '../src/core/io/paper-layout';
import { mulberry32 } from '../src/core/similarity/random';
import { nodeSource } from '../src/node/fs-source';
import { openServerData, PAPER, selectDataset } from './support';

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

let page: Page;
let vectorsFile = '';
const dir = mkdtempSync(join(tmpdir(), 'overton-export-e2e-'));

test.beforeAll(async ({ browser }) => {
  // Seeded synthetic vectors (as in findings.spec.ts) so the lexical-vs-semantic scatter has points.
  const lima = (await importPaperData(nodeSource(PAPER))).datasets.find((d) => d.id === 'LIMA-OE')!;
  const systems = ['llama-2-chat', 'llama-2-icl-chat'];
  const refs = lima.samples.filter((x) => x.split === 'outputs' && x.text !== null && systems.includes(x.system)).map((x) => ({ dataset: 'LIMA-OE', system: x.system as string, prompt: x.prompt, sample: x.index }));
  const dim = 16;
  const rand = mulberry32(7);
  const vectors = Float32Array.from({ length: refs.length * dim }, () => rand() - 0.5);
  vectorsFile = join(dir, 'lima.jsonl');
  writeFileSync(vectorsFile, toEmbeddingJsonl(refs, vectors, dim, modelKey(BUNDLED_MODEL)));
  page = await openServerData(browser);
});

test.afterAll(async () => {
  await page.close();
});

const chart = (title: string) => page.locator('figure.chart-frame').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** Marks drawn per chart type, as CSS selectors on the exported SVG. */
const MARKS = { box: 'g.box-row > g:not(.box)', bar: 'g.bar', scatter: 'g.point', stacked: 'g.segment', heatmap: 'rect > title' } as const;

async function save(fig: Locator, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), fig.getByRole('button', { name: button, exact: true }).click({ timeout: 20_000 })]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

let cliDir = '';
/** Runs the built CLI's `figure` over the paper data (built once per run as npm's prepare does, inside the checkout so its node_modules and models resolve). */
function cli(...args: string[]): string {
  if (!cliDir) {
    cliDir = join(process.cwd(), 'node_modules/.cache/overton-e2e-cli');
    execFileSync(process.execPath, ['scripts/build-cli.mjs', cliDir]);
  }
  return execFileSync(process.execPath, [join(cliDir, 'main.js'), 'figure', PAPER, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Width, height and dpi (from pHYs, pixels per metre) of a PNG. */
function pngInfo(b: Buffer): { width: number; height: number; dpi: number | null } {
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  let off = 8;
  let dpi: number | null = null;
  while (off < b.length) {
    const len = b.readUInt32BE(off);
    const type = b.subarray(off + 4, off + 8).toString('latin1');
    if (type === 'pHYs') {
      expect(b[off + 16]).toBe(1); // unit: metre
      dpi = Math.round(b.readUInt32BE(off + 8) * 0.0254);
    }
    if (type === 'IDAT') break;
    off += 12 + len;
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), dpi };
}

async function pdfInfo(b: Buffer): Promise<{ text: string; paths: number; widthPt: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(b), standardFontDataUrl, disableFontFace: true }).promise;
  const p = await doc.getPage(1);
  const text = (await p.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
  const ops = await p.getOperatorList();
  const paths = ops.fnArray.filter((f) => f === pdfjs.OPS.constructPath).length;
  return { text, paths, widthPt: p.view[2]! - p.view[0]! };
}

/** Opens the chart's Export menu with a preset and checks every format; returns the marks counted in the SVG. */
async function checkChart(title: string, type: keyof typeof MARKS, axisText: string, preset: { id: string; inches: number }) {
  const fig = chart(title);
  await expect(fig.locator('svg[role=img]')).toBeVisible({ timeout: 90_000 });
  await fig.getByRole('button', { name: `Export ${title}` }).click();
  const panel = fig.getByRole('group', { name: `Export ${title}` });
  await panel.getByRole('combobox').first().selectOption(preset.id);
  await expect(panel.getByRole('img')).toBeVisible();

  const svg = await save(fig, 'SVG');
  // Parsed by the browser's XML parser (a strict one: malformed markup yields a parsererror document).
  const parsed0 = await page.evaluate(
    ([text, sel]) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        tag: root.tagName,
        error: doc.querySelector('parsererror') !== null,
        width: Number(root.getAttribute('width')),
        font: root.getAttribute('font-family') ?? '',
        styles: doc.querySelectorAll('style').length,
        marks: doc.querySelectorAll(sel).length,
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' | '),
      };
    },
    [svg.bytes.toString('utf8'), MARKS[type]] as const,
  );
  expect(parsed0.error).toBe(false);
  expect(parsed0.tag).toBe('svg');
  expect(parsed0.width).toBeCloseTo(preset.inches * 96, 1);
  expect(parsed0.font).toContain('Helvetica');
  expect(parsed0.styles).toBe(0);
  const marks = parsed0.marks;
  expect(marks).toBeGreaterThan(0);
  expect(parsed0.texts).toContain(axisText);

  const csv = await save(fig, 'CSV');
  const parsed = Papa.parse<string[]>(csv.bytes.toString('utf8').trim(), { skipEmptyLines: true });
  expect(parsed.data.length - 1).toBe(marks);

  const pdf = await save(fig, 'PDF');
  const info = await pdfInfo(pdf.bytes);
  expect(info.paths).toBeGreaterThan(3);
  expect(info.text).toContain(axisText);
  expect(info.widthPt).toBeCloseTo(preset.inches * 72, 0);
  const pdfPath = join(dir, pdf.name);
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdfPath, test.info().outputPath(`${type}-pdf-150dpi`)]);

  for (const dpi of [150, 300, 600]) {
    const png = await save(fig, `PNG ${dpi} dpi`);
    const p = pngInfo(png.bytes);
    expect(p.dpi).toBe(dpi);
    expect(p.width).toBe(Math.round(preset.inches * dpi));
    if (dpi === 300) writeFileSync(test.info().outputPath(`${type}-300dpi.png`), png.bytes);
  }
  await fig.getByRole('button', { name: `Export ${title}` }).click();
  return marks;
}

test('box, bar and scatter charts export SVG, PDF, PNG and CSV that match what is drawn', async () => {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Findings' }).click();
  // The open menu with its print preview (normal and greyscale), at both screen sizes, as test artefacts.
  const len = chart('Response length');
  await expect(len.locator('svg[role=img]')).toBeVisible({ timeout: 90_000 });
  await len.getByRole('button', { name: 'Export Response length' }).click();
  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await len.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`menu-${w}x${h}.png`) });
  }
  await len.getByLabel('Greyscale preview').check();
  await expect(len.getByRole('img', { name: /greyscale/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('menu-greyscale-1280x800.png') });
  await len.getByRole('button', { name: 'Export Response length' }).click();
  await page.setViewportSize({ width: 1400, height: 900 });
  // Box: one mark per prompt per system (LIMA-OE: 50 prompts).
  const boxMarks = await checkChart('Response length', 'box', 'Words per response', { id: 'acl-single', inches: 3.3 });
  expect(boxMarks % 50).toBe(0);
  await checkChart('Format and refusal rates', 'bar', 'numbered list', { id: 'acl-double', inches: 6.9 });
  // The scatter needs vectors: import the synthetic ones, as a user does in Embeddings.
  await page.getByRole('tab', { name: 'Embeddings' }).click();
  await page.locator('input[type=file][accept=".jsonl,.npz"]').setInputFiles(vectorsFile);
  await expect(page.getByText(/Imported \d+ vectors/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Findings' }).click();
  const pts = await checkChart('Lexical vs semantic diversity', 'scatter', 'Mean pairwise Jaccard', { id: 'neurips-text', inches: 5.5 });
  expect(pts).toBeGreaterThanOrEqual(2);
});

test('a saved config rebuilds the same figure headlessly: `overton figure` writes the SVG the app wrote', async () => {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Findings' }).click();
  // A measurer chart at a non-default preset and font, and the embedding scatter (vectors imported in the test above).
  for (const [title, presetId, font, extra] of [
    ['Format and refusal rates', 'acl-double', '8', [] as string[]],
    ['Lexical vs semantic diversity', 'neurips-text', '10', ['--vectors', vectorsFile]],
  ] as const) {
    const fig = chart(title);
    await expect(fig.locator('svg[role=img]')).toBeVisible({ timeout: 90_000 });
    await fig.getByRole('button', { name: `Export ${title}` }).click();
    const panel = fig.getByRole('group', { name: `Export ${title}` });
    await panel.getByLabel('Width').selectOption(presetId);
    await panel.getByLabel('Font').selectOption(font);
    const svg = await save(fig, 'SVG');
    const cfg = await save(fig, 'Config (JSON)');
    await fig.getByRole('button', { name: `Export ${title}` }).click();
    const out = join(dir, `cli-${cfg.name.replace(/\.config\.json$/, '')}.svg`);
    cli('--config', join(dir, cfg.name), '--out', out, ...extra);
    expect(readFileSync(out, 'utf8')).toBe(svg.bytes.toString('utf8'));
    const pdf = out.replace(/\.svg$/, '.pdf');
    cli('--config', join(dir, cfg.name), '--out', pdf, ...extra);
    const info = await pdfInfo(readFileSync(pdf));
    expect(info.text).toContain(title === 'Format and refusal rates' ? 'numbered list' : 'Mean pairwise Jaccard');
    expect(info.paths).toBeGreaterThan(3);
  }
});

test('stacked bars and the stance heatmap export too; a config reopens the same view', async () => {
  await selectDataset(page, 'ConflictingQA');
  await page.getByRole('tab', { name: 'Findings' }).click();
  await checkChart('Stance of each sample', 'stacked', 'Share', { id: 'acl-single', inches: 3.3 });
  await checkChart('Stance pattern per prompt', 'heatmap', 'prompt', { id: 'acl-double', inches: 6.9 });

  const fig = chart('Stance of each sample');
  await fig.getByRole('button', { name: 'Export Stance of each sample' }).click();
  const cfg = await save(fig, 'Config (JSON)');
  const config = JSON.parse(cfg.bytes.toString('utf8')) as { kind: string; chart: string; view: { dataset: string; view: string }; metrics: { axes: string[] }; preset: string; fontPt: number };
  // Width and font are one setting for the view: the last menu's choice (the heatmap's 6.9 in) is what the config saved.
  expect(config.preset).toBe('acl-double');
  expect(config.kind).toBe('overton-figure');
  expect(config.chart).toBe('stance-labels');
  expect(config.view.view).toBe('findings');
  expect(config.metrics.axes.length).toBeGreaterThan(0);
  const datasetKey = config.view.dataset;
  expect(datasetKey).toBeTruthy();

  // Move away (another dataset, another view), then open the config: the same dataset, view and chart come back.
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Browse' }).click();
  await page.getByRole('tab', { name: 'Findings' }).click();
  const any = page.locator('figure.chart-frame').first();
  await any.getByRole('button', { name: /^Export / }).click();
  await any.getByLabel('Width').selectOption('neurips-text');
  await any.getByLabel('Font').selectOption('10');
  await any.getByLabel('Open figure config').setInputFiles(join(dir, cfg.name));
  // Opening the config restores its width and font too.
  await expect(page.getByRole('group', { name: 'Figure pack' }).getByLabel('Width')).toHaveValue(config.preset);
  await expect(page.getByRole('group', { name: 'Figure pack' }).getByLabel('Font')).toHaveValue(String(config.fontPt));
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue(datasetKey);
  await expect(page.getByRole('tab', { name: 'Findings' })).toHaveAttribute('aria-selected', 'true');
  await expect(chart('Stance of each sample').locator('svg[role=img]')).toBeVisible({ timeout: 60_000 });

  // Figure pack: one zip with every chart of the view and a README.
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: /^Figure pack \(\d+\)$/ }).click()]);
  const zipPath = join(dir, dl.suggestedFilename());
  await dl.saveAs(zipPath);
  const { unzipSync, strFromU8 } = await import('fflate');
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const readme = strFromU8(files['README.md']!);
  expect(readme).toContain(`stance-labels-${config.preset}.pdf`);
  expect(readme).toContain(`${config.fontPt} pt text, PNG at 300 dpi`);
  expect(Object.keys(files).filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(3);
});

test('the Overview table exports booktabs LaTeX (chosen decimals, bold best) and CSV with the columns shown', async () => {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Overview' }).click();
  const table = page.locator('table.overview-table');
  await expect(table).toBeVisible({ timeout: 90_000 });
  const cols = await table.locator('thead th').count();
  const rows = await table.locator('tbody tr:not(.group-row)').count();
  await page.getByRole('button', { name: /^Export table: / }).click();
  const panel = page.getByRole('group', { name: /^Export table: / });
  await panel.getByRole('combobox', { name: 'Decimals' }).selectOption('2');
  await panel.getByRole('combobox', { name: 'Bold best per column' }).selectOption('max');
  const [dl] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'LaTeX', exact: true }).click()]);
  const tex = readFileSync((await dl.path())!, 'utf8');
  for (const rule of ['\\toprule', '\\midrule', '\\bottomrule']) expect(tex).toContain(rule);
  const spec = /\\begin\{tabular\}\{([lr]+)\}/.exec(tex)?.[1] ?? '';
  expect(spec.length).toBe(cols);
  const body = tex.split('\\midrule')[1]!.split('\\bottomrule')[0]!.trim().split('\n');
  expect(body.length).toBe(rows);
  expect(body[0]!.split(' & ').length).toBe(cols);
  expect(tex).toMatch(/\\textbf\{\d+\.\d{2}\}/);
  expect(tex).not.toMatch(/ \d+\.\d{3,} /);
  const [dl2] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'CSV', exact: true }).click()]);
  const csv = Papa.parse<string[]>(readFileSync((await dl2.path())!, 'utf8').trim(), { skipEmptyLines: true }).data;
  expect(csv.length - 1).toBe(rows);
  expect(csv[0]!.length).toBe(cols);
});

test('the drill-down map exports vector SVG/PDF (one mark per sample), PNG at the dpi and CSV of its points', async () => {
  // LIMA-OE's vectors were imported by the first test (they persist in IndexedDB).
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Drill-down' }).click();
  await page.getByRole('button', { name: 'Show the first prompt' }).click();
  await page.getByRole('combobox', { name: 'Projection' }).selectOption('pca');
  const status = page.getByRole('status').filter({ hasText: /samples of \d+ systems · PCA/ });
  await expect(status).toBeVisible({ timeout: 90_000 });
  const n = Number(/(\d+) samples of/.exec((await status.textContent())!)![1]);
  const view = page.locator('.drill-down');
  await view.getByRole('button', { name: 'Export Joint map' }).click();
  await view.getByRole('group', { name: 'Export Joint map' }).getByRole('combobox').first().selectOption('acl-double');

  const svg = (await save(view, 'SVG')).bytes.toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror') !== null,
      marks: doc.querySelectorAll('g.points > *').length,
      raster: doc.querySelectorAll('image').length,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent).join(' | '),
    };
  }, svg);
  expect(parsed.error).toBe(false);
  expect(parsed.marks).toBe(n);
  expect(parsed.raster).toBe(0);
  expect(parsed.texts).toContain('PCA 1');
  expect(parsed.texts).toContain('llama-2-chat');

  const pdf = await save(view, 'PDF');
  const info = await pdfInfo(pdf.bytes);
  expect(info.text).toContain('PCA 1');
  expect(info.paths).toBeGreaterThanOrEqual(n);
  expect(info.widthPt).toBeCloseTo(6.9 * 72, 0);
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', join(dir, pdf.name), test.info().outputPath('map-pdf-150dpi')]);
  const png = pngInfo((await save(view, 'PNG 300 dpi')).bytes);
  expect(png.dpi).toBe(300);
  expect(png.width).toBe(Math.round(6.9 * 300));
  const csvFile = await save(view, 'CSV');
  const csv = Papa.parse<string[]>(csvFile.bytes.toString('utf8').trim(), { skipEmptyLines: true }).data;
  expect(csv.length - 1).toBe(n);

  // The map's config rebuilds the same map headlessly: same projection of the same vectors, same SVG and CSV.
  const cfg = await save(view, 'Config (JSON)');
  const config = JSON.parse(cfg.bytes.toString('utf8')) as { chart: string; inputs: { prompt: number; systems: string; method: string } };
  expect(config.chart).toBe('drill-down-p0-pca');
  expect(config.inputs.method).toBe('pca');
  const out = join(dir, 'cli-map.svg');
  cli('--config', join(dir, cfg.name), '--out', out, '--vectors', vectorsFile);
  expect(readFileSync(out, 'utf8')).toBe(svg);
  cli('--config', join(dir, cfg.name), '--out', join(dir, 'cli-map.csv'), '--vectors', vectorsFile);
  expect(readFileSync(join(dir, 'cli-map.csv'), 'utf8')).toBe(csvFile.bytes.toString('utf8'));

  // The similarity matrices export as figures too, and rebuild the same (values from the same vectors).
  for (const [heading, id] of [['Sample × sample cosine', 'sample-heatmap-p0'], ['System × system mean cosine', 'system-matrix-p0']] as const) {
    const block = view.locator('.drill-block').filter({ has: page.getByRole('heading', { name: new RegExp(heading) }) });
    const title = id.startsWith('sample') ? 'Sample × sample cosine, prompt 0' : 'System × system mean cosine, prompt 0';
    await block.getByRole('button', { name: `Export ${title}` }).click();
    const m = await save(block, 'SVG');
    expect(m.name).toBe(`${id}-acl-double.svg`);
    const mCfg = await save(block, 'Config (JSON)');
    const mCsv = await save(block, 'CSV');
    await block.getByRole('button', { name: `Export ${title}` }).click();
    const mOut = join(dir, `cli-${id}.svg`);
    cli('--config', join(dir, mCfg.name), '--out', mOut, '--vectors', vectorsFile);
    expect(readFileSync(mOut, 'utf8')).toBe(m.bytes.toString('utf8'));
    const cells = Papa.parse<string[]>(mCsv.bytes.toString('utf8').trim(), { skipEmptyLines: true }).data.slice(1);
    if (id === 'system-matrix-p0') {
      // Its diagonal is the matrix the page shows (self-similarity), to the 3 decimals drawn.
      for (const row of cells.filter((c) => c[0] === c[1])) {
        await expect(view.locator(`td[data-row="${row[0]}"][data-col="${row[1]}"]`)).toHaveText(Number(row[2]).toFixed(3));
      }
    } else {
      expect(cells.length).toBe(n * n);
    }
  }

  // The Corpus map, coloured by format, rebuilds too (every embedded sample of the split).
  await page.getByRole('tab', { name: 'Corpus map' }).click();
  await page.getByRole('combobox', { name: 'Colour by' }).selectOption('format');
  const corpus = page.locator('.corpus-map');
  await expect(corpus.getByRole('status').filter({ hasText: /samples embedded|PCA/ }).first()).toBeVisible({ timeout: 90_000 });
  await expect(corpus.getByRole('button', { name: 'Export Corpus map' })).toBeVisible({ timeout: 90_000 });
  await corpus.getByRole('button', { name: 'Export Corpus map' }).click();
  const corpusSvg = (await save(corpus, 'SVG')).bytes.toString('utf8');
  const corpusCfg = await save(corpus, 'Config (JSON)');
  expect(JSON.parse(corpusCfg.bytes.toString('utf8')).chart).toBe('corpus-map-outputs-pca-format');
  const corpusOut = join(dir, 'cli-corpus.svg');
  cli('--config', join(dir, corpusCfg.name), '--out', corpusOut, '--vectors', vectorsFile);
  expect(readFileSync(corpusOut, 'utf8')).toBe(corpusSvg);
});

test('the per-prompt measures of Browse export as booktabs LaTeX, one row per shown system', async () => {
  // The drill-down test chose LIMA-OE's first prompt (shared view state).
  await page.getByRole('tab', { name: 'Browse' }).click();
  const blocks = page.locator('dl.column-measures');
  await expect(blocks.first()).toBeVisible({ timeout: 60_000 });
  const systems = await blocks.count();
  await page.getByRole('button', { name: /^Export table: Measures of prompt/ }).click();
  const panel = page.getByRole('group', { name: /^Export table: Measures of prompt/ });
  const [dl] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'LaTeX', exact: true }).click()]);
  const tex = readFileSync((await dl.path())!, 'utf8');
  for (const rule of ['\\toprule', '\\midrule', '\\bottomrule']) expect(tex).toContain(rule);
  expect(/\\begin\{tabular\}\{([lr]+)\}/.exec(tex)![1]!.length).toBe(11);
  expect(tex.split('\\midrule')[1]!.split('\\bottomrule')[0]!.trim().split('\n').length).toBe(systems);
});
