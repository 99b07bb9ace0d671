// End to end: the Runs view's filter (live validation, active filter), a run's context menu, the
// log editor following a running run, and delete -> trash, on real runs of the example project.
import * as assert from 'node:assert/strict';
import { runlens, runlensInBackground } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

describe('Runs view actions', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let workspace: string;

  const suite = useWorkbench({
    example: 'iris-classifier',
    prepare(ws) {
      for (const lr of ['0.03', '0.1', '0.3']) {
        assert.equal(runlens(ws, ['run', 'train', '-p', `lr=${lr}`, '-p', 'delay=0']), 0);
      }
      assert.equal(runlens(ws, ['run', 'train-print', '-p', 'epochs=20', '--name', 'print-baseline']), 0);
      assert.equal(runlens(ws, ['tag', 'print-baseline', 'baseline']), 0);
    },
    async opened(w) {
      await w.openContainer('Runlens');
      await w.pane('Runs').locator('.monaco-list-row', { hasText: '▁' }).first().waitFor({ timeout: 30_000 });
    },
  });
  before(() => ({ wb, workspace } = suite));

  it('validates the filter as it is typed, then filters the view', async () => {
    // Title actions show while the pointer is over the view.
    await wb.pane('Runs').locator('.monaco-list-row').first().hover();
    await wb.page.locator('.action-label[aria-label="Filter Runs..."]').filter({ visible: true }).click();
    const input = wb.page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor();
    await input.pressSequentially('experiment:train and (lr >', { delay: 20 });
    const message = wb.page.locator('.quick-input-message');
    await message.filter({ hasText: 'Column' }).waitFor({ timeout: 5000 });
    assert.match(await message.innerText(), /Column 27: expected a value after ">", found the end of the filter/);
    await wb.screenshot('20-filter-validation');
    await input.pressSequentially(' 0.05)', { delay: 20 });
    await message.filter({ hasText: 'runs match' }).waitFor({ timeout: 5000 });
    assert.match(await message.innerText(), /2 of 4 runs match/);
    await wb.page.keyboard.press('Enter');
    const rows = wb.pane('Runs').locator('.monaco-list-row');
    // With one view in the container its header is hidden, but keeps the description in its label.
    await wb.page.locator('.pane-header[aria-label*="filter: experiment:train and (lr > 0.05)"]').waitFor({ state: 'attached', timeout: 5000 });
    await wb.page.waitForTimeout(500);
    const texts = await rows.allInnerTexts();
    assert.ok(!texts.some((t) => t.includes('print-baseline')), `train-print runs are filtered out: ${texts.join(' | ')}`);
    await wb.page.mouse.move(700, 450);
    await wb.page.waitForTimeout(300);
    await wb.screenshot('21-filter-active');
    await wb.pane('Runs').locator('.monaco-list-row').first().hover();
    await wb.page.locator('.action-label[aria-label="Clear Filter"]').filter({ visible: true }).click();
    await rows.filter({ hasText: 'print-baseline' }).waitFor({ timeout: 5000 });
  });

  it('offers the run actions in a finished run\'s context menu', async () => {
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'print-baseline' });
    await row.click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 5000 });
    const items = await menu.locator('.action-label').allInnerTexts();
    for (const label of ['Open Log', 'Open Run Folder', 'Star', 'Edit Tags...', 'Rename Run...', 'Edit Note...', 'Copy Run Id', 'Copy Commit', 'Delete Run']) {
      assert.ok(items.includes(label), `${label} in ${items.join(', ')}`);
    }
    assert.ok(!items.includes('Stop Run'), 'no Stop for a finished run');
    await wb.screenshot('22-run-context-menu');
    await wb.page.keyboard.press('Escape');
  });

  it('opens the log of a running run and follows it', async () => {
    runlensInBackground(workspace, ['run', '--name', 'live-log', '--', 'python3', 'train.py', '--report', 'print', '--epochs', '400', '--delay', '0.1']);
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'live-log' });
    await row.locator('.codicon-loading').waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 5000 });
    assert.ok((await menu.locator('.action-label').allInnerTexts()).includes('Stop Run'), 'Stop for a running run');
    await wb.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', timeout: 5000 });
    // The inline icon, as a user opens a log most of the time.
    await row.hover();
    await row.locator('.action-label[aria-label="Open Log"]').click();
    await wb.tab('live-log.log').waitFor({ timeout: 10_000 });
    // Monaco renders spaces as no-break spaces: match them with \s.
    const lines = wb.page.locator('.editor-group-container .monaco-editor .view-lines').filter({ hasText: /epoch\s\d+\sloss=/ }).first();
    await lines.waitFor({ timeout: 10_000 });
    const lastEpoch = async (): Promise<number> => Math.max(0, ...[...(await lines.innerText()).matchAll(/epoch\s(\d+)\sloss/g)].map((m) => Number(m[1])));
    const first = await lastEpoch();
    await wb.page.waitForTimeout(2000);
    const later = await lastEpoch();
    assert.ok(later > first, `the log editor followed the run: epoch ${first} -> ${later}`);
    await wb.screenshot('23-live-log');
  });

  it('deletes a run to the trash and shows the trash', async () => {
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'print-baseline' });
    await wb.contextMenu(row, 'Delete Run');
    const toast = wb.page.locator('.notifications-toasts .notification-list-item', { hasText: 'to the trash' });
    await toast.waitFor({ timeout: 30_000 });
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Undo' }).count() > 0, 'the notification offers Undo');
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await wb.runCommand('Runlens: Show Trash');
    const trash = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'Trash' });
    await trash.waitFor({ timeout: 10_000 });
    await wb.pane('Runs').locator('.monaco-list-row', { hasText: 'print-baseline' }).waitFor({ timeout: 10_000 });
    await wb.pane('Runs').locator('.monaco-list-row', { hasText: 'print-baseline' }).hover();
    await wb.screenshot('24-trash');
  });
});
