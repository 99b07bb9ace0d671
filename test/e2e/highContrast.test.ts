// Both webviews in the high-contrast theme: they use only VS Code's theme variables, so the
// contrast borders and colours of "Default High Contrast" must reach their tables and charts.
import * as assert from 'node:assert/strict';
import { runlens } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

describe('Webviews in the high-contrast theme', function () {
  this.timeout(300_000);
  let wb: Workbench;

  const suite = useWorkbench({
    example: 'high-contrast',
    theme: 'Default High Contrast',
    prepare(ws) {
      for (const lr of ['0.03', '0.3']) assert.equal(runlens(ws, ['run', 'train', '-p', `lr=${lr}`, '-p', 'epochs=20', '-p', 'delay=0']), 0);
    },
    opened: (w) => w.openContainer('Runlens'),
  });
  before(() => ({ wb } = suite));

  it('draws Compare Runs with the theme\'s contrast colours', async () => {
    await wb.pane('Runs').locator('.monaco-list-row[aria-level="1"]').first().click();
    await wb.runCommand('Runlens: Compare Runs');
    const all = wb.page.locator('.quick-input-widget [aria-label="Toggle all checkboxes"]');
    await all.waitFor({ timeout: 10_000 });
    await all.click();
    await wb.page.keyboard.press('Enter');
    const page = await wb.webviewFrame('compare.js');
    await page.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
    // The high-contrast theme defines a contrast border; the page's body sees the theme's variables.
    const border = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-contrastBorder').trim());
    assert.notEqual(border, '', 'the high-contrast theme variables reach the page');
    assert.ok(await page.locator('canvas').count() > 0, 'charts drawn');
    await wb.screenshot('80-compare-high-contrast');
  });

  it('draws Run Detail with the theme\'s contrast colours', async () => {
    await wb.runCommand('View: Close All Editors');
    // The first test's click on the group row collapsed it: open it again.
    const run = wb.pane('Runs').locator('.monaco-list-row[aria-level="2"]').first();
    if (!(await run.isVisible())) await wb.pane('Runs').locator('.monaco-list-row[aria-level="1"]').first().click();
    await run.click();
    const page = await wb.webviewFrame('runDetail.js');
    await page.locator('#run-name').waitFor({ timeout: 60_000 });
    await page.locator('canvas').first().waitFor({ timeout: 30_000 });
    // A one-point series (the script's final summary) is a value card; a series is a line drawn in
    // the theme's contrast colour.
    await page.locator('.chart-card.value-card[data-metric="final_acc"] .single-value').waitFor({ timeout: 30_000 });
    const inked = await page.locator('.chart-card:not(.value-card) canvas').first().evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const blue = [55, 148, 255];
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - blue[0]!) < 40 && Math.abs(data[i + 1]! - blue[1]!) < 40 && Math.abs(data[i + 2]! - blue[2]!) < 40) n++;
      return n;
    });
    assert.ok(inked > 5, `a metric's line is drawn in the line colour (${inked} pixels)`);
    await wb.screenshot('81-run-detail-high-contrast');
  });
});
