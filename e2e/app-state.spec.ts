// E2E: the app shell's state edge cases: links to datasets this browser does (not yet / not) have, and the Browse
// columns fitting narrow windows. One page (its own browser context) for the file: the start-up import runs once.
import { expect, test, type Page } from '@playwright/test';
import { encodeViewState, type ViewState } from '../src/state/view-state';
import { selectDataset } from './support';

test.describe.configure({ mode: 'serial' });

let page: Page;
/** The app's own link to a view state (the hash the app itself writes). */
const link = (state: ViewState) => `/#${encodeViewState(state)}`;
/** Workspace keys of the server data: the slug of each dataset folder name. */
const LIMA = 'lima-oe';
const CQA = 'conflictingqa';
const picker = () => page.getByRole('combobox', { name: 'Dataset' });
const notice = () => page.getByRole('status', { name: 'Link notice' });

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

test.afterAll(async () => {
  await page.close();
});

test('a link opened in a fresh browser waits for the start-up import, then opens the linked dataset and prompt', async () => {
  await page.goto(link({ dataset: LIMA, prompt: 3, view: 'browse' }));
  await expect(picker().getByRole('option', { name: /^ConflictingQA \(/ })).toHaveCount(1, { timeout: 120_000 });
  await expect(picker()).toHaveValue(LIMA);
  await expect(page.getByLabel('Selected prompt')).toContainText('Prompt 3');
  await expect(notice()).toHaveCount(0);
});

test('a link to a dataset this browser does not have opens the last used one and says so, until dismissed', async () => {
  await page.goto(link({ dataset: 'no-such-dataset', prompt: 1, view: 'overview' }));
  // LIMA-OE was opened last (by the link above), so it is reopened rather than the first by name (ConflictingQA).
  await expect(notice()).toHaveText(/Dataset “no-such-dataset” from the link is not in this browser; showing “LIMA-OE”\./);
  await expect(picker()).toHaveValue(LIMA);
  await notice().getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice()).toHaveCount(0);
  await expect(picker()).toHaveValue(LIMA);
});

test('the notice goes once another dataset is opened', async () => {
  await page.goto(link({ dataset: 'gone-too' }));
  await expect(notice()).toContainText('“gone-too”');
  await selectDataset(page, 'ConflictingQA');
  await expect(notice()).toHaveCount(0);
});

for (const width of [1000, 1500]) {
  test(`at ${width} px the three default Browse columns fit without sideways scrolling`, async () => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(link({ dataset: LIMA, prompt: 2, view: 'browse' }));
    const columns = page.locator('.columns > .sample-column');
    await expect(columns).toHaveCount(3);
    const main = page.locator('.shell-main');
    const fit = await main.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    for (const box of await columns.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width))) expect(box).toBeGreaterThanOrEqual(240);
  });
}

test('deleting the open dataset falls back to another one without a link notice', async () => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(link({ dataset: LIMA, view: 'library' }));
  await expect(picker()).toHaveValue(LIMA);
  await page.getByRole('button', { name: 'Delete LIMA-OE' }).click();
  await page.getByRole('button', { name: 'Confirm delete LIMA-OE' }).click();
  await expect(picker()).toHaveValue(CQA);
  await expect(notice()).toHaveCount(0);
});
