// E2E: importing through the Library — folder upload, bad files with file:line problems, literal rendering of HTML-like
// text, and the paper's GitHub data (no network → clear error; routed to the local copy → imported, LFS pointer reported).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const PAPER = resolve(process.env.OVERTON_DATA ?? '../shared/paper-data');
const COMMIT = '43ad98163060de6b729227f701fb6c810cce56fa';

/** Expands the import-problem list (it starts open only when there are few errors) and returns it. */
async function problemList(page: Page) {
  const details = page.locator('details.problems');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return page.getByRole('list', { name: 'Import problems' });
}

/** Opens the app with the server's auto-import switched off, so each test starts from an empty workspace. */
async function openEmpty(page: Page) {
  await page.route('**/__overton/config.json', (r) => r.fulfill({ json: { dataUrl: null } }));
  await page.goto('/');
  await expect(page.getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');
}

test('a folder picked with the folder input is imported and shown; HTML-like text stays literal', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openEmpty(page);
  await page.getByLabel('Choose a folder').setInputFiles('e2e/fixtures/tiny-folder/TinySet');
  await expect(page.getByRole('status')).toContainText('Imported TinySet');
  // A first import opens the dataset in Browse.
  await expect(page.getByRole('tab', { name: 'Browse' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('2 prompts', { exact: true })).toBeVisible();
  await page.getByRole('option', { name: /Say hello in HTML/ }).click();
  const base = page.getByRole('region', { name: 'tiny-base' });
  await expect(base.getByRole('article', { name: 'Sample 1' })).toContainText('<script>window.__xss = 1</script> hello');
  await expect(base.getByRole('article', { name: 'Sample 2' })).toContainText('<img src=x onerror="window.__xss = 2"> image');
  await expect(page.locator('.sample-text img, .sample-text script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);

  // Markers: the chat system's second prompt has a bullet list and a refusal; the base one has a failure.
  await page.getByRole('option', { name: /Name two colours/ }).click();
  const chat = page.getByRole('region', { name: 'tiny-chat' });
  await expect(chat.getByRole('article', { name: 'Sample 1' })).toContainText('bullet list');
  await expect(chat.getByRole('article', { name: 'Sample 2' })).toContainText('refusal');
  await expect(base.getByRole('article', { name: 'Sample 2 (failed)' })).toContainText('Input validation error: too long');
});

test('a bad file is reported as file:line: message and the valid data is kept', async ({ page }) => {
  await openEmpty(page);
  await page.getByLabel('Choose a folder').setInputFiles('e2e/fixtures/bad-folder/BadSet');
  await expect(page.getByRole('status')).toContainText('Imported BadSet');
  const problems = await problemList(page);
  await expect(problems).toContainText(/BadSet\/outputs\/bad-base\/samples\.jsonl:2: /);
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(page.getByRole('row', { name: 'BadSet' })).toBeVisible();
});

test('"Load the paper\'s data" with no network shows a clear error', async ({ page }) => {
  await page.context().route(/^https:\/\/(api\.github\.com|raw\.githubusercontent\.com)\//, (r) => r.abort('internetdisconnected'));
  await openEmpty(page);
  await page.getByRole('button', { name: "Load the paper's data" }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Import failed');
  await expect(alert).toContainText('Network error: could not reach api.github.com');
});

test('"Load the paper\'s data" imports from GitHub (routed to the local copy) and reports an LFS pointer', async ({ page }) => {
  const manifest = readFileSync(resolve(PAPER, 'MANIFEST.txt'), 'utf8').split('\n').filter(Boolean);
  // LIMA-OE's prompts and three systems keep the test quick.
  const wanted = manifest.filter((p) =>
    /^LIMA-OE\/(instances\/data\.jsonl|outputs\/llama-2-(base|chat|icl-chat)\/samples\.jsonl)$/.test(p),
  );
  const lfsPath = 'LIMA-OE/outputs-temp0/llama-2-base/samples.jsonl';
  const tree = [...wanted, lfsPath].map((p) => ({ path: `data/${p}`, type: 'blob' }));
  const cors = { 'access-control-allow-origin': '*' };
  await page.context().route(`https://api.github.com/repos/thomlake/investigating-alignment/git/trees/${COMMIT}?recursive=1`, (r) =>
    r.fulfill({ json: { sha: COMMIT, tree, truncated: false }, headers: cors }),
  );
  await page.context().route(/^https:\/\/raw\.githubusercontent\.com\//, (r) => {
    const path = decodeURIComponent(new URL(r.request().url()).pathname).split(`/${COMMIT}/data/`)[1] ?? '';
    if (path === lfsPath) {
      return r.fulfill({
        body: 'version https://git-lfs.github.com/spec/v1\noid sha256:0123\nsize 123456\n',
        headers: cors,
      });
    }
    return r.fulfill({ body: readFileSync(resolve(PAPER, path)), headers: cors });
  });
  await openEmpty(page);
  await page.getByRole('button', { name: "Load the paper's data" }).click();
  await expect(page.getByRole('status')).toContainText('Imported LIMA-OE', { timeout: 60_000 });
  await expect(await problemList(page)).toContainText('Git LFS pointer');
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(page.getByRole('row', { name: 'LIMA-OE' })).toContainText('github:thomlake/investigating-alignment');
});

test('a CSV with unfamiliar column names goes through the column-mapping step', async ({ page }) => {
  await openEmpty(page);
  await page.getByLabel('Choose files').setInputFiles('e2e/fixtures/odd-columns.csv');
  const form = page.getByRole('form', { name: 'Column mapping' });
  await expect(form.getByLabel('Prompt text')).toHaveValue('question');
  await expect(form.getByRole('button', { name: 'Import with this mapping' })).toBeDisabled();
  await form.getByLabel('System').selectOption('engine');
  await form.getByLabel('Response text').selectOption('reply');
  await form.getByRole('button', { name: 'Import with this mapping' }).click();
  await expect(page.getByRole('status')).toContainText('Imported odd-columns');
  await expect(page.getByText('2 prompts', { exact: true })).toBeVisible();
  await page.getByRole('option', { name: /What is 2\+2/ }).click();
  await expect(page.getByRole('region', { name: 'tiny-chat' })).toContainText('The answer is 4.');
});

test('a file with no readable rows is reported, not sent to an empty column-mapping step', async ({ page }) => {
  await openEmpty(page);
  await page.getByLabel('Choose files').setInputFiles('e2e/fixtures/not-json.jsonl');
  await expect(page.getByRole('alert')).toContainText(/Import failed.*Nothing to import from not-json\.jsonl/);
  await expect(page.getByRole('form', { name: 'Column mapping' })).toHaveCount(0);
  // Every bad line is listed as file:line: message, not just the first.
  const problems = await problemList(page);
  await expect(problems).toContainText('not-json.jsonl:1: ');
  await expect(problems).toContainText('not-json.jsonl:2: ');
});

test('a dataset deleted and imported again under the same name is measured afresh, not from the old copy', async ({ page }) => {
  const csv = (rows: number) => ({
    name: 'same-name.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`prompt,system,sample,text\n${Array.from({ length: rows }, (_, i) => `Q,sys-a,${i},answer ${i}`).join('\n')}\n`),
  });
  const responses = () => page.getByRole('row', { name: /sys-a/ }).locator('td').first();
  await openEmpty(page);
  await page.getByLabel('Choose files').setInputFiles(csv(1));
  await expect(page.getByRole('status')).toContainText('Imported same-name');
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(responses()).toHaveText('1');

  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Delete same-name' }).click();
  await page.getByRole('button', { name: 'Confirm delete same-name' }).click();
  await expect(page.getByRole('row', { name: 'same-name' })).toHaveCount(0);
  await page.getByLabel('Choose files').setInputFiles(csv(3));
  await expect(page.getByRole('status')).toContainText('Imported same-name');
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(responses()).toHaveText('3');
});
