// E2E: embed all 250 LIMA-OE llama-2-chat samples offline through the Embeddings panel (bundled model, ORT wasm from
// /ort/), watch the progress bar, then reload and see them reported as cached with nothing recomputed.
import { expect, test, type Page, type Request } from '@playwright/test';
import { openServerData, selectDataset } from './support';

test.describe.configure({ mode: 'serial' });
// Embedding 250 long answers with WASM on a 2-core machine takes about a minute; leave room for a loaded CI box.
test.setTimeout(600_000);

let page: Page;
const requests: string[] = [];
const onRequest = (r: Request) => requests.push(r.url());

test.beforeAll(async ({ browser }) => {
  page = await openServerData(browser, (p) => p.on('request', onRequest));
});

test.afterAll(async () => {
  await page.close();
});

async function openEmbeddings() {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Embeddings' }).click();
  await expect(page.getByRole('region', { name: 'Systems' })).toBeVisible();
}

// The systems table's row (it has the Embed checkbox); the semantic-measures table has a row per system too.
const chatRow = () => page.locator('tr[data-system="llama-2-chat"]:has(input[type="checkbox"])');

test('embeds the 250 llama-2-chat samples offline with a visible progress bar', async () => {
  await openEmbeddings();
  await expect(chatRow().locator('.embed-cached')).toHaveText('0 / 250 embedded', { timeout: 60_000 });
  // Only llama-2-chat: untick all, tick it.
  const all = page.getByRole('checkbox', { name: 'All systems' });
  await all.check();
  await all.uncheck();
  await page.getByRole('checkbox', { name: 'Embed llama-2-chat' }).check();
  await page.getByRole('button', { name: 'Embed 1 system' }).click();

  const bar = page.getByRole('progressbar', { name: 'Embedding progress' });
  await expect(bar).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('.embed-count')).toContainText('/ 250 texts');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();

  await expect(chatRow().locator('.embed-cached')).toHaveText('250 / 250 embedded ✓', { timeout: 540_000 });
  await expect(page.getByText(/Done: 250 texts in .* \(250 computed, 0 from cache, \d+ long texts embedded as the mean of their chunks/)).toBeVisible();
  await expect(page.getByLabel('Engine')).toContainText(/wasm, \d+ threads|webgpu/);
  await expect(page.getByLabel('Cache size')).toContainText("250 distinct texts' vectors");

  // Offline and self-hosted: the model came from /models/, ORT's wasm from /ort/, nothing from a CDN or the Hub.
  expect(requests.some((u) => u.includes('/models/overton/use-lite/onnx/model.onnx'))).toBe(true);
  expect(requests.some((u) => /\/ort\/ort-wasm-simd-threaded[.\w]*\.wasm$/.test(u))).toBe(true);
  expect(requests.filter((u) => /jsdelivr|huggingface\.co|unpkg|\/assets\/ort-wasm/.test(u))).toEqual([]);

  // Neighbours of an embedded sample come from the same split, with cosines.
  const neighbours = page.getByRole('region', { name: 'Semantic neighbours' });
  await neighbours.getByRole('combobox', { name: 'Sample system' }).selectOption('llama-2-chat');
  await expect(neighbours.locator('.neighbour-cos')).toHaveCount(10);
  await expect(neighbours.locator('.neighbour-cos').first()).toHaveText(/^0\.\d{3}$|^1\.000$/);
});

test('after a reload the samples are reported as cached and nothing is recomputed', async () => {
  requests.length = 0;
  await page.reload();
  await openEmbeddings();
  await expect(chatRow().locator('.embed-cached')).toHaveText('250 / 250 embedded ✓', { timeout: 60_000 });
  await expect(chatRow()).toContainText('250 computed');

  await page.getByRole('checkbox', { name: 'All systems' }).check();
  await page.getByRole('checkbox', { name: 'All systems' }).uncheck();
  await page.getByRole('checkbox', { name: 'Embed llama-2-chat' }).check();
  await page.getByRole('button', { name: 'Embed 1 system' }).click();
  await expect(page.getByText(/Done: 250 texts in .* \(0 computed, 250 from cache/)).toBeVisible({ timeout: 60_000 });
  // A fully cached run never loads the model.
  expect(requests.filter((u) => u.includes('/models/') || u.includes('/ort/'))).toEqual([]);
});

test("switching dataset clears the last run's report and the ticks that belong to the other dataset", async () => {
  // The previous test left "Done: 250 texts …" on LIMA-OE with only llama-2-chat ticked.
  await expect(page.getByText(/^Done: 250 texts/)).toBeVisible();
  await page.getByRole('region', { name: 'Semantic neighbours' }).getByRole('combobox', { name: 'Sample system' }).selectOption('llama-2-chat');
  await selectDataset(page, 'ConflictingQA');
  const systems = page.getByRole('region', { name: 'Systems' });
  await expect(systems.locator('tr[data-system="llama-2-base"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/^Done:/)).toHaveCount(0);
  // Nothing ticked here yet, so every system is (not "Embed 0 systems" left over from LIMA-OE's ticks).
  const n = await systems.locator('tbody tr').count();
  await expect(page.getByRole('button', { name: `Embed ${n} systems` })).toBeEnabled();
  // The neighbour picker names a system of this dataset, not LIMA-OE's llama-2-chat.
  const sampleSystem = page.getByRole('region', { name: 'Semantic neighbours' }).getByRole('combobox', { name: 'Sample system' });
  const first = await sampleSystem.locator('option').first().textContent();
  await expect(sampleSystem).toHaveValue(first!);
  // Back on LIMA-OE the ticks made there are still there.
  await selectDataset(page, 'LIMA-OE');
  await expect(page.getByRole('button', { name: 'Embed 1 system' })).toBeVisible();
});

test("a sample's neighbours button in Browse opens its semantic neighbours", async () => {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Browse' }).click();
  await page.getByRole('option', { name: /^3 / }).first().click();
  await page.getByRole('button', { name: 'Semantic neighbours of llama-2-chat sample 2' }).click();
  await expect(page.getByRole('tab', { name: 'Embeddings' })).toHaveAttribute('aria-selected', 'true');
  const neighbours = page.getByRole('region', { name: 'Semantic neighbours' });
  const system = neighbours.getByRole('combobox', { name: 'Sample system' });
  await expect(system).toHaveValue('llama-2-chat');
  // Opened from Browse, the controls stay usable.
  await expect(system).toBeEnabled();
  await expect(neighbours).toContainText('prompt 3');
  await expect(neighbours.getByRole('spinbutton')).toHaveValue('2');
  await expect(neighbours.locator('.neighbour-cos')).toHaveCount(10);
  // The sample itself is never its own neighbour.
  await expect(neighbours.locator('li', { hasText: 'llama-2-chat · prompt 3 · #2' })).toHaveCount(0);
  await expect(neighbours.getByRole('figure', { name: 'Query sample' })).toContainText('llama-2-chat · prompt 3 · #2');
  // Changing a control picks another sample of the same prompt.
  await neighbours.getByRole('spinbutton').fill('3');
  await expect(neighbours.getByRole('figure', { name: 'Query sample' })).toContainText('llama-2-chat · prompt 3 · #3');
  await expect(neighbours.locator('li', { hasText: 'llama-2-chat · prompt 3 · #3' })).toHaveCount(0);
});
