// End to end: "Reproduce Run" from a finished run's context menu in the Runs view, on the example
// project in a git repository whose code changed since the run; the verdict notification (and the
// compare view it opens) is captured as a screenshot.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exampleWorkspace, runlens } from './cli';
import { Workbench } from './workbench';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };

describe('Reproduce Run', function () {
  this.timeout(360_000);
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = exampleWorkspace('churn-model');
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: workspace, env: GIT_ENV, encoding: 'utf8' });
    writeFileSync(join(workspace, '.gitignore'), 'outputs/\n__pycache__/\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'example');
    assert.equal(runlens(workspace, ['run', 'train', '--name', 'baseline', '-p', 'epochs=12', '-p', 'delay=0']), 0);
    // The user moves on: new code committed on a branch, more edits left uncommitted.
    git('checkout', '-q', '-b', 'experiment');
    appendFileSync(join(workspace, 'train.py'), '\n# tried a new schedule\n');
    git('commit', '-q', '-am', 'new schedule');
    appendFileSync(join(workspace, 'train.py'), '# work in progress\n');
    wb = await Workbench.open({ workspace });
    await wb.openContainer('Runlens');
    await wb.pane('Runs').locator('.monaco-list-row', { hasText: 'baseline' }).waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await wb?.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
  });

  it('reproduces a run from its context menu and shows the verdict', async () => {
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'baseline' });
    await row.click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 5000 });
    const items = await menu.locator('.action-label').allInnerTexts();
    for (const label of ['Reproduce Run', 'Rerun with Changes...', 'Check Out This Run\'s Code', 'Create Branch from Run']) {
      assert.ok(items.includes(label), `${label} in ${items.join(', ')}`);
    }
    await menu.locator('.action-label', { hasText: 'Reproduce Run' }).click();
    const verdictText = 'baseline reproduced:';
    let toast = wb.page.locator('.notifications-toasts .notification-list-item', { hasText: verdictText });
    await toast.waitFor({ timeout: 150_000 }).catch(async () => {
      // A toast hides itself after a while; the notification stays in the notification center.
      await wb.runCommand('Notifications: Show Notifications');
      toast = wb.page.locator('.notifications-center .notification-list-item', { hasText: verdictText });
      await toast.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
        // What was on screen instead (a failure, another notification), for the report.
        await wb.screenshot('dbg-reproduce');
        const shown = await wb.page.locator('.notification-list-item').allInnerTexts();
        throw new Error(`${(e as Error).message}\nnotifications: ${shown.join(' | ')}`);
      });
    });
    const text = await toast.innerText();
    assert.match(text, /reproduced: \d+ metric\(s\) identical, outputs identical/);
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Compare' }).count() > 0, 'the notification offers Compare');
    // The reproduction is a run like any other in the view.
    await wb.pane('Runs').locator('.monaco-list-row').nth(1).waitFor({ timeout: 30_000 });
    // The compare view opened on both runs (the Compare helper's webview) shows the original as baseline.
    await wb.tab('Compare: baseline').waitFor({ timeout: 30_000 });
    const page = await wb.webviewFrame('compare.js');
    await page.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
    // Same params in both runs: the params table says so instead of showing no column.
    assert.match(await page.locator('.params-note').innerText(), /All \d+ params are the same in every run/);
    await wb.screenshot('50-reproduce-verdict');
  });
});
