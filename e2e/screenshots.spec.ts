// Screenshots of Library, Browse and Overview at 1280×800 and 1920×1080 over the paper's data, for looking at the
// layout and for the README (docs/). Runs only with OVERTON_SCREENSHOTS=<folder> (it writes files).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { openServerData, selectDataset } from './support';

const out = process.env.OVERTON_SCREENSHOTS;
test.skip(!out, 'set OVERTON_SCREENSHOTS=<folder> to write screenshots');

test('Library, Browse and Overview at two window sizes', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await openServerData(browser);
  await selectDataset(page, 'LIMA-OE');
  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const view of ['Library', 'Browse', 'Overview']) {
      await page.getByRole('tab', { name: view }).click();
      if (view === 'Overview') await expect(page.getByRole('table', { name: /^Overview of/ })).toBeVisible({ timeout: 60_000 });
      if (view === 'Browse') await expect(page.getByLabel('Selected prompt')).toBeVisible();
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(out!, `${view.toLowerCase()}-${w}x${h}.png`) });
    }
  }
});
