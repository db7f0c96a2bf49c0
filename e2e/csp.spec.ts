// E2E: the production build's Content-Security-Policy — served, refusing an injected inline script and connections to
// origins the user never opened, and widened (after one reload) to the GitHub hosts when the user loads the paper's data.
import { expect, test } from '@playwright/test';

test('the built app is served with a CSP: no inline script, scripts and workers from self, connect-src self', async ({ page }) => {
  await page.route('**/__overton/config.json', (r) => r.fulfill({ json: { dataUrl: null } }));
  const res = await page.goto('/');
  expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'/);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(2);
  await expect(page.getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');

  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
    let fetched = 'fetched';
    try {
      await fetch('https://example.invalid/steal');
    } catch {
      fetched = 'refused';
    }
    // A blob worker is refused asynchronously (an error event and a violation), not by a throw.
    const worker = await new Promise<string>((resolve) => {
      const w = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
      w.onmessage = () => resolve('ran');
      w.onerror = () => resolve('refused');
      setTimeout(() => resolve('silent'), 2000);
    });
    return { ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, fetched, worker, violations };
  });
  expect(outcome.ran).toBe(false);
  expect(outcome.fetched).toBe('refused');
  expect(outcome.worker).not.toBe('ran');
  expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem inline', 'connect-src https://example.invalid/steal', 'worker-src blob']));
});

test('loading the paper\'s data allows the GitHub hosts, reloads once and then reaches them', async ({ page }) => {
  await page.route('**/__overton/config.json', (r) => r.fulfill({ json: { dataUrl: null } }));
  await page.context().route(/^https:\/\/(api\.github\.com|raw\.githubusercontent\.com)\//, (r) => r.abort('internetdisconnected'));
  await page.goto('/');
  expect(await page.evaluate(() => localStorage.getItem('overton:allowed-origins'))).toBeNull();
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: "Load the paper's data" }).click()]);
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('overton:allowed-origins')))!)).toEqual([
    'https://api.github.com',
    'https://raw.githubusercontent.com',
  ]);
  await expect(page.locator('meta[name="overton-connect-src"]')).toHaveAttribute('content', 'https://api.github.com https://raw.githubusercontent.com');
  // The import resumed after the reload and reached the (routed) network: the error is the network's, not the policy's.
  await expect(page.getByRole('alert')).toContainText('Network error: could not reach api.github.com');
});
