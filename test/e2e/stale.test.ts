// End to end: the Runs view marks a stale chain (the example pipeline after a raw data edit) with
// "stale" and a ↻ badge, offers Rerun Stale Chain on a stale row only, and the screenshot shows it.
import * as assert from 'node:assert/strict';
import { appendFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exampleWorkspace, runlens } from './cli';
import { Workbench } from './workbench';

describe('Stale runs in the Runs view', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = exampleWorkspace('pipeline');
    assert.equal(runlens(workspace, ['run', 'prepare', '--name', 'prepare-raw']), 0);
    assert.equal(runlens(workspace, ['run', 'train', '--name', 'train-lr03', '-p', 'lr=0.3', '-p', 'delay=0']), 0);
    assert.equal(runlens(workspace, ['run', 'evaluate', '--name', 'evaluate-model']), 0);
    // Fresh: an ad-hoc run reads nothing declared, so it is never stale.
    assert.equal(runlens(workspace, ['run', '--name', 'notes', '--', 'python3', '-c', 'print("hello")']), 0);
    appendFileSync(join(workspace, 'data', 'raw.csv'), '300,0.5000,-0.2500,1.0000,0.1000,1\n');
    wb = await Workbench.open({ workspace });
  });

  after(async () => {
    await wb?.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
  });

  it('marks prepare, train and evaluate stale, with a badge, and offers Rerun Stale Chain on them', async () => {
    await wb.openContainer('Runlens');
    const rows = wb.pane('Runs').locator('.monaco-list-row');
    const stale = rows.filter({ hasText: /stale · / });
    await stale.nth(2).waitFor({ timeout: 30_000 });
    const texts = await stale.allInnerTexts();
    for (const name of ['prepare-raw', 'train-lr03', 'evaluate-model']) assert.ok(texts.some((t) => t.includes(name)), `${name} marked: ${texts.join(' | ')}`);
    assert.equal((await rows.filter({ hasText: 'notes' }).innerText()).includes('stale'), false, 'the ad-hoc run is not marked');
    // The badge is a file decoration: VS Code draws it as CSS content after the row's label.
    const badges = await stale.evaluateAll((rowEls) => rowEls.map((row) => [row, ...row.querySelectorAll('*')]
      .map((el) => getComputedStyle(el, '::after').content).filter((c) => c.includes('↻')).length));
    assert.deepEqual(badges.map((n) => n > 0), [true, true, true], 'each stale row has the badge');

    await wb.page.mouse.move(700, 450);
    await wb.screenshotOf(wb.pane('Runs'), '60-runs-stale');
    await stale.filter({ hasText: 'prepare-raw' }).hover();
    const hover = wb.page.locator('.monaco-hover', { hasText: 'Stale' });
    await hover.first().waitFor({ timeout: 10_000 });
    assert.match(await hover.first().innerText(), /data\/raw\.csv changed since the run read it: 1 file changed \(data\/raw\.csv\)/);
    await wb.screenshot('61-runs-stale-tooltip');
    await wb.page.mouse.move(700, 450);

    await stale.filter({ hasText: 'evaluate-model' }).click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 5000 });
    assert.ok((await menu.locator('.action-label').allInnerTexts()).includes('Rerun Stale Chain'));
    assert.ok((await menu.locator('.action-label').allInnerTexts()).includes('Star'), 'Star still offered on a stale row');
    await wb.screenshot('62-runs-stale-menu');
    await wb.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', timeout: 5000 });
    await rows.filter({ hasText: 'notes' }).click({ button: 'right' });
    await menu.waitFor({ timeout: 5000 });
    assert.ok(!(await menu.locator('.action-label').allInnerTexts()).includes('Rerun Stale Chain'), 'not on a fresh run');
    await wb.page.keyboard.press('Escape');
  });
});
