// E2E: the server's paper data (OVERTON_DATA) imported on start, browsed through the real UI, kept across reloads,
// renamed and deleted. One page for the whole file: the start-up import is the slow part and runs once.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openServerData, PAPER, selectDataset } from './support';


/** The cleaned texts (METRICS.md "Response text") of one prompt's samples, read straight from the file; null = failed. */
function expectedTexts(dataset: string, split: string, system: string, prompt: number): (string | null)[] {
  const line = readFileSync(resolve(PAPER, dataset, split, system, 'samples.jsonl'), 'utf8').split('\n')[prompt]!;
  const outputs = (JSON.parse(line) as { outputs: { generated_text?: string; error?: string }[] }).outputs;
  return outputs.map((o) => {
    if (typeof o.generated_text !== 'string') return null;
    let t = o.generated_text.trim();
    if (t.endsWith('```')) t = t.slice(0, -3).trim();
    return t;
  });
}

test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await openServerData(browser);
  await expect(page.getByRole('status')).toContainText('Imported ConflictingQA, LIMA-OE');
});

test.afterAll(async () => {
  await page.close();
});

const openDataset = (name: string) => selectDataset(page, name);

test('the server data is imported on start with the right prompt counts', async () => {
  await openDataset('LIMA-OE');
  await expect(page.getByText('50 prompts', { exact: true })).toBeVisible();
  await openDataset('ConflictingQA');
  await expect(page.getByText('434 prompts', { exact: true })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Prompt list' })).toBeVisible();
});

test("a prompt shows each default system's samples exactly as in the files", async () => {
  await openDataset('LIMA-OE');
  await page.getByRole('tab', { name: 'Browse' }).click();
  // Keyboard: ↓ twice then Enter selects prompt 2.
  await page.getByRole('searchbox', { name: 'Search prompts' }).click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Selected prompt')).toContainText('Prompt 2');
  for (const system of ['llama-2-base', 'llama-2-chat', 'llama-2-icl-chat']) {
    const column = page.getByRole('region', { name: system, exact: true });
    const expected = expectedTexts('LIMA-OE', 'outputs', system, 2);
    await expect(column.getByRole('article')).toHaveCount(expected.length);
    // Long answers start collapsed (long-text.ts): open them all to compare whole texts.
    const more = column.getByRole('button', { name: /^Show all/ });
    while ((await more.count()) > 0) await more.first().click();
    const shown = await column.locator('.sample-text').evaluateAll((els) => els.map((e) => e.textContent));
    expect(shown).toEqual(expected.filter((t) => t !== null));
  }
});

test('search filters the prompt list', async () => {
  await page.getByRole('searchbox', { name: 'Search prompts' }).fill('relieve stress');
  await expect(page.getByText('1 of 50 prompts')).toBeVisible();
  await page.getByRole('option', { name: /relieve stress/ }).click();
  await expect(page.getByLabel('Selected prompt')).toContainText('how to relieve stress from work');
  await page.getByRole('searchbox', { name: 'Search prompts' }).fill('');
});

test('the prompt search belongs to one dataset: switching dataset clears it', async () => {
  await page.getByRole('searchbox', { name: 'Search prompts' }).fill('relieve stress');
  await expect(page.getByText('1 of 50 prompts')).toBeVisible();
  await openDataset('ConflictingQA');
  await expect(page.getByRole('searchbox', { name: 'Search prompts' })).toHaveValue('');
  await expect(page.getByText('434 prompts', { exact: true })).toBeVisible();
  await openDataset('LIMA-OE');
});

test('a failed sample is shown as a failure with its error', async () => {
  await page.getByRole('option', { name: /^0 / }).click();
  await page.getByText(/^Systems \(/).click();
  await page.getByRole('checkbox', { name: 'llama-2-icl-chat-5nn-prompt_similar' }).check();
  await page.getByText(/^Systems \(/).click();
  const column = page.getByRole('region', { name: 'llama-2-icl-chat-5nn-prompt_similar' });
  const failed = column.getByRole('article', { name: 'Sample 1 (failed)' });
  await expect(failed).toContainText('failed');
  await expect(failed).toContainText('Input validation error');
  await expect(column).toContainText(/\d+ failed/);
});

test('the split selector switches to greedy outputs', async () => {
  await page.getByRole('combobox', { name: 'Split' }).selectOption('outputs-temp0');
  const column = page.getByRole('region', { name: 'llama-2-chat', exact: true });
  await expect(column.getByRole('article')).toHaveCount(expectedTexts('LIMA-OE', 'outputs-temp0', 'llama-2-chat', 0).length);
  await page.getByRole('combobox', { name: 'Split' }).selectOption('outputs');
});

test('the view tabs follow the ARIA tabs pattern: one tab stop, arrows move and open', async () => {
  const browse = page.getByRole('tab', { name: 'Browse' });
  await expect(browse).toHaveAttribute('tabindex', '0');
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('tabindex', '-1');
  await browse.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Overview' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(browse).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Browse' })).toBeVisible();
});

test('the view state survives a reload (URL hash) and the data stays in IndexedDB', async () => {
  await page.reload();
  await expect(page.getByLabel('Selected prompt')).toContainText('Prompt 0');
  await expect(page.getByRole('region', { name: 'llama-2-icl-chat-5nn-prompt_similar' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset' }).getByRole('option')).toHaveCount(2);
  // No second import: nothing is importing and no new report appears.
  await expect(page.getByLabel('Import progress')).toHaveCount(0);
});

test('rename and delete in the Library; a deleted dataset stays deleted after reload', async () => {
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Rename LIMA-OE' }).click();
  await page.getByLabel('New name for LIMA-OE').fill('LIMA open-ended');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row', { name: 'LIMA open-ended' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toContainText('LIMA open-ended (50 prompts)');

  await page.getByRole('button', { name: 'Delete ConflictingQA' }).click();
  await page.getByRole('button', { name: 'Confirm delete ConflictingQA' }).click();
  await expect(page.getByRole('row', { name: 'ConflictingQA' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('row', { name: 'LIMA open-ended' })).toBeVisible();
  await expect(page.getByRole('row', { name: 'ConflictingQA' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Dataset' }).getByRole('option')).toHaveCount(1);
});
