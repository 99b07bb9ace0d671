// End to end: running from the editor in the workbench: the CodeLenses in runlens.yaml, the params
// input (with a validation message, then a valid sweep-free line), the status bar during the run,
// a failed run's notification with its "Show Logs" button, and the time from ▶ Run to the new
// run's first value in its row (printed for docs/benchmarks.md).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

/** A CodeLens link of the train experiment: its line is the only one that also offers a Sweep. */
function trainLens(wb: Workbench, title: string): ReturnType<Workbench['page']['locator']> {
  return wb.page.locator('.codelens-decoration', { hasText: 'Sweep (3 runs)…' }).locator('a', { hasText: title }).first();
}

describe('Running from the editor', function () {
  this.timeout(240_000);
  let wb: Workbench;

  const suite = useWorkbench({
    example: 'iris-classifier',
    prepare: (ws) => writeFileSync(join(ws, 'check_data.py'), 'import sys\nprint("checking data/points.csv")\nsys.exit("data/points.csv: bad header on line 1")\n'),
  });
  before(() => ({ wb } = suite));

  it('shows Run CodeLenses above each experiment of runlens.yaml', async () => {
    await wb.openContainer('Runlens');
    await wb.pane('Runs').locator('.monaco-button', { hasText: 'Run Experiment' }).waitFor({ timeout: 30_000 });
    await wb.runCommand('Runlens: Open runlens.yaml');
    const lens = wb.page.locator('.codelens-decoration', { hasText: '▶ Run' }).first();
    await lens.waitFor({ timeout: 30_000 });
    const texts = await wb.page.locator('.codelens-decoration').allInnerTexts();
    assert.ok(texts.some((t) => t.includes('Run with params…') && t.includes('Sweep (3 runs)…')), texts.join(' | '));
    await wb.screenshot('10-codelens');
  });

  it('edits params in a quick input that checks them as you type', async () => {
    // The train experiment's lenses: the only line that also offers a Sweep (prepare comes first).
    await trainLens(wb, 'Run with params…').click();
    const input = wb.page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor();
    assert.match(await input.inputValue(), /^lr=0\.1 epochs=30 seed=0 l2=0 delay=0\.03$/);
    await input.fill('lr=0.1 epochs=lots');
    const message = wb.page.locator('.quick-input-widget', { hasText: 'param epochs takes a number' });
    await message.waitFor({ timeout: 10_000 });
    await wb.screenshot('11a-params-invalid');
    await input.fill('lr=0.05 epochs=150 delay=0.08');
    await wb.page.locator('.quick-input-widget', { hasText: 'Enter runs once' }).waitFor({ timeout: 10_000 });
    await wb.screenshot('11-params-input');
    await wb.page.keyboard.press('Enter');
  });

  it('shows the running run and its metric in the status bar', async () => {
    const item = wb.page.locator('.statusbar-item', { hasText: '1 running' });
    await item.waitFor({ timeout: 30_000 });
    await wb.page.locator('.statusbar-item', { hasText: /1 running · [a-z]+-[a-z]+-\d+ val_loss \d\.\d+/ }).waitFor({ timeout: 30_000 });
    assert.equal(await item.locator('.codicon-loading').count(), 1, 'a spinner while a run runs');
    await wb.screenshot('12-status-bar');
    await wb.screenshotOf(wb.page.locator('.part.statusbar'), '12b-status-bar-item');
  });

  it('announces a failed run with Show Logs', async () => {
    await wb.runCommand('Go to File...');
    await wb.page.keyboard.type('check_data.py');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'check_data.py' }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.tab('check_data.py').waitFor();
    await wb.runCommand('Runlens: Run as Experiment');
    const toast = await wb.notification(/failed after/);
    const text = await toast.innerText();
    assert.match(text, /Runlens: [a-z]+-[a-z]+-\d+ failed after .*: exited with code 1/, text);
    const showLogs = toast.locator('.monaco-button', { hasText: 'Show Logs' });
    assert.equal(await showLogs.count(), 1);
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Reveal' }).count(), 1);
    // The terminal stays open with the output (the CLI holds it), so VS Code raises no error of its own.
    await wb.page.waitForTimeout(1500);
    const terminals = await wb.page.locator('.terminal-tabs-entry, .single-terminal-tab, .terminal-tab').allInnerTexts();
    assert.ok(terminals.some((t) => t.includes('check_data.py')), `the run's terminal is still open: ${terminals.join(' | ')}`);
    assert.equal(await wb.page.locator('.notifications-toasts .notification-list-item', { hasText: 'terminal process' }).count(), 0);
    await wb.screenshot('13-failed-notification');
    await showLogs.click();
    await wb.tab('output.log').waitFor({ timeout: 10_000 });
    await wb.page.locator('.view-lines', { hasText: 'bad header on line 1' }).waitFor({ timeout: 10_000 });
    await wb.screenshot('14-failed-logs');
  });

  it('shows a new run\'s first metric value in its row soon after ▶ Run (prints the time)', async () => {
    await wb.tab('runlens.yaml').click();
    const rows = wb.pane('Runs').locator('.monaco-list-row');
    const before = new Set((await rows.allInnerTexts()).map((t) => t.split(/\s/)[0]));
    const lens = trainLens(wb, '▶ Run');
    await lens.waitFor({ timeout: 30_000 });
    const started = Date.now();
    await lens.click();
    // The new run's row with a value: a name not seen before, then "0.123 · now".
    let row = '';
    for (const deadline = started + 60_000; Date.now() < deadline && !row; await wb.page.waitForTimeout(50)) {
      row = (await rows.allInnerTexts()).find((t) => !before.has(t.split(/\s/)[0] ?? '') && /\d\.\d+ · now/.test(t)) ?? '';
    }
    assert.ok(row, 'the new run\'s row showed a value');
    console.log(`  ▶ Run to the first value in the row: ${Date.now() - started} ms (${row.replace(/\s+/g, ' ')})`);
  });
});
