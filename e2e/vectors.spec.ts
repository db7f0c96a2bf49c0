// E2E for the embedder worker's counts, neighbours and resumable embedding: a blank text counted once (✓), neighbours
// opened in Browse, reload mid-embedding resumes from the finished batches, a tiny storage quota fails at the first batch.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_MODEL, modelKey } from '../src/core/embed/embedder';
import { toEmbeddingJsonl, type EmbeddingRowRef } from '../src/core/embed/npz';
import { importAny } from '../src/core/io/detect';
import type { Sample } from '../src/core/model/types';
import { nodeSource } from '../src/node/fs-source';
import { openServerData, PAPER, selectDataset } from './support';

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

const IMPORTED = ['llama-2-base', 'llama-2-chat'];
const DIM = 512;
let page: Page;
let vectorsFile = '';
let samples: Sample[] = [];

/** Seeded uniform numbers (mulberry32), so the imported vectors are the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test.beforeAll(async ({ browser }) => {
  const { datasets } = await importAny(nodeSource(join(PAPER, 'LIMA-OE')));
  samples = datasets[0]!.samples.filter((s) => s.split === 'outputs' && s.text !== null);
  // Vectors filed under the bundled model's key, as if embedded: the blank llama-2-base text gets a zero row, as the CLI writes it.
  const rows: EmbeddingRowRef[] = [];
  const next = random(7);
  const chosen = samples.filter((s) => IMPORTED.includes(s.system));
  const vectors = new Float32Array(chosen.length * DIM);
  chosen.forEach((s, i) => {
    rows.push({ dataset: 'LIMA-OE', system: s.system, prompt: s.prompt, sample: s.index });
    if (s.text!.trim() !== '') for (let k = 0; k < DIM; k++) vectors[i * DIM + k] = next() - 0.5;
  });
  vectorsFile = join(mkdtempSync(join(tmpdir(), 'overton-vectors-e2e-')), 'lima.jsonl');
  writeFileSync(vectorsFile, toEmbeddingJsonl(rows, vectors, DIM, modelKey(BUNDLED_MODEL)));
  page = await openServerData(browser);
});

test.afterAll(async () => {
  await page.close();
});

const systemRow = (s: string) => page.locator(`tr[data-system="${s}"]:has(input[type="checkbox"])`);
const neighbours = () => page.getByRole('region', { name: 'Semantic neighbours' });

async function openEmbeddings() {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Embeddings' }).click();
  await expect(page.getByRole('region', { name: 'Systems' })).toBeVisible();
}

test('a blank text is counted once: llama-2-base (one blank answer) gets its ✓; the neighbour picker starts on an embedded system', async () => {
  await openEmbeddings();
  await page.locator('input[type=file][accept=".jsonl,.npz"]').setInputFiles(vectorsFile);
  await expect(page.getByText(/Imported 500 vectors/)).toBeVisible({ timeout: 60_000 });
  await expect(systemRow('llama-2-base').locator('.embed-cached')).toHaveText('249 / 249 embedded ✓ (1 empty)');
  await expect(systemRow('llama-2-chat').locator('.embed-cached')).toHaveText('250 / 250 embedded ✓');
  await expect(systemRow('gpt-3.5-turbo').locator('.embed-cached')).toHaveText('0 / 250 embedded');
  // The Samples column and the neighbour count agree with the same rule: 249 + 250 samples have vectors.
  await expect(systemRow('llama-2-base').locator('td').nth(3)).toHaveText('250');
  await expect(neighbours()).toContainText('499 samples embedded with this model');
  // gpt-3.5-turbo is listed first but has no vectors: the picker starts on the first embedded system.
  await expect(neighbours().getByRole('combobox', { name: 'Sample system' })).toHaveValue('llama-2-base');
  await expect(neighbours().locator('.neighbour-cos')).toHaveCount(10);
  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await neighbours().scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`embeddings-neighbours-${w}x${h}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
});

test('neighbours show the query text, carry kind colours and open in Browse', async () => {
  const n = neighbours();
  await n.getByRole('combobox', { name: 'Sample system' }).selectOption('llama-2-chat');
  const query = samples.find((s) => s.system === 'llama-2-chat' && s.prompt === 0 && s.index === 0)!;
  await expect(n.getByRole('figure', { name: 'Query sample' })).toContainText(query.text!.slice(0, 80));
  const first = n.locator('.neighbour-list li').first();
  const system = (await first.getAttribute('data-system'))!;
  expect(IMPORTED).toContain(system);
  // Kind colours: base and aligned systems get different left borders.
  const colours = await n.locator('.neighbour-list li').evaluateAll((els) => [...new Set(els.map((e) => getComputedStyle(e).borderLeftColor))]);
  const kinds = await n.locator('.neighbour-list li').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-system')))]);
  expect(colours.length).toBe(kinds.length);
  const label = (await first.getByRole('button').getAttribute('aria-label'))!;
  const [, prompt, index] = /prompt (\d+) sample (\d+)/.exec(label)!;
  await first.getByRole('button').click();
  await expect(page.getByRole('tab', { name: 'Browse' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('option', { name: new RegExp(`^${prompt} `) }).first()).toHaveAttribute('aria-selected', 'true');
  const card = page.getByRole('region', { name: system, exact: true }).locator('article[aria-current="true"]');
  await expect(card).toHaveAttribute('aria-label', `Sample ${index}`);
});

test('reloading mid-embedding keeps the finished batches and the next run resumes from them', async () => {
  await openEmbeddings();
  const all = page.getByRole('checkbox', { name: 'All systems' });
  await all.check();
  await all.uncheck();
  await page.getByRole('checkbox', { name: 'Embed llama-2-icl', exact: true }).check();
  await page.getByRole('button', { name: 'Embed 1 system' }).click();
  // Batches of 32 texts, shortest first: wait until at least two are written, then reload mid-job.
  await expect(page.locator('.embed-count')).toContainText(/^(6[4-9]|[7-9]\d|1\d\d|2[0-4]\d) \/ 250 texts/, { timeout: 240_000 });
  await page.reload();
  await openEmbeddings();
  const cell = systemRow('llama-2-icl').locator('.embed-cached');
  await expect(cell).toHaveText(/^\d+ \/ 250 embedded$/, { timeout: 60_000 });
  const kept = Number(/^(\d+)/.exec((await cell.textContent())!)![1]);
  expect(kept).toBeGreaterThanOrEqual(64);
  expect(kept).toBeLessThan(250);
  // The next run starts from there: the kept texts come from the cache.
  await page.getByRole('checkbox', { name: 'All systems' }).check();
  await page.getByRole('checkbox', { name: 'All systems' }).uncheck();
  await page.getByRole('checkbox', { name: 'Embed llama-2-icl', exact: true }).check();
  await page.getByRole('button', { name: 'Embed 1 system' }).click();
  await expect(page.locator('.embed-count')).toContainText(new RegExp(`^(\\d+) / 250 texts`), { timeout: 120_000 });
  const shown = Number(/^(\d+)/.exec((await page.locator('.embed-count').textContent())!)![1]);
  expect(shown).toBeGreaterThanOrEqual(kept);
  // Cancel stops before the next batch (the running one finishes first: up to a minute on a loaded 2-core box).
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Cancelled. Every finished batch is cached', { timeout: 180_000 });
});

test('under a tiny storage quota the job stops at its first failed write with a clear message', async () => {
  await openEmbeddings();
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  // A quota below what is stored: Chrome accounts usage lazily, so a small margin above it still let one batch in.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  try {
    await page.getByRole('checkbox', { name: 'All systems' }).check();
    await page.getByRole('checkbox', { name: 'All systems' }).uncheck();
    await page.getByRole('checkbox', { name: 'Embed gpt-3.5-turbo', exact: true }).check();
    await page.getByRole('button', { name: 'Embed 1 system' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('ran out of storage for cached embeddings', { timeout: 240_000 });
    // Chrome accounts storage use lazily, so a few batches may land before a write fails; the job must stop at that
    // first failure (not finish all 250 and fail at the end), and what it says was saved is what the cache holds.
    const said = /with (\d+) of 250 texts saved/.exec((await alert.textContent()) ?? '');
    expect(said, 'the message says how many texts were saved').not.toBeNull();
    const saved = Number(said![1]);
    expect(saved).toBeLessThan(250);
    await expect(systemRow('gpt-3.5-turbo').locator('.embed-cached')).toHaveText(`${saved} / 250 embedded`);
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
});
