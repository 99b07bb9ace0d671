// End to end: "Reproduce Run" from a finished run's context menu in the Runs view, on the example
// project in a git repository whose code changed since the run; the verdict notification (and the
// compare view it opens) is captured as a screenshot. Then the run's (uncached) data changes: the
// modal choice appears; Cancel starts nothing, "Run with Current Data" records the deviation.
import * as assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, runlens } from './cli';
import { activeWebview, useWorkbench } from './suite';
import { type Workbench } from './workbench';

/** The manifests of the workspace's runs (the store's run.json files). */
function manifests(workspace: string): { name: string; reproducedFrom?: string; deviations?: { kind: string }[] }[] {
  const runs = join(workspace, '.runlens', 'runs');
  return readdirSync(runs).map((id) => JSON.parse(readFileSync(join(runs, id, 'run.json'), 'utf8')) as { name: string });
}

describe('Reproduce Run', function () {
  this.timeout(360_000);
  let wb: Workbench;
  let workspace: string;

  const suite = useWorkbench({
    example: 'churn-model',
    prepare(ws) {
      // Data stays out of git, as datasets usually do: a reproduction gets it from the workspace (or
      // the data cache), checked by hash, never from the code snapshot.
      writeFileSync(join(ws, '.gitignore'), 'outputs/\n__pycache__/\ndata/\n');
      git(ws, 'init', '-q');
      git(ws, 'add', '-A');
      git(ws, 'commit', '-q', '-m', 'example');
      assert.equal(runlens(ws, ['run', 'train', '--name', 'baseline', '-p', 'epochs=12', '-p', 'delay=0']), 0);
      // The user moves on: new code committed on a branch, more edits left uncommitted.
      git(ws, 'checkout', '-q', '-b', 'experiment');
      appendFileSync(join(ws, 'train.py'), '\n# tried a new schedule\n');
      git(ws, 'commit', '-q', '-am', 'new schedule');
      appendFileSync(join(ws, 'train.py'), '# work in progress\n');
    },
    async opened(w) {
      await w.openContainer('Runlens');
      await w.pane('Runs').locator('.monaco-list-row', { hasText: 'baseline' }).waitFor({ timeout: 30_000 });
    },
  });
  before(() => ({ wb, workspace } = suite));

  it('reproduces a run from its context menu and shows the verdict', async () => {
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'baseline' });
    await row.click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 5000 });
    const items = await menu.locator('.action-label').allInnerTexts();
    for (const label of ['Reproduce Run', 'Rerun with Changes...', 'Check Out This Run\'s Code', 'Create Branch from Run']) {
      assert.ok(items.includes(label), `${label} in ${items.join(', ')}`);
    }
    await wb.page.keyboard.press('Escape');
    await wb.contextMenu(row, 'Reproduce Run');
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
    // (The Code and data table has a note of its own, hidden while it has nothing to say.)
    assert.match(await page.locator('.params-note', { hasText: 'params are the same' }).innerText(), /All \d+ params are the same in every run/);
    await wb.screenshot('50-reproduce-verdict');
    // The badge of the reproduction in Compare keeps the verdict.
    assert.match(await page.locator('.chip-tag.repro').first().innerText(), /✓ reproduces baseline/);
    // One notification per outcome: the verdict, no "... finished" beside it.
    assert.equal(await wb.page.locator('.notification-list-item', { hasText: 'baseline repro 1 finished' }).count(), 0);
  });

  it('keeps the verdict: ✓ on both rows, and a Reproduction section in Run Detail', async () => {
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'baseline repro 1' });
    await row.waitFor({ timeout: 30_000 });
    // The ✓ is a file decoration (a CSS badge of the row's label), coloured like passed tests.
    const decorated = wb.pane('Runs').locator('.monaco-list-row .monaco-icon-label[class*="monaco-decoration-itemColor"]');
    await decorated.nth(1).waitFor({ timeout: 30_000 });
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.screenshotOf(wb.pane('Runs'), '52-reproduce-rows');
    const frameOf = (): ReturnType<typeof activeWebview> => activeWebview(wb);
    for (let attempt = 0; attempt < 5; attempt++) {
      await row.click();
      if (await frameOf().locator('#run-name', { hasText: 'baseline repro 1' }).waitFor({ timeout: 15_000 }).then(() => true, () => false)) break;
    }
    const frame = frameOf();
    const section = frame.locator('#section-reproduction');
    await section.locator('#verdict-headline').waitFor({ timeout: 30_000 });
    assert.match(await section.getAttribute('heading') ?? '', /Reproduction ✓ reproduced/);
    assert.match(await section.locator('#verdict-headline').innerText(), /reproduced: \d+ metric\(s\) identical, outputs identical/);
    assert.match(await section.locator('#verdict-original').innerText(), /^baseline$/);
    assert.ok(await section.locator('#verdict-metrics tbody tr').count() >= 3, 'each metric compared');
    assert.match(await section.locator('#verdict-metrics').innerText(), /exact/);
    assert.equal(await section.locator('#verdict-outputs tbody tr').count(), 1);
    await wb.screenshot('53-reproduce-run-detail');
  });

  it('asks before running on changed data that is not cached: Cancel starts nothing, the other choice records the deviation', async () => {
    // The example declares data/points.csv without `cache: true`, and git ignores it here: once it
    // changes, the version the run read is gone.
    appendFileSync(join(workspace, 'data', 'points.csv'), '0.5,0.5,1\n');
    const before = manifests(workspace).length;
    const reproduce = async (): Promise<void> => {
      await wb.runCommand('Notifications: Clear All Notifications');
      await wb.contextMenu(wb.pane('Runs').locator('.monaco-list-row', { hasText: 'baseline' }).last(), 'Reproduce Run');
    };
    const dialog = wb.page.locator('.monaco-dialog-box');

    await reproduce();
    await dialog.waitFor({ timeout: 120_000 }).catch(async (e: unknown) => {
      await wb.screenshot('dbg-reproduce-data-choice');
      const shown = await wb.page.locator('.notification-list-item').allInnerTexts();
      throw new Error(`${(e as Error).message}\nnotifications: ${shown.join(' | ')}`);
    });
    assert.match(await dialog.innerText(), /has changed, and its recorded version is not in the data cache/);
    assert.match(await dialog.innerText(), /points\.csv/);
    await wb.screenshot('51-reproduce-data-choice');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await wb.page.locator('.notification-list-item', { hasText: 'reproduction of baseline cancelled' }).first().waitFor({ timeout: 30_000 });
    assert.equal(manifests(workspace).length, before, 'Cancel created no run');

    await reproduce();
    await dialog.waitFor({ timeout: 120_000 });
    await dialog.locator('.monaco-button', { hasText: 'Run with Current Data' }).click();
    await wb.page.locator('.notification-list-item', { hasText: /baseline (reproduced|diverged):/ }).first().waitFor({ timeout: 150_000 });
    const made = manifests(workspace).filter((m) => m.reproducedFrom !== undefined && (m.deviations ?? []).length > 0);
    assert.equal(made.length, 1, 'one reproduction recorded its data deviation');
    assert.ok(made[0]!.deviations!.some((d) => d.kind === 'data'), JSON.stringify(made[0]!.deviations));
  });
});
