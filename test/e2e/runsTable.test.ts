// End to end: the Runs Table in the workbench, dark, light and high contrast: 300 runs of a sweep
// opened from the palette, sorted by a metric and filtered, the column chooser, and a
// multi-selection's context menu (Compare from it, in the dark pass), rows grouped by experiment
// with a folded group and sparklines in a metric column. Screenshots of each.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { type Frame } from 'playwright-core';
import { RunStore } from '../../src/core/store/store';
import { exampleWorkspace } from './cli';
import { Workbench } from './workbench';

const SWEEP = 300;

/** 300 finished runs of `train` and `tune` (every fourth): lr and l2 swept, a few metrics each (summaries only). */
async function makeRuns(workspace: string): Promise<void> {
  const store = RunStore.open(workspace);
  for (let i = 0; i < SWEEP; i++) {
    const lr = Number((0.01 * (1 + (i % 10))).toFixed(2));
    const l2 = [0.0001, 0.001, 0.01][i % 3] ?? 0.01;
    const w = await store.createRun({ name: `sweep-${String(i + 1).padStart(3, '0')}`, experiment: i % 4 === 3 ? 'tune' : 'train', command: ['python3', 'train.py'], shell: false, cwd: workspace,
      params: { lr, l2, epochs: 20, seed: i % 5 }, env: {}, tags: i % 50 === 0 ? ['baseline'] : [] });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    const t0 = Date.now() - 3_600_000 + i * 1000;
    await w.appendMetrics([0, 1, 2].map((s) => ({ time: t0 + s * 1000, step: s, values: {
      val_loss: Number((0.2 + l2 * 10 + 1 / (lr * 100 * (s + 1)) + (i % 7) * 0.01).toFixed(4)), acc: Number((0.6 + lr * 2 + s * 0.05 - (i % 7) * 0.005).toFixed(4)),
    } })));
    await w.finish({ status: i % 37 === 5 ? 'failed' : 'finished', exitCode: 0, signal: null });
  }
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const rowNames = async (page: Frame): Promise<string[]> => page.locator('.grid-row .grid-cell.pinned').allInnerTexts();

for (const theme of ['Default Dark Modern', 'Default Light Modern', 'Default High Contrast'] as const) {
  const tag = theme.includes('Dark') ? 'dark' : theme.includes('Light') ? 'light' : 'hc';
  describe(`Runs Table (${tag})`, function () {
    this.timeout(300_000);
    let wb: Workbench;
    let workspace: string;
    let page: Frame;

    before(async () => {
      workspace = exampleWorkspace('table-demo');
      await makeRuns(workspace);
      wb = await Workbench.open({ workspace, theme });
      wb.page.on('console', (m) => { if (m.type() === 'error') console.log(`  [page error] ${m.text()}`); });
    });

    after(async () => {
      await wb?.close();
      rmSync(dirname(workspace), { recursive: true, force: true });
    });

    it('opens 300 runs from the palette, sorts by a metric and filters', async () => {
      await wb.runCommand('Runlens: Open Runs Table');
      page = await wb.webviewFrame('runsTable.js');
      const body = page.locator('body[data-rendered="true"]');
      await body.waitFor({ timeout: 60_000 });
      console.log(`  first render, ${SWEEP} runs (${tag}): ${await body.getAttribute('data-first-ms')} ms on the page's clock`);
      assert.equal(await page.locator('.count').innerText(), `${SWEEP} runs`);
      assert.ok((await page.locator('.grid-row').count()) < 80, 'only the rows in view are in the DOM');
      // The metrics are right of the params: scroll there (only columns in view are in the DOM).
      await page.locator('.grid').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
      const header = page.locator('.grid-header-cell[data-key="metric:val_loss"]');
      await header.locator('.sort-button').click();
      await waitUntil('the sort', async () => (await header.getAttribute('aria-sort')) === 'descending');
      await header.locator('.sort-button').click();
      await waitUntil('the ascending sort', async () => (await header.getAttribute('aria-sort')) === 'ascending');
      const filter = page.locator('vscode-textfield.filter');
      await filter.click();
      await wb.page.keyboard.type('lr >= 0.05 and status:finished');
      await wb.page.keyboard.press('Enter');
      await waitUntil('the filter', async () => /of 300 runs/.test(await page.locator('.count').innerText()));
      const count = Number((await page.locator('.count').innerText()).split(' ')[0]);
      // lr >= 0.05: i % 10 >= 4; failed: i % 37 === 5 (as makeRuns writes them).
      const expected = Array.from({ length: SWEEP }, (_, i) => i).filter((i) => i % 10 >= 4 && i % 37 !== 5).length;
      assert.equal(count, expected);
      const colindex = await header.getAttribute('aria-colindex');
      const values = (await page.locator(`.grid-row .grid-cell[aria-colindex="${colindex}"]`).allInnerTexts()).map((t) => Number(t.replace('★', '').trim()));
      assert.ok(values.length > 10);
      assert.deepEqual(values, [...values].sort((a, b) => a - b), `ascending val_loss: ${values.join(', ')}`);
      const best = page.locator('.grid-cell.best');
      assert.ok((await best.count()) >= 1, 'the best value of a metric column is marked');
      await wb.screenshot(`70-runs-table-sorted-filtered-${tag}`);
    });

    it('keeps each group\'s label beside the pinned column while scrolling sideways', async () => {
      // Scroll right step by step; whenever a group starts under the pinned name column, its label
      // must still show right of that column (it used to hide under it).
      const result = await page.locator('.grid').evaluate(async (grid) => {
        const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
        let checked = 0;
        const hidden: string[] = [];
        for (let left = 0; left <= grid.scrollWidth; left += 60) {
          grid.scrollLeft = left;
          await frame();
          const pinned = grid.querySelector('.grid-group-cell.pinned')?.getBoundingClientRect();
          if (!pinned) continue;
          for (const toggle of grid.querySelectorAll<HTMLElement>('.grid-group-cell:not(.pinned) > *')) {
            const cell = toggle.parentElement?.getBoundingClientRect();
            if (!cell || cell.left >= pinned.right || cell.right <= pinned.right + 90) continue;
            checked++;
            if (toggle.getBoundingClientRect().left < pinned.right - 1) hidden.push(`${toggle.textContent ?? ''} at ${left}px`);
          }
        }
        grid.scrollLeft = Math.min(grid.scrollWidth, 700);
        await frame();
        return { checked, hidden };
      });
      assert.ok(result.checked > 0, 'some group started under the pinned column');
      assert.deepEqual(result.hidden, []);
      await wb.screenshot(`73-runs-table-scrolled-sideways-${tag}`);
      await page.locator('.grid').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    });

    it('chooses columns with a search', async () => {
      await page.locator('.columns-button').click();
      const chooser = page.locator('.chooser');
      await chooser.waitFor();
      await chooser.locator('vscode-textfield').click();
      await wb.page.keyboard.type('l');
      await waitUntil('the search', async () => (await chooser.locator('.chooser-item').count()) < 8);
      await wb.screenshotOf(chooser, `71-runs-table-chooser-${tag}`);
      // Hiding a column takes it out of the grid.
      await chooser.locator('.chooser-item[data-key="param:l2"] input').click();
      await waitUntil('l2 hidden', async () => (await page.locator('.grid-header-cell[data-key="param:l2"]').count()) === 0);
      await chooser.locator('.chooser-item[data-key="param:l2"] input').click();
      await waitUntil('l2 back', async () => (await page.locator('.grid-header-cell[data-key="param:l2"]').count()) === 1);
      await wb.page.keyboard.press('Escape');
      await chooser.waitFor({ state: 'hidden' });
    });

    it('groups the rows by experiment, folds a group, and draws sparklines in a metric column', async () => {
      await page.locator('.group-button').click();
      const groups = page.locator('.grid-row.group-row');
      // Only the rows in view are in the DOM: the first group's header, the second's far below it.
      await waitUntil('the first group row', async () => (await groups.count()) >= 1);
      assert.ok(['train', 'tune'].includes((await groups.first().getAttribute('data-group')) ?? ''));
      const header = page.locator('.grid-header-cell[data-key="metric:acc"]');
      await header.locator('.spark-button').click();
      await waitUntil('the sparklines', async () => (await page.locator('.grid-row .grid-cell .spark polyline').count()) > 5);
      assert.equal(await header.locator('.spark-button').getAttribute('aria-pressed'), 'true');
      await wb.screenshot(`74-runs-table-grouped-sparklines-${tag}`);
      const first = groups.first();
      const name = await first.getAttribute('data-group');
      await first.click();
      await waitUntil('the folded group', async () => (await page.locator('.group-row[aria-expanded="false"]').getAttribute('data-group')) === name);
      // Folded, the other group's header follows right under it.
      assert.equal(await page.locator('.grid-row[aria-rowindex="3"]').getAttribute('data-group'), name === 'train' ? 'tune' : 'train');
      await wb.screenshot(`75-runs-table-group-folded-${tag}`);
      await page.locator('.group-row[aria-expanded="false"]').click();
      await header.locator('.spark-button').click();
      await page.locator('.group-button').click();
      await waitUntil('no groups', async () => (await groups.count()) === 0);
    });

    it('selects several rows and offers the run actions in their context menu', async () => {
      const rows = page.locator('.grid-row');
      const names = await rowNames(page);
      await rows.nth(0).locator('.grid-cell').nth(1).click();
      await rows.nth(1).locator('.grid-cell').nth(1).click({ modifiers: ['Control'] });
      await rows.nth(3).locator('.grid-cell').nth(1).click({ modifiers: ['Control'] });
      await waitUntil('three selected', async () => (await page.locator('.grid-row.selected').count()) === 3);
      assert.match(await page.locator('.actions').innerText(), /3 selected/);
      await rows.nth(1).locator('.grid-cell').nth(1).click({ button: 'right' });
      const menu = wb.page.locator('.context-view .monaco-menu');
      await menu.waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('.grid-row.selected').count(), 3, 'a right-click on a selected row keeps the selection');
      const items = await menu.locator('.action-label').allInnerTexts();
      for (const label of ['Compare Selected Runs', 'Star', 'Tag...', 'Delete']) assert.ok(items.includes(label), items.join(' | '));
      await wb.screenshot(`72-runs-table-context-menu-${tag}`);
      if (tag !== 'dark') {
        await wb.page.keyboard.press('Escape');
        return;
      }
      await menu.locator('.action-label', { hasText: 'Compare Selected Runs' }).click();
      await wb.tab('Compare').first().waitFor({ timeout: 30_000 });
      const compare = await wb.webviewFrame('compare.js');
      await compare.locator('.chip-name').first().waitFor({ timeout: 60_000 });
      const chips = await compare.locator('.chip-name').allInnerTexts();
      assert.deepEqual([...chips].sort(), [names[0], names[1], names[3]].sort(), 'the selected runs are compared, the right-clicked one first');
      assert.equal(chips[0], names[1]);
    });
  });
}
