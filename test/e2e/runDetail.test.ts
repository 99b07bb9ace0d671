// End to end: the Run Detail view in the workbench, in a dark and a light theme. A click on a live
// run opens it; its charts and log grow while it trains; a run named with HTML (and a param holding
// HTML) renders as text; "Open diff against HEAD" opens VS Code's diff editor on the snapshot.
import * as assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FrameLocator } from 'playwright-core';
import { git, runlens, runlensInBackground } from './cli';
import { activeWebview, useWorkbench, waitUntil } from './suite';
import { type Workbench } from './workbench';

const XSS_NAME = '<img src=x onerror=alert(1)>';
const HTML_PARAM = '<b>bold</b><script>alert(2)</script>';

const page = activeWebview;

/** The number in "123 points" of a metric's chart card. */
async function chartPoints(frame: FrameLocator, metric: string): Promise<number> {
  const text = await frame.locator(`.chart-card[data-metric="${metric}"] .count`).innerText();
  return Number(/^(\d+)/.exec(text)?.[1] ?? 0);
}

function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  return waitUntil(what, probe, timeoutMs, 250);
}

/**
 * Clicks the run's row until the detail shows it: a live run's row is redrawn several times a
 * second, and a click landing mid-redraw can miss it.
 */
async function openFromTree(wb: Workbench, rowText: string, name: string): Promise<FrameLocator> {
  const frame = page(wb);
  let shown = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    await wb.pane('Runs').locator('.monaco-list-row', { hasText: rowText }).first().click();
    const ok = await frame.locator('#run-name', { hasText: name }).waitFor({ timeout: 15_000 }).then(() => true, () => false);
    if (ok) return frame;
    shown = await frame.locator('#run-name').innerText({ timeout: 1000 }).catch(() => '(no page)');
    console.log(`[runDetail e2e] click ${attempt + 1} on ${rowText} did not show ${name} (showing: ${shown}); clicking again`);
  }
  throw new Error(`the detail of ${name} did not open (showing: ${shown})`);
}

for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
  const tag = theme.includes('Dark') ? 'dark' : 'light';

  describe(`Run Detail view (${tag} theme)`, function () {
    this.timeout(300_000);
    let wb: Workbench;
    let workspace: string;

    const suite = useWorkbench({
      example: 'iris-classifier',
      theme,
      prepare(ws) {
        git(ws, 'init', '-q', '-b', 'main');
        git(ws, 'add', '.');
        git(ws, 'commit', '-q', '-m', 'example');
        // An uncommitted change: the runs' snapshots hold it, and the detail lists it.
        appendFileSync(join(ws, 'train.py'), '# tuned while experimenting\n');
        // A run that logs one value (a final test score): a value card, not a chart. Made first,
        // so the HTML-named run is the newest of the ad-hoc group (the arrow-key test walks to it).
        assert.equal(runlens(ws, ['run', '--name', 'one-value', '--', 'python3', '-c', 'import runlens; runlens.log({"test_acc": 0.9531})']), 0);
        const args = ['run', '--name', 'html-run', '--', 'python3', '-c', 'print("hello <b>world</b>")', '--title', HTML_PARAM];
        assert.equal(runlens(ws, args), 0);
        assert.equal(runlens(ws, ['rename', 'html-run', XSS_NAME]), 0);
      },
    });
    before(() => ({ wb, workspace } = suite));

    it('opens a live run on click and follows its points and log', async () => {
      runlensInBackground(workspace, ['run', 'train', '--name', 'live-run', '-p', 'delay=0.2', '-p', 'epochs=400']);
      await wb.openContainer('Runlens');
      await wb.pane('Runs').locator('.monaco-list-row', { hasText: 'live-run' }).waitFor({ timeout: 60_000 });
      const frame = await openFromTree(wb, 'live-run', 'live-run');
      await wb.tab('live-run (preview)').waitFor({ timeout: 10_000 });
      await frame.locator('.chart-card[data-metric="val_loss"]').waitFor({ timeout: 60_000 });
      const before = await chartPoints(frame, 'val_loss');
      const linesBefore = await frame.locator('#log .line').count();
      await waitFor('new points and log lines', async () => (await chartPoints(frame, 'val_loss')) >= before + 5 && (await frame.locator('#log .line').count()) > linesBefore);
      assert.match(await frame.locator('.status').innerText(), /running/);
      assert.match(await frame.locator('#run-command').innerText(), /python3 train\.py --lr 0\.1 --epochs 400/);
      assert.ok(await frame.locator('#metric-table tr.primary', { hasText: 'val_loss' }).count() === 1, 'the primary metric leads the table');
      assert.ok(await frame.locator('ul.files li', { hasText: 'train.py' }).count() === 1, 'the snapshot\'s changed file is listed');
      assert.ok(await frame.locator('vscode-button', { hasText: 'Stop' }).count() === 1, 'Stop is offered while the run runs');
      // The primary actions first, the rest behind "More Actions...", Delete apart at the end.
      const buttons = await frame.locator('#header .actions > vscode-button, #header .actions > .more > vscode-button').evaluateAll(
        (els) => els.map((e) => ({ text: (e.textContent ?? '').trim(), label: e.getAttribute('aria-label') ?? '', left: e.getBoundingClientRect().left })));
      assert.deepEqual(buttons.map((b) => b.text || b.label), ['Stop', 'Compare...', 'Reproduce', 'Rerun', 'More Actions...', 'Delete']);
      const [rerun, more, del] = buttons.slice(3);
      assert.ok(rerun && more && del && del.left - more.left > 3 * (more.left - rerun.left), `Delete stands apart: ${JSON.stringify(buttons)}`);
      // The start time: relative, then local (the ISO time on hover).
      assert.match(await frame.locator('#run-started').innerText(), /started (just now|\d+ m ago) \(.+\)/);
      // Focus stays in the tree after the click, so the arrow keys still move through runs.
      assert.equal(await wb.page.evaluate(() => document.activeElement?.closest('.pane-body') !== null), true);
      await wb.page.mouse.move(900, 600);
      await wb.screenshot(`40-run-detail-live-${tag}`);
      // The lower half: log tail (growing), code, data and environment.
      await frame.locator('#section-environment').scrollIntoViewIfNeeded();
      await wb.screenshot(`40b-run-detail-live-lower-${tag}`);
      await frame.locator('#header').scrollIntoViewIfNeeded();
      // The overflow menu lists the other actions, and stays open while the live run redraws the page.
      await frame.locator('#more-actions').click();
      const menu = frame.locator('#more-actions-menu vscode-context-menu-item');
      await menu.first().waitFor({ timeout: 10_000 });
      assert.deepEqual(await menu.evaluateAll((els) => els.map((e) => e.getAttribute('label'))),
        ['Star', 'Edit Tags...', 'Rename...', 'Edit Note...', 'Open Log', 'Open Run Folder', 'Copy Run Id', 'Copy Commit', 'Pin This Panel']);
      const redraws = await chartPoints(frame, 'val_loss');
      await waitFor('the live run to redraw the page', async () => (await chartPoints(frame, 'val_loss')) > redraws);
      assert.ok(await menu.first().isVisible(), 'the menu is still open after a redraw');
      await wb.screenshot(`40c-run-detail-menu-${tag}`);
      await wb.page.keyboard.press('Escape');
      await menu.first().waitFor({ state: 'hidden', timeout: 10_000 });
      // Back to the tree (the next test walks it with the arrow keys from this row).
      await openFromTree(wb, 'live-run', 'live-run');
    });

    it('walks the runs with the arrow keys and opens one with Enter', async () => {
      const frame = page(wb);
      // Focus is still on the live run's row: the arrows move it without switching the page.
      await wb.page.keyboard.press('ArrowDown');
      await wb.page.keyboard.press('ArrowDown');
      await wb.pane('Runs').locator('.monaco-list-row.focused', { hasText: 'onerror' }).waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('#run-name').innerText(), 'live-run');
      await wb.page.keyboard.press('Enter');
      await frame.locator('#run-name', { hasText: XSS_NAME }).waitFor({ timeout: 30_000 });
    });

    it('renders a run named with HTML, and a param holding HTML, as text', async () => {
      const frame = await openFromTree(wb, 'onerror', XSS_NAME);
      assert.equal(await frame.locator('#run-name').innerText(), XSS_NAME);
      assert.equal(await frame.locator('img').count(), 0, 'no <img> element was created');
      assert.equal(await frame.locator('b').count(), 0, 'no <b> element was created');
      assert.equal(await frame.locator('#params-table td.value').first().innerText(), HTML_PARAM);
      await frame.locator('#log .line', { hasText: 'hello <b>world</b>' }).waitFor({ timeout: 10_000 });
      await wb.screenshot(`41-run-detail-xss-${tag}`);
    });

    it('shows a metric with one point as a value, not a chart', async () => {
      const frame = await openFromTree(wb, 'one-value', 'one-value');
      const card = frame.locator('.chart-card[data-metric="test_acc"]');
      await card.waitFor({ timeout: 30_000 });
      assert.equal(await card.locator('.single-value').innerText(), '0.9531');
      assert.equal(await card.locator('canvas').count(), 0, 'no chart for one point');
      if (tag === 'light') await wb.screenshot('44-run-detail-one-value');
    });

    it('opens the snapshot against HEAD in the diff editor', async () => {
      const frame = await openFromTree(wb, 'live-run', 'live-run');
      await frame.locator('ul.files li', { hasText: 'train.py' }).locator('.diff-link').click();
      await wb.tab('train.py (HEAD ↔ run live-run)').waitFor({ timeout: 30_000 });
      await wb.page.locator('.editor .monaco-diff-editor .line-insert').first().waitFor({ timeout: 30_000 });
      if (tag === 'dark') await wb.screenshot('42-run-detail-diff');
    });

    it('pins the preview panel from the keyboard', async () => {
      await wb.tab('live-run (preview)').click();
      const more = page(wb).locator('#more-actions');
      const pinned = wb.page.locator('.tabs-container .tab', { hasText: /^live-run$/ });
      // Focus moves into the webview's frame asynchronously: on a busy machine an early Enter can
      // land outside it, so a press that pinned nothing is repeated. Enter opens the menu with its
      // first item selected; ArrowUp wraps to the last one, Pin This Panel.
      for (let attempt = 1; ; attempt++) {
        if (await pinned.isVisible()) break;
        await more.focus();
        await wb.page.keyboard.press('Enter');
        await page(wb).locator('#more-actions-menu vscode-context-menu-item').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
        await wb.page.keyboard.press('ArrowUp');
        await wb.page.keyboard.press('Enter');
        if (await pinned.waitFor({ timeout: 10_000 }).then(() => true, () => false)) break;
        if (attempt === 3) throw new Error('Pin This Panel from the keyboard did not pin the panel');
        await wb.page.keyboard.press('Escape');
      }
      // The page is redrawn as pinned: it offers no Pin any more.
      await waitFor('the page redrawn without Pin', async () => !(await page(wb).locator('#more-actions-menu').evaluate(
        (menu) => (menu as HTMLElement & { data: { label?: string }[] }).data.some((d) => d.label === 'Pin This Panel'))));
    });

    it('says so when the run shown is deleted', async () => {
      const frame = await openFromTree(wb, 'onerror', XSS_NAME);
      assert.equal(runlens(workspace, ['rm', XSS_NAME]), 0);
      await frame.locator('#gone', { hasText: 'was deleted' }).waitFor({ timeout: 30_000 });
      assert.equal(await frame.locator('#header .actions').count(), 0, 'no actions on a deleted run');
      await wb.tab('Run deleted').waitFor({ timeout: 10_000 });
      if (tag === 'light') await wb.screenshot('43-run-detail-deleted');
    });
  });
}
