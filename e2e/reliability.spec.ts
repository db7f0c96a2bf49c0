// E2E: faults that used to lose or half-store work, or leak internals — a server dying mid-import, a data server asked
// for a malformed path, a hostile link, Open URL text that is not an address, and the same data imported twice.
import { expect, test, type Page, type Route } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Opens the app with the server's auto-import switched off, so the test starts from an empty workspace. */
async function openEmpty(page: Page, hash = '') {
  await page.route('**/__overton/config.json', (r) => r.fulfill({ json: { dataUrl: null } }));
  await page.goto(`/${hash}`);
  await expect(page.getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');
}

/** Every file under `dir`, as paths relative to it. */
function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), root) : [relative(root, join(dir, n))]));
}

const picker = (page: Page) => page.getByRole('combobox', { name: 'Dataset' });
const rows = (page: Page, name: string) => page.getByRole('table', { name: 'Stored datasets' }).getByRole('row', { name, exact: true });

test('the data server answers a malformed path with 400 and a short message, never a stack or a local path', async ({ request }) => {
  const res = await request.get('/__data/%E0%A4%A');
  expect(res.status()).toBe(400);
  const body = await res.text();
  expect(body).toMatch(/^bad request/);
  expect(body.length).toBeLessThan(120);
  expect(body).not.toMatch(/\/work|node_modules|\bat \w|Error:/);
  const climb = await request.get('/__data/..%2F..%2Fpackage.json');
  expect([403, 404]).toContain(climb.status());
  expect(await climb.text()).not.toContain('"name"');
});

test('a 400 KB link and a deflate bomb are refused with a dismissible notice; the app keeps working', async ({ page }) => {
  await openEmpty(page, `#${'A'.repeat(400_000)}`);
  const alert = page.getByRole('alert', { name: 'Refused link' });
  await expect(alert).toContainText('too long (400,000 characters');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);

  // 8 MB of JSON deflates to ~8 KB: small enough to pass the length bound, stopped by the inflate bound.
  const packed = deflateSync(strToU8(JSON.stringify({ dataset: 'x'.repeat(8 << 20) })), { level: 9 });
  const bomb = Buffer.from(packed).toString('base64url');
  await page.goto(`/#${bomb}`);
  await expect(page.getByRole('alert', { name: 'Refused link' })).toContainText('unpacks to more than 256 KB');
  await expect(page.getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');
});

test('Open URL refuses text that is not an http(s) address, and fetches nothing', async ({ page }) => {
  await openEmpty(page);
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('hello')) fetched.push(r.url());
  });
  await page.getByLabel('Static server URL').fill('hello world');
  await page.getByRole('button', { name: 'Import from URL' }).click();
  await expect(page.getByRole('alert')).toContainText('is not a web address: it must start with http:// or https://');
  await page.getByLabel('Static server URL').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Import from URL' }).click();
  await expect(page.getByRole('alert')).toContainText('Only http:// and https:// addresses can be opened, not javascript:');
  expect(fetched).toEqual([]);
});

test('a server dying mid-import stores only the complete dataset, names the unread files, and the next start re-imports', async ({ page }) => {
  test.setTimeout(300_000);
  // "Kill the server" at the 5th file of LIMA-OE (ConflictingQA, read first, is whole by then): from then on every
  // data request has its connection reset, as when the process is gone.
  let limaFiles = 0;
  let dead = false;
  const killer = (route: Route) => {
    if (route.request().url().includes('/__data/LIMA-OE/') && ++limaFiles >= 5) dead = true;
    return dead ? route.abort('connectionreset') : route.continue();
  };
  await page.context().route('**/__data/**', killer);
  await page.goto('/');
  const alert = page.getByRole('alert').filter({ hasText: 'Not imported' });
  await expect(alert).toContainText('Imported ConflictingQA from Server data', { timeout: 150_000 });
  await expect(alert).toContainText('Not imported: LIMA-OE');
  await expect(alert).not.toContainText('Imported ConflictingQA, LIMA-OE');
  await expect(alert).toContainText(/\d+ of its files could not be read, so nothing of it was stored/);
  await alert.locator('summary', { hasText: 'could not be read' }).click();
  const unread = alert.getByRole('list', { name: 'Unread files' });
  await expect(unread).toContainText(/LIMA-OE\/\S+: Network error: could not reach 127\.0\.0\.1:\d+ .*gave up after 4 attempts/);
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  // Nothing of LIMA-OE is stored: not even an empty shell with 0 prompts.
  await expect(picker(page).getByRole('option')).toHaveText([/^ConflictingQA \(\d+ prompts\)$/]);
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(rows(page, 'ConflictingQA')).toHaveCount(1);
  await expect(rows(page, 'LIMA-OE')).toHaveCount(0);

  // The server is back: the next start tries again, stores LIMA-OE whole and does not duplicate ConflictingQA.
  await page.context().unroute('**/__data/**', killer);
  await page.reload();
  await expect(picker(page).getByRole('option', { name: /^LIMA-OE \(\d+ prompts\)$/ })).toHaveCount(1, { timeout: 150_000 });
  await expect(page.getByRole('status')).toContainText('Imported ConflictingQA (replacing the earlier copy), LIMA-OE');
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(rows(page, 'ConflictingQA')).toHaveCount(1);
  await expect(rows(page, 'LIMA-OE')).toHaveCount(1);
  await expect(rows(page, 'LIMA-OE').locator('td').nth(1)).not.toHaveText('0');

  // Done now: a further start imports nothing.
  const again: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/__data/')) again.push(r.url());
  });
  await page.reload();
  await expect(picker(page).getByRole('option')).toHaveCount(2);
  await page.waitForTimeout(1000);
  expect(again).toEqual([]);
});

test('Open URL of the same address twice replaces the dataset instead of adding a copy', async ({ page }) => {
  // A static server over the tiny fixture, on this origin (as a user's own server would serve `overton-index.json`).
  const root = 'e2e/fixtures/tiny-folder';
  const files = walk(root);
  await page.route('**/tiny-server/**', (r) => {
    const path = decodeURIComponent(new URL(r.request().url()).pathname.replace(/^\/tiny-server\//, ''));
    if (path === 'overton-index.json') return r.fulfill({ json: { files } });
    return files.includes(path) ? r.fulfill({ body: readFileSync(join(root, path)) }) : r.fulfill({ status: 404, body: 'not found' });
  });
  await openEmpty(page);
  const url = new URL('/tiny-server/', page.url()).href;
  for (let i = 0; i < 2; i++) {
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByLabel('Static server URL').fill(url);
    await page.getByRole('button', { name: 'Import from URL' }).click();
    await expect(page.getByRole('status')).toContainText(i === 0 ? 'Imported TinySet from' : 'Imported TinySet (replacing the earlier copy) from');
  }
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(rows(page, 'TinySet')).toHaveCount(1);
  await expect(picker(page).getByRole('option')).toHaveCount(1);
});

test('the same folder picked twice gets a distinct name; each import opens its dataset in Browse; / reopens the last used', async ({ page }) => {
  await openEmpty(page);
  await page.getByLabel('Choose a folder').setInputFiles('e2e/fixtures/tiny-folder/TinySet');
  await expect(page.getByRole('status')).toContainText('Imported TinySet from');
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByLabel('Choose a folder').setInputFiles('e2e/fixtures/tiny-folder/TinySet');
  await expect(page.getByRole('status')).toContainText('Imported TinySet (2) from');
  // The new import is opened, in Browse, although another dataset was open.
  await expect(page.getByRole('tab', { name: 'Browse' })).toHaveAttribute('aria-selected', 'true');
  await expect(picker(page)).toHaveValue('tinyset-2');
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByLabel('Choose a folder').setInputFiles('e2e/fixtures/bad-folder/BadSet');
  await expect(page.getByRole('status')).toContainText('Imported BadSet');
  await expect(picker(page)).toHaveValue('badset');
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(rows(page, 'TinySet')).toHaveCount(1);
  await expect(rows(page, 'TinySet (2)')).toHaveCount(1);
  // At 1280 px every Library row stays one line, even with a delete being confirmed (its widest state).
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Delete TinySet (2)' }).click();
  for (const h of await page.getByRole('table', { name: 'Stored datasets' }).locator('tbody tr').evaluateAll((trs) => trs.map((t) => t.getBoundingClientRect().height))) {
    expect(h).toBeLessThan(48);
  }
  await page.getByRole('button', { name: 'Keep' }).click();

  // `/` reopens the dataset used last, not the first by name (BadSet).
  await picker(page).selectOption('tinyset');
  await page.goto('/');
  await expect(picker(page)).toHaveValue('tinyset');
});

test('a freshly opened dataset shows prompt 0; no selected system and a 10 MB text are handled in Browse', async ({ page }) => {
  await openEmpty(page);
  // One generic file: a short answer and a 10 MB one for the same prompt.
  const huge = 'lorem ipsum dolor sit amet '.repeat(400_000);
  const jsonl = [
    { prompt: 'Tell me everything.', model: 'short-sys', response: 'A short answer.' },
    { prompt: 'Tell me everything.', model: 'long-sys', response: huge },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n');
  await page.getByLabel('Choose files').setInputFiles({ name: 'big.jsonl', mimeType: 'application/json', buffer: Buffer.from(jsonl) });
  await expect(page.getByRole('status')).toContainText('Imported big');
  // The main pane shows the prompt the list highlights, not "Choose a prompt…".
  await expect(page.getByLabel('Selected prompt')).toContainText('Prompt 0');
  await expect(page.getByRole('option', { name: /Tell me everything/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('Choose a prompt')).toHaveCount(0);

  const long = page.getByRole('region', { name: 'long-sys' }).getByRole('article', { name: 'Sample 1' });
  await expect(long).toBeVisible();
  const collapsed = (await long.boundingBox())!;
  expect(collapsed.height).toBeLessThan(1200);
  await long.getByRole('button', { name: /Show all \([\d,]+ more characters\)/ }).click();
  const expanded = (await long.boundingBox())!;
  expect(expanded.height).toBeLessThan(900 * 0.7 + 200);
  expect(await long.locator('.sample-text').evaluate((e) => e.scrollHeight > e.clientHeight * 10)).toBe(true);

  // Untick every system: a message, not a blank area.
  await page.locator('details.system-picker summary').click();
  for (const name of ['short-sys', 'long-sys']) await page.getByRole('group', { name: 'Systems shown' }).getByLabel(name).uncheck();
  await expect(page.getByText('No system is selected: tick one or more under “Systems” above')).toBeVisible();
});

test('systems of a generic file get a kind and teacher from the user, saved with the dataset and used by every view', async ({ page }) => {
  await openEmpty(page);
  const rowsOf = (system: string, prompt: string) =>
    [0, 1].map((i) => JSON.stringify({ prompt, model: system, sample: i, response: `${system} answer ${i} to ${prompt}` }));
  const jsonl = ['alpha', 'beta', 'gamma'].flatMap((s) => [...rowsOf(s, 'First question?'), ...rowsOf(s, 'Second question?')]).join('\n');
  await page.getByLabel('Choose files').setInputFiles({ name: 'mine.jsonl', mimeType: 'application/json', buffer: Buffer.from(jsonl) });
  await expect(page.getByRole('status')).toContainText('Imported mine');
  // A generic file's systems are all "Other" until told otherwise.
  await expect(page.getByRole('region', { name: 'alpha' })).toContainText('Other');

  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Systems of mine' }).click();
  const form = page.getByRole('form', { name: 'Systems of mine' });
  await form.getByLabel('Kind of alpha').selectOption('base');
  await form.getByLabel('Kind of beta').selectOption('aligned');
  await form.getByLabel('Kind of gamma').selectOption('icl');
  await form.getByLabel('Teacher of gamma').selectOption('beta');
  await form.getByRole('button', { name: 'Save kinds' }).click();
  await expect(form).toHaveCount(0);

  const check = async () => {
    await page.getByRole('tab', { name: 'Overview' }).click();
    const table = page.getByRole('table', { name: /^Overview of mine/ });
    await expect(table.locator('tbody').filter({ hasText: 'Base' })).toContainText('alpha');
    await expect(table.locator('tbody').filter({ hasText: 'Aligned' }).first()).toContainText('beta');
    await expect(table.locator('tbody').filter({ hasText: 'In-context aligned' })).toContainText('gamma');
    await page.getByRole('tab', { name: 'Browse' }).click();
    await expect(page.getByRole('region', { name: 'alpha' })).toContainText('Base');
    await expect(page.getByRole('region', { name: 'gamma' })).toContainText('In-context aligned');
  };
  await check();
  // Saved with the dataset: still so after a reload.
  await page.reload();
  await check();
});

test('an Open URL import whose files cannot be read stores nothing, says which and why, and "Try again" finishes it', async ({ page }) => {
  const root = 'e2e/fixtures/tiny-folder';
  const files = walk(root);
  let up = false;
  await page.route('**/tiny-server/**', (r) => {
    const path = decodeURIComponent(new URL(r.request().url()).pathname.replace(/^\/tiny-server\//, ''));
    if (path === 'overton-index.json') return r.fulfill({ json: { files } });
    if (!up && path.endsWith('tiny-chat/samples.jsonl')) return r.fulfill({ status: 503, body: 'busy' });
    return r.fulfill({ body: readFileSync(join(root, path)) });
  });
  await openEmpty(page);
  await page.getByLabel('Static server URL').fill(new URL('/tiny-server/', page.url()).href);
  await page.getByRole('button', { name: 'Import from URL' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Import failed' });
  await expect(alert).toContainText('Nothing was imported from', { timeout: 30_000 });
  await expect(alert.getByRole('list', { name: 'Unread files' })).toContainText(
    'TinySet/outputs/tiny-chat/samples.jsonl: HTTP 503 Service Unavailable',
  );
  await expect(alert.getByRole('list', { name: 'Unread files' })).toContainText('(gave up after 4 attempts)');
  await expect(picker(page).getByRole('option')).toHaveText(['No data yet']);

  up = true;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('status')).toContainText('Imported TinySet from');
  await expect(picker(page).getByRole('option')).toHaveCount(1);
});
