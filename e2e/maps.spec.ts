// E2E: vectors of three LIMA-OE systems (CLI, same engine) imported in the Embeddings view; the Drill-down's map positions,
// tooltips and system × system diagonal equal core; lasso and cluster selections link to the Corpus map and Browse; a
// link restores the map parameters; a system without vectors is named; screenshots at 1280 × 800 and 1920 × 1080.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEmbeddingJsonl } from '../src/core/embed/npz';
import { promptSemantic, type EmbeddedSamples } from '../src/core/metrics/semantic';
import { pca } from '../src/core/projection/pca';
import { importAny } from '../src/core/io/detect';
import { splitSentences } from '../src/core/metrics/sentences';
import { formatClass } from '../src/core/metrics/format-class';
import { nodeSource } from '../src/node/fs-source';
import { encodeViewState, decodeViewState } from '../src/state/view-state';
import { openServerData, PAPER, selectDataset } from './support';

const SYSTEMS = ['llama-2-base', 'llama-2-chat', 'llama-2-icl-chat'];
const SHOTS = 'test-results/maps';

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

let page: Page;
let vectorsFile = '';
let embedded: EmbeddedSamples;

async function shoot(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}.png` });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  vectorsFile = process.env.OVERTON_MAPS_VECTORS && existsSync(process.env.OVERTON_MAPS_VECTORS) ? process.env.OVERTON_MAPS_VECTORS : join(mkdtempSync(join(tmpdir(), 'overton-maps-e2e-')), 'lima.jsonl');
  if (!existsSync(vectorsFile)) {
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'embed', PAPER, '--dataset', 'LIMA-OE', '--systems', SYSTEMS.join(','), '--out', vectorsFile], { stdio: 'pipe', timeout: 240_000 });
  }
  const t = parseEmbeddingJsonl(readFileSync(vectorsFile, 'utf8'));
  embedded = { vectors: t.vectors, n: t.n, dim: t.dim, rows: t.rows.map((r) => ({ system: r.system, prompt: r.prompt, index: r.sample })) };
  page = await openServerData(browser);
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Embeddings' }).click();
  await page.locator('input[type=file][accept=".jsonl,.npz"]').setInputFiles(vectorsFile);
  await expect(page.getByText(new RegExp(`Imported ${t.n} vectors`))).toBeVisible({ timeout: 90_000 });
});

test.afterAll(async () => {
  await page.close();
});

/** The drill-down's rows in the app's order (systems as the matrix lists them, then sample index), without zero vectors. */
function promptRows(prompt: number, systems: string[]) {
  const idx: number[] = [];
  embedded.rows.forEach((r, i) => {
    if (r.prompt !== prompt || !systems.includes(r.system)) return;
    const v = embedded.vectors.subarray(i * embedded.dim, (i + 1) * embedded.dim);
    if (v.some((x) => x !== 0)) idx.push(i);
  });
  idx.sort((a, b) => systems.indexOf(embedded.rows[a]!.system) - systems.indexOf(embedded.rows[b]!.system) || embedded.rows[a]!.index - embedded.rows[b]!.index);
  const data = new Float32Array(idx.length * embedded.dim);
  idx.forEach((r, j) => data.set(embedded.vectors.subarray(r * embedded.dim, (r + 1) * embedded.dim), j * embedded.dim));
  return { idx, vectors: { data, n: idx.length, dim: embedded.dim } };
}

test('drill-down: the map, tooltip and system × system diagonal equal core', async () => {
  await page.getByRole('tab', { name: 'Drill-down' }).click();
  await page.getByRole('button', { name: 'Show the first prompt' }).click();
  const status = page.getByRole('status').filter({ hasText: /samples of \d+ systems/ });
  // UMAP by default (PCA shown until it is ready); the seeded UMAP layout is unit-tested, PCA positions are checked here.
  await expect(status).toContainText(/15 samples of 3 systems · UMAP/, { timeout: 60_000 });
  await shoot('drill-down-umap');
  await page.getByRole('combobox', { name: 'Projection' }).selectOption('pca');
  await expect(status).toContainText('15 samples of 3 systems · PCA', { timeout: 60_000 });
  const matrix = page.getByRole('table', { name: 'System by system mean similarity' });
  const order = (await matrix.locator('thead th span').allTextContents()).map((s) => s.trim());
  expect([...order].sort()).toEqual([...SYSTEMS].sort());
  const core = promptSemantic(embedded, 0, order, { threshold: 0.8 });
  for (const row of core) {
    await expect(matrix.locator(`td[data-row="${row.system}"][data-col="${row.system}"]`)).toHaveText(row.withinCosine!.toFixed(3));
  }

  // Point positions: core PCA (same seed) of the same rows, through the view transform the scatter publishes.
  const { idx, vectors } = promptRows(0, order);
  const coords = (await pca(vectors, { components: 2, seed: 42 })).coords;
  const host = page.locator('.drill-map .scatter-host');
  const [scale, tx, ty] = (await host.getAttribute('data-transform'))!.split(' ').map(Number) as [number, number, number];
  const box = (await host.boundingBox())!;
  // Hover each point until one is not overlapped by another (the nearest point wins).
  let checked = 0;
  for (let j = 0; j < idx.length && checked < 3; j++) {
    const x = box.x + coords[2 * j]! * scale + tx;
    const y = box.y - coords[2 * j + 1]! * scale + ty;
    const overlapped = idx.some((_, k) => k !== j && Math.hypot((coords[2 * k]! - coords[2 * j]!) * scale, (coords[2 * k + 1]! - coords[2 * j + 1]!) * scale) < 12);
    if (overlapped) continue;
    await page.mouse.move(x, y);
    const r = embedded.rows[idx[j]!]!;
    const tip = page.getByRole('tooltip');
    await expect(tip).toContainText(`${r.system} · sample ${r.index + 1}`);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
  await page.mouse.move(box.x + 2, box.y + 2);
  await expect(page.getByText('Cosine, ')).toBeVisible();

  await shoot('drill-down-pca');
  // Coverage view: the base sample's sentences as core splits them, each marked covered or not.
  const { datasets } = await importAny(nodeSource(join(PAPER, 'LIMA-OE')));
  const baseText = datasets.flatMap((d) => d.samples).find((s) => s.split === 'outputs' && s.system === 'llama-2-base' && s.prompt === 0 && s.index === 0)!.text!;
  const sentences = splitSentences(baseText);
  await page.getByRole('button', { name: 'Show coverage' }).click();
  await expect(page.getByTestId('coverage-share')).toContainText(new RegExp(`\\d+ of ${sentences.length} sentences covered`), { timeout: 120_000 });
  await expect(page.locator('.coverage-text .sent')).toHaveCount(sentences.length);
  await page.locator('.coverage-text').scrollIntoViewIfNeeded();
  await shoot('drill-down-coverage');
});

test('lasso in the drill-down selects samples that the Corpus map lists and opens in Browse', async () => {
  await page.getByRole('radio', { name: 'Lasso' }).check();
  const host = page.locator('.drill-map .scatter-host');
  const b = (await host.boundingBox())!;
  await page.mouse.move(b.x + 4, b.y + 4);
  await page.mouse.down();
  for (const [x, y] of [[b.width - 4, 4], [b.width - 4, b.height - 4], [4, b.height - 4], [4, 6]] as const) await page.mouse.move(b.x + x, b.y + y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByText('Lasso: 15 samples')).toBeVisible();

  await page.getByRole('tab', { name: 'Corpus map' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'samples embedded' })).toContainText(/7(49|50) of 3,999/, { timeout: 60_000 });
  await expect(page.getByText('Lasso: 15 samples')).toBeVisible();
  const list = page.getByLabel('Selected samples');
  await expect(list).toContainText('15 samples');
  await expect(list).toContainText('1 prompt');
  await expect(page.locator('.corpus-map .scatter-host')).toHaveAttribute('data-transform', /\d/);
  await shoot('corpus-map-lasso');

  // Colour by format: the legend's counts are core's formatClass over the mapped samples' texts.
  await page.getByRole('combobox', { name: 'Colour by' }).selectOption('format');
  const lima = (await importAny(nodeSource(join(PAPER, 'LIMA-OE')))).datasets[0]!;
  const textOf = new Map(lima.samples.filter((x) => x.split === 'outputs').map((x) => [`${x.system}/${x.prompt}/${x.index}`, x.text]));
  const want = new Map<string, number>();
  embedded.rows.forEach((r, i) => {
    if (!embedded.vectors.subarray(i * embedded.dim, (i + 1) * embedded.dim).some((x) => x !== 0)) return;
    const c = formatClass(textOf.get(`${r.system}/${r.prompt}/${r.index}`) ?? null);
    want.set(c, (want.get(c) ?? 0) + 1);
  });
  const legend = page.locator('.corpus-map .map-legend li');
  await expect(legend.first()).toBeVisible();
  const got = new Map(
    (await legend.allTextContents()).map((t) => {
      // A swatch glyph, the category, its count.
      const m = /^.\s*(.+?)\s+(\d+)$/u.exec(t.trim())!;
      return [m[1]!, Number(m[2])];
    }),
  );
  expect(got).toEqual(want);
  expect(got.get('numbered list')).toBeGreaterThan(0);
  await shoot('corpus-map-format');

  // A box selection on the corpus map replaces it.
  await page.getByRole('radio', { name: 'Box' }).check();
  const cb = (await page.locator('.corpus-map .scatter-host').boundingBox())!;
  await page.mouse.move(cb.x + 2, cb.y + 2);
  await page.mouse.down();
  await page.mouse.move(cb.x + cb.width / 2, cb.y + cb.height - 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByText(/^Box: \d+ samples/)).toBeVisible();

  // Cluster legend selection, then open a prompt in Browse.
  await page.getByRole('combobox', { name: 'Colour by' }).selectOption('cluster');
  await page.locator('.map-legend-pick').first().click();
  await expect(page.getByText(/^Cluster \d+: /)).toBeVisible();
  await shoot('corpus-map-clusters');
  const open = list.getByRole('button', { name: /^Open prompt \d+ in Browse$/ }).first();
  const prompt = Number(/prompt (\d+)/.exec((await open.textContent())!)![1]);
  await open.click();
  await expect(page.getByRole('tab', { name: 'Browse' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Selected prompt')).toContainText(`Prompt ${prompt}`);
});

test('a link restores projection seed and colour-by; a system without vectors is named', async () => {
  await page.getByRole('tab', { name: 'Corpus map' }).click();
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await page.getByRole('combobox', { name: 'Colour by' }).selectOption('kind');
  const state = decodeViewState(new URL(page.url()).hash);
  expect(state.projection?.seed).toBe(7);
  expect(state.colorBy).toBe('kind');
  // A fresh load of the link (same browser profile, so the imported vectors are in IndexedDB).
  const link = page.url();
  await page.goto('about:blank');
  const other = page;
  await other.goto(link);
  await expect(other.getByRole('tab', { name: 'Corpus map' })).toHaveAttribute('aria-selected', 'true', { timeout: 120_000 });
  await expect(other.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('7');
  await expect(other.getByRole('combobox', { name: 'Colour by' })).toHaveValue('kind');
  // 749 or 750: after a reload the worker's count skips the one empty text, whose imported vector is all zero.
  await expect(other.getByRole('status').filter({ hasText: 'samples embedded' })).toContainText(/7(49|50) of 3,999/, { timeout: 60_000 });

  // Drill-down with a system that has no vectors: the map shows the rest and names it.
  const hash = encodeViewState({ ...decodeViewState(new URL(other.url()).hash), view: 'drill-down', prompt: 2, systems: ['llama-2-chat', 'gpt-3.5-turbo'] });
  await other.goto(`${new URL(other.url()).origin}/#${hash}`);
  const status = other.getByRole('status').filter({ hasText: /samples of/ });
  await expect(status).toContainText('5 samples of 1 systems', { timeout: 60_000 });
  await expect(status).toContainText('not embedded for this prompt: gpt-3.5-turbo');
  await shoot('drill-down-missing-system');
});
