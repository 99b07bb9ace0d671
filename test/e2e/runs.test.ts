// End to end: the Runs view on a workspace with real runs of the example project: inline primary
// metric values and sparklines, a failed run, and a run that is still training.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runlens, runlensInBackground } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

describe('Runs view with runs', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let workspace: string;

  const suite = useWorkbench({
    example: 'iris-classifier',
    prepare(ws) {
      for (const lr of ['0.03', '0.1', '0.3']) {
        assert.equal(runlens(ws, ['run', 'train', '-p', `lr=${lr}`, '-p', 'delay=0']), 0);
      }
      assert.equal(runlens(ws, ['run', 'train-print', '-p', 'epochs=20']), 0);
      // A run that fails: the script rejects a negative epoch count.
      assert.notEqual(runlens(ws, ['run', '--name', 'broken-data', '--', 'python3', '-c', 'import sys; sys.exit("data/points.csv: bad header")']), 0);
    },
  });
  before(() => ({ wb, workspace } = suite));

  it('shows runs grouped by experiment with values and sparklines', async () => {
    await wb.openContainer('Runlens');
    const rows = wb.pane('Runs').locator('.monaco-list-row');
    await rows.filter({ hasText: '▁' }).first().waitFor({ timeout: 30_000 });
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((t) => t.includes('train')), `a train group: ${texts.join(' | ')}`);
    // Experiment groups name their primary metric and its direction; rows show the value and history.
    assert.ok(texts.some((t) => /^train\s*val_loss ↓$/m.test(t)), `the train group names val_loss: ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => /^train-print\s*acc ↑$/m.test(t)), `train-print names acc: ${texts.join(' | ')}`);
    assert.ok(texts.filter((t) => /0\.\d+ · (now|\dm ago)\s+[▁▂▃▄▅▆▇█]+/.test(t)).length >= 4, `values with sparklines: ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => t.includes('broken-data')), 'the failed ad-hoc run');
    // At the sidebar's default width every row shows when it ran: only the sparkline may be cut.
    const times = await rows.evaluateAll((els) => els.flatMap((row) => {
      const description = row.querySelector('.label-description');
      const walker = description ? document.createTreeWalker(description, NodeFilter.SHOW_TEXT) : undefined;
      for (let node = walker?.nextNode(); node; node = walker?.nextNode()) {
        const m = /(now|\d+[mhd]\sago)/.exec(node.textContent ?? '');
        if (!m) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const clip = row.querySelector('.monaco-icon-label-container') ?? row;
        return [{ row: row.textContent ?? '', right: range.getBoundingClientRect().right, clip: clip.getBoundingClientRect().right }];
      }
      return [];
    }));
    assert.ok(times.length >= 4, `rows with a time: ${JSON.stringify(times)}`);
    const cut = times.filter((t) => t.right > t.clip + 0.5);
    assert.deepEqual(cut, [], `rows whose time is cut off: ${JSON.stringify(cut)}`);
    await wb.page.mouse.move(700, 450);
    await wb.screenshot('03-runs-sidebar');
    await wb.screenshotOf(wb.pane('Runs'), '03b-runs-view');
  });

  it('follows a run while it trains', async () => {
    runlensInBackground(workspace, ['run', 'train', '--name', 'live-run', '-p', 'epochs=200', '-p', 'delay=0.1']);
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'live-run' });
    await row.waitFor({ timeout: 30_000 });
    await row.locator('.codicon-loading').waitFor({ timeout: 10_000 });
    // The row must change repeatedly while the run trains, not only once it ends.
    const seen = new Set<string>();
    for (let i = 0; i < 12 && seen.size < 3; i++) {
      seen.add(await row.innerText());
      await wb.page.waitForTimeout(400);
    }
    assert.ok(seen.size >= 3, `the row updated live: ${[...seen].join(' | ')}`);
    assert.ok([...seen].some((t) => /0\.\d+ · (now|\dm ago)\s+[▁▂▃▄▅▆▇█]+/.test(t)));
    assert.equal(await row.locator('.codicon-loading').count(), 1, 'still running');
    await wb.screenshot('04-live-run');
  });

  it('shows a run\'s params and metrics in its tooltip', async () => {
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'val_loss' }).first();
    const finished = wb.pane('Runs').locator('.monaco-list-row').filter({ has: wb.page.locator('.codicon-pass') }).first();
    await (await finished.count() ? finished : row).hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover', { hasText: 'param' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = await hover.innerText();
    assert.match(text, /lr[\s\S]*val_loss[\s\S]*lower is better/, text);
    await wb.screenshot('05-run-tooltip');
  });

  it('draws a lighter dotted sparkline once the theme turns light', async () => {
    // A workspace setting switches the theme; the rows follow it without a reload.
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default Light Modern' }));
    const rows = wb.pane('Runs').locator('.monaco-list-row');
    await rows.filter({ hasText: /[\u2800-\u28ff]/ }).first().waitFor({ timeout: 30_000 });
    const texts = await rows.allInnerTexts();
    assert.ok(!texts.some((t) => /[▁▂▃▄▅▆▇█]/.test(t)), `no solid bars left in a light theme: ${texts.join(' | ')}`);
    await wb.page.mouse.move(700, 450);
    await wb.screenshotOf(wb.pane('Runs'), '03c-runs-view-light');
  });
});
