// End to end: Compare Runs in the workbench, dark and light: two runs from the Runs view's
// multi-selection (one named like an HTML tag, which must show as text), all 50 runs of a sweep
// from the palette's quick pick, parallel coordinates; prints the first-render time.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { type Frame, type Locator } from 'playwright-core';
import { RunStore } from '../../src/core/store/store';
import { runlensInBackground } from './cli';
import { useWorkbench, waitUntil } from './suite';
import { type Workbench } from './workbench';

const XSS = '<img src=x onerror=alert(1)>';
const SWEEP = 50;

/** 50 finished runs of `train` with curves, the newest named XSS (so it is the first row). */
async function makeRuns(workspace: string): Promise<void> {
  const store = RunStore.open(workspace);
  for (let i = 0; i < SWEEP; i++) {
    const lr = Number((0.01 * (1 + (i % 10))).toFixed(2));
    // l2 spans four decades: its sweep axes are logarithmic.
    const l2 = [0.0001, 0.001, 0.01, 0.1, 1][Math.floor(i / 10)] ?? 1;
    const name = i === SWEEP - 1 ? XSS : `sweep-${String(i + 1).padStart(2, '0')}`;
    const w = await store.createRun({ name, experiment: 'train', command: ['python3', 'train.py'], shell: false, cwd: workspace, params: { lr, l2, epochs: 200, seed: 0, delay: 0, comment: '<b>bold?</b>' }, env: {} });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    const t0 = Date.now() - 600_000 + i * 1000;
    await w.appendMetrics(Array.from({ length: 200 }, (_, s) => {
      const decay = Math.exp(-s * lr * 0.5);
      const noise = 0.03 * Math.sin(s * 1.7 + i);
      return { time: t0 + s * 250, step: s, values: { loss: 0.2 + l2 + decay + noise, val_loss: 0.25 + l2 * 1.2 + decay * 1.1 + noise, acc: 0.95 - 0.5 * decay - l2 * 0.2 + noise / 2 } };
    }));
    // Code and data: the newest run ran uncommitted changes on another dataset version.
    const newest = i === SWEEP - 1;
    await w.setLinks({
      code: { status: 'ok', commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', detached: false, remote: null, dirty: newest, changed: newest ? ['train.py'] : [], untracked: [],
        shallow: false, worktree: false, submodules: [], warnings: [], durationMs: 1,
        snapshot: newest ? { ref: `refs/runlens/runs/${w.manifest().id}`, commit: '5eed'.padEnd(40, '1'), tree: 'f'.repeat(40), files: 3, skipped: [] } : null },
      data: { hashing: true, warnings: [], outputs: [],
        datasets: [{ spec: 'data/points.csv', hash: (newest ? 'd2' : 'd1').padEnd(64, '0'), files: 1, bytes: 4096, errors: 0, skipped: 0, missing: false }] },
    });
    // A final score logged once: Compare lists its values instead of drawing a chart.
    await w.appendMetrics([{ time: t0 + 200 * 250, step: 200, values: { test_acc: Number((0.9 - l2 * 0.1 + i * 0.001).toFixed(4)) } }]);
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
  }
}

/** The Compare page's frame (not a Run Detail preview's, which a click on a row may open too). */
function webview(wb: Workbench): Promise<Frame> {
  return wb.webviewFrame('compare.js');
}

/** Waits for the page's first render; returns its own figures and the wall time since `started`. */
async function rendered(wb: Workbench, started: number): Promise<{ wallMs: number; tablesMs: number; firstChartMs: number }> {
  const body = (await webview(wb)).locator('body[data-rendered="true"]');
  await body.waitFor({ timeout: 60_000 });
  const wallMs = Date.now() - started;
  return { wallMs, tablesMs: Number(await body.getAttribute('data-tables-ms')), firstChartMs: Number(await body.getAttribute('data-first-chart-ms')) };
}

async function compareTwoFromView(wb: Workbench): Promise<number> {
  if (!(await wb.pane('Runs').isVisible())) await wb.openContainer('Runlens');
  const rows = wb.pane('Runs').locator('.monaco-list-row[aria-level="2"]');
  await rows.nth(1).waitFor({ timeout: 30_000 });
  // A context menu still open (an earlier test's) would take every click.
  if (await wb.page.locator('.context-view .monaco-menu').isVisible()) await wb.page.keyboard.press('Escape');
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Control'] });
  // A click opens the Run Detail preview; let it open before the context menu, whose menu an
  // editor opening meanwhile would close (on a loaded machine the preview can take seconds).
  await wb.page.locator('.tabs-container .tab', { hasText: '(preview)' }).first().waitFor({ timeout: 5000 }).catch(() => undefined);
  for (let attempt = 1; ; attempt++) {
    // A menu left open by an earlier attempt would take the right-click.
    if (await wb.page.locator('.context-view .monaco-menu').isVisible()) await wb.page.keyboard.press('Escape');
    // The run right-clicked comes first (and is the baseline): the newest, named XSS.
    const started = await wb.contextMenu(rows.nth(0), 'Compare Runs');
    const opened = await wb.tab('Compare:').first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
    if (opened || attempt === 3) return started;
    console.log(`[compare e2e] the Compare tab did not open after menu click ${attempt}; trying again`);
  }
}

for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
  const tag = theme.includes('Dark') ? 'dark' : 'light';
  describe(`Compare Runs (${tag})`, function () {
    this.timeout(240_000);
    let wb: Workbench;
    let workspace: string;

    const suite = useWorkbench({ example: 'compare-demo', theme, prepare: makeRuns, logPageErrors: true });
    before(() => ({ wb, workspace } = suite));

    it('compares two runs from the Runs view; a run named like an HTML tag is text', async () => {
      const started = await compareTwoFromView(wb);
      const figures = await rendered(wb, started);
      await wb.page.mouse.move(900, 500);
      console.log(`  first render, 2 runs (${tag}): ${figures.wallMs} ms from the menu click; in the page: tables ${figures.tablesMs} ms, first chart ${figures.firstChartMs} ms`);
      const page = await webview(wb);
      const chips = page.locator('.chip-name');
      assert.deepEqual(await chips.allInnerTexts(), [XSS, 'sweep-49']);
      assert.equal(await page.locator('img').count(), 0, 'no element was made from the name or params');
      assert.equal(await page.locator('b').count(), 0);
      await page.locator('.chart-card canvas').first().waitFor();
      await wb.page.mouse.move(10, 450);
      await wb.screenshot(`60-compare-2-${tag}`);
      // Hovering a chart shows every run's value at that step.
      const canvas = page.locator('.chart-card canvas').first();
      const box = await canvas.boundingBox();
      assert.ok(box);
      await wb.page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
      await wb.page.waitForTimeout(300);
      await wb.screenshotOf(page.locator('.charts'), `61-compare-2-curves-${tag}`);
      // A metric with one point per run is a list of values (the better one marked), not a chart.
      const single = page.locator('.chart-card[data-metric="test_acc"]');
      await single.scrollIntoViewIfNeeded();
      await single.locator('.single-values li').first().waitFor({ timeout: 10_000 });
      assert.deepEqual(await single.locator('.single-value').allInnerTexts(), ['0.849', '0.848']);
      assert.equal(await single.locator('.single-value.better').innerText(), '0.849', 'the better by the goal (acc: higher)');
      assert.equal(await single.locator('.chart-box').isVisible(), false, 'no chart for one point per run');
      assert.equal(await single.locator('.chart-head .icon-button').filter({ visible: true }).count(), 0, 'no zoom or export without a chart');
      if (tag === 'light') await wb.screenshotOf(single, '62-compare-single-values');
      // Code and data: the run that is not the baseline ran other code on another dataset version.
      const codeData = page.locator('table[aria-label="Code and data of the compared runs"]');
      await codeData.scrollIntoViewIfNeeded();
      const other = codeData.locator('tbody tr', { hasText: 'sweep-49' });
      assert.deepEqual(await other.locator('td.diff').allInnerTexts(), ['c0ffee000000', 'd10000000000']);
      assert.match(await codeData.locator('tbody tr').first().innerText(), /c0ffee000000 \+ changes/);
      if (tag === 'light') await wb.screenshotOf(codeData, '63-compare-code-data');
      // Fewer summary columns fit more metrics: min and max off leaves last and best per metric.
      const metricsTable = page.locator('table[aria-label="Metric summaries of the compared runs"]');
      for (const label of ['min', 'max']) await page.locator(`vscode-checkbox[data-summary="${label}"]`).click();
      await waitUntil('the min and max columns gone', async () => !(await metricsTable.locator('th').allInnerTexts()).some((t) => t === 'min' || t === 'max'));
      const heads = await metricsTable.locator('th').allInnerTexts();
      assert.deepEqual(heads.slice(0, 3), ['Run', 'val_loss ↓', 'best'], heads.join(' | '));
      for (const label of ['min', 'max']) await page.locator(`vscode-checkbox[data-summary="${label}"]`).click();
      await waitUntil('the min and max columns back', async () => (await metricsTable.locator('th').allInnerTexts()).includes('min'));
      // A click on a header sorts by it: ascending, descending, then the compared order again.
      const header = metricsTable.locator('th', { hasText: 'val_loss' }).first();
      const order = async (): Promise<string[]> => (await metricsTable.locator('tbody tr:not(.spacer) td:first-child').allInnerTexts()).map((t) => t.replace(/\s*baseline$/, '').trim());
      const values = async (): Promise<number[]> => (await metricsTable.locator('tbody tr:not(.spacer) td:nth-child(2)').allInnerTexts()).map((t) => Number(t.split(' ')[0]));
      const compared = await order();
      await header.locator('button').click();
      await waitUntil('the ascending sort', async () => (await header.getAttribute('aria-sort')) === 'ascending');
      const asc = await values();
      assert.deepEqual(asc, [...asc].sort((a, b) => a - b), `ascending: ${asc.join(', ')}`);
      const ascOrder = await order();
      await header.locator('button').press('Enter');
      await waitUntil('the descending sort', async () => (await header.getAttribute('aria-sort')) === 'descending');
      assert.deepEqual(await order(), [...ascOrder].reverse(), 'the keyboard sorts too');
      await header.locator('button').click();
      await waitUntil('the compared order', async () => (await header.getAttribute('aria-sort')) === 'none');
      assert.deepEqual(await order(), compared);
    });

    // Theme-independent checks run in the dark pass only.
    if (tag === 'dark') it('exports the params table to CSV and a chart to PNG through the save dialog', async function () {
      const page = await webview(wb);
      // The save dialog offers the workspace folder and a default name; Enter accepts them.
      const save = async (button: Locator, file: string): Promise<Buffer> => {
        await button.click();
        const dialog = wb.page.locator('.quick-input-widget input[type="text"]').filter({ visible: true });
        await dialog.waitFor({ timeout: 10_000 });
        await wb.page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
        const path = join(workspace, file);
        for (let i = 0; i < 100 && !existsSync(path); i++) await wb.page.waitForTimeout(100);
        return readFileSync(path);
      };
      const csv = (await save(page.locator('vscode-button[aria-label="Export the params table as CSV"]'), 'compare-params.csv')).toString('utf8');
      assert.equal(csv, `run,id,status,lr\r\n${XSS},${await page.locator('.chip').first().getAttribute('data-run')},finished,0.1\r\nsweep-49,${await page.locator('.chip').nth(1).getAttribute('data-run')},finished,0.09\r\n`);
      const png = await save(page.locator('button[aria-label="Export the val_loss chart as PNG"]'), 'val_loss.png');
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
      assert.ok(png.length > 5000, `the chart has content (${png.length} bytes)`);
    });

    it('compares all 50 runs of the sweep from the palette, with parallel coordinates', async () => {
      await wb.runCommand('View: Close All Editors');
      // A group row selected: the command asks which runs instead of using the selection.
      await wb.pane('Runs').locator('.monaco-list-row[aria-level="1"]').first().click();
      await wb.runCommand('Runlens: Compare Runs');
      const all = wb.page.locator('.quick-input-widget [aria-label="Toggle all checkboxes"]');
      await all.waitFor({ timeout: 10_000 });
      await all.click();
      const started = Date.now();
      await wb.page.keyboard.press('Enter');
      const figures = await rendered(wb, started);
      console.log(`  first render, ${SWEEP} runs (${tag}): ${figures.wallMs} ms from the quick pick; in the page: tables ${figures.tablesMs} ms, first chart ${figures.firstChartMs} ms`);
      const page = await webview(wb);
      assert.equal(await page.locator('.chip').count(), SWEEP);
      await wb.page.mouse.move(900, 500);
      await wb.page.waitForTimeout(300);
      await wb.screenshot(`62-compare-50-${tag}`);
      const sweep = page.locator('section.sweep');
      await sweep.scrollIntoViewIfNeeded();
      await sweep.locator('canvas.parallel').waitFor();
      // l2 spans four decades: a log axis, labelled so.
      assert.match(await sweep.locator('canvas.parallel').getAttribute('aria-label') ?? '', /l2 \(log\)/);
      await wb.page.waitForTimeout(300);
      await wb.screenshot(`63-compare-parallel-${tag}`);
      await wb.screenshotOf(sweep, `65-compare-sweep-log-${tag}`);
    });

    it('keeps the runs and the view settings across a window reload', async () => {
      const before = await webview(wb);
      await before.locator('vscode-checkbox', { hasText: 'Log scale' }).click();
      await before.locator('vscode-checkbox[checked]', { hasText: 'Log scale' }).waitFor();
      await wb.runCommand('Developer: Reload Window');
      for (let i = 0; i < 300 && !before.isDetached(); i++) await wb.page.waitForTimeout(100);
      await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const page = await webview(wb);
      await page.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('.chip').count(), SWEEP, 'the serializer reopened the same runs');
      assert.equal(await page.locator('vscode-checkbox[checked]', { hasText: 'Log scale' }).count(), 1, 'the page restored its state');
      assert.equal(await page.locator('.chip.baseline .chip-name').innerText(), XSS);
    });

    if (tag === 'dark') it('draws a running run\'s new points as they are logged', async function () {
      await wb.runCommand('View: Close All Editors');
      const group = wb.pane('Runs').locator('.monaco-list-row[aria-level="1"]').first();
      if ((await group.getAttribute('aria-expanded')) === 'false') await group.click();
      const live = runlensInBackground(workspace, ['run', 'train', '--name', 'live-run', '-p', 'epochs=2000', '-p', 'delay=0.05']);
      const row = wb.pane('Runs').locator('.monaco-list-row[aria-level="2"]', { hasText: 'live-run' });
      await row.locator('.codicon-loading').waitFor({ timeout: 30_000 });
      const started = await compareTwoFromView(wb);
      await rendered(wb, started);
      const card = (await webview(wb)).locator('.chart-card[data-metric="val_loss"]');
      const points = async (): Promise<number> => Number(await card.getAttribute('data-points'));
      const first = await points();
      let last = first;
      for (let i = 0; i < 40 && last < first + 10; i++) {
        await wb.page.waitForTimeout(250);
        last = await points();
      }
      assert.ok(last >= first + 10, `the live run's curve grew: ${first} -> ${last} points`);
      await wb.page.mouse.move(900, 500);
      await wb.screenshot('64-compare-live-dark');
      live.kill('SIGTERM');
      await wb.runCommand('View: Close All Editors');
    });
  });
}
