// Shared e2e steps: open the app on the server's paper data (OVERTON_DATA) and pick a dataset, as a user does.
import { expect, type Browser, type Page } from '@playwright/test';
import { resolve } from 'node:path';

/** The paper's data folder the preview server serves (playwright.config.ts sets OVERTON_DATA). */
export const PAPER = resolve(process.env.OVERTON_DATA ?? '../shared/paper-data');

/**
 * A new page on the app, after the start-up import of the server data has finished (both datasets listed).
 * `beforeLoad` runs before navigation, e.g. to record requests from the very first one.
 */
export async function openServerData(browser: Browser, beforeLoad?: (page: Page) => void): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  beforeLoad?.(page);
  await page.goto('/');
  const picker = page.getByRole('combobox', { name: 'Dataset' });
  await expect(picker.getByRole('option', { name: /^LIMA-OE \(/ })).toHaveCount(1, { timeout: 120_000 });
  await expect(picker.getByRole('option', { name: /^ConflictingQA \(/ })).toHaveCount(1);
  return page;
}

/** Opens a dataset by name through the header's dataset picker. */
export async function selectDataset(page: Page, name: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Dataset' });
  await picker.selectOption(await picker.getByRole('option', { name: new RegExp(`^${name} \\(`) }).getAttribute('value'));
}
