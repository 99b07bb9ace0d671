// End to end: a wide Runs Table (40 runs × 150 params and a metric) in the workbench. It opens with
// the cells of the columns in view only; scrolled to the far right, the cells of the last params and
// of the metric arrive and show, and a sort by that metric orders its values. A screenshot of it.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { type Frame } from 'playwright-core';
import { RunStore } from '../../src/core/store/store';
import { exampleWorkspace } from './cli';
import { Workbench } from './workbench';

const RUNS = 40;
const PARAMS = 150;

/** Finished runs with params `w000`..`w149` (run i's `wNNN` is NNN * 1000 + i) and a `score` metric. */
async function makeWideRuns(workspace: string): Promise<void> {
  const store = RunStore.open(workspace);
  for (let i = 0; i < RUNS; i++) {
    const params: Record<string, number> = {};
    for (let p = 0; p < PARAMS; p++) params[`w${String(p).padStart(3, '0')}`] = p * 1000 + i;
    const w = await store.createRun({ name: `wide-${String(i + 1).padStart(2, '0')}`, experiment: 'wide', command: ['python3', 'train.py'], shell: false, cwd: workspace, params, env: {} });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    await w.appendMetrics([{ time: Date.now(), step: 0, values: { score: Number((((i * 37) % RUNS) / 100 + 0.005).toFixed(3)) } }]);
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
  }
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The texts of column `key`'s cells in the rows drawn (empty when its header is not in view). */
async function columnTexts(page: Frame, key: string): Promise<string[]> {
  const colindex = await page.locator(`.grid-header-cell[data-key="${key}"]`).getAttribute('aria-colindex', { timeout: 1000 });
  return (await page.locator(`.grid-row .grid-cell[aria-colindex="${colindex}"]`).allInnerTexts()).map((t) => t.replace('★', '').trim());
}

describe('Runs Table, wide (dark)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = exampleWorkspace('table-wide');
    await makeWideRuns(workspace);
    wb = await Workbench.open({ workspace });
    wb.page.on('console', (m) => { if (m.type() === 'error') console.log(`  [page error] ${m.text()}`); });
  });

  after(async () => {
    await wb?.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
  });

  it('opens with the columns in view and brings the cells of the far columns as they scroll into view', async () => {
    await wb.runCommand('Runlens: Open Runs Table');
    const page = await wb.webviewFrame('runsTable.js');
    await page.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.count').innerText(), `${RUNS} runs`);
    // The first params show their values; the table has more columns than the snapshot carried cells for.
    await waitUntil('w000 values', async () => (await columnTexts(page, 'param:w000')).some((t) => t !== ''));
    await page.locator('.grid').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    await waitUntil('the last param\'s values', async () => {
      const texts = await columnTexts(page, `param:w${PARAMS - 1}`);
      return texts.length > 5 && texts.every((t) => /^149\d{3}$/.test(t));
    });
    await waitUntil('the metric\'s values', async () => {
      const texts = await columnTexts(page, 'metric:score');
      return texts.length > 5 && texts.every((t) => t !== '');
    });
    const header = page.locator('.grid-header-cell[data-key="metric:score"]');
    await header.locator('.sort-button').click();
    await waitUntil('the sort', async () => (await header.getAttribute('aria-sort')) === 'descending');
    await waitUntil('the sorted values', async () => {
      const values = (await columnTexts(page, 'metric:score')).map(Number);
      return values.length > 5 && values.every((v, i) => i === 0 || v <= (values[i - 1] ?? v)) && values[0] === 0.395;
    });
    assert.equal(await page.locator('.grid-cell[aria-busy="true"]').count(), 0, 'no cell is still waiting for its column');
    await wb.screenshot('76-runs-table-wide-far-right-sorted-dark');
  });
});
