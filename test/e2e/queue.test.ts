// A sweep queue started from the editor outlives a restart of the extension: the queue is owned by
// the `runlens sweep` process in the terminal, so after "Reload Window" (a new extension host; the
// terminal's process lives on) the Runs view shows the same queued runs again and every one of
// them still runs to the end.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

interface ListedRun {
  readonly name: string;
  readonly status: string;
  readonly params: Record<string, unknown>;
}

/** The runs of the workspace's store as `runlens ls --json` reports them. */
function listRuns(workspace: string): ListedRun[] {
  const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'ls', '--json'], { cwd: workspace, encoding: 'utf8' });
  if (r.status !== 0) return [];
  return JSON.parse(r.stdout) as ListedRun[];
}

describe('The sweep queue and a restart of the extension', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let workspace: string;

  const suite = useWorkbench({
    example: 'sweep-queue',
    prepare(ws) {
      // Slow epochs (30 x 0.25 s), so the second and third runs are still queued when the host restarts.
      const config = join(ws, 'runlens.yaml');
      writeFileSync(config, readFileSync(config, 'utf8').replace('delay: 0.03', 'delay: 0.25'));
    },
  });
  before(() => ({ wb, workspace } = suite));

  it('shows the queued runs again after the restart and runs them all', async () => {
    await wb.openContainer('Runlens');
    await wb.runCommand('Runlens: Open runlens.yaml');
    await wb.page.locator('.codelens-decoration a', { hasText: 'Sweep (3 runs)…' }).first().click();
    const input = wb.page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor();
    assert.match(await input.inputValue(), /lr=0\.03,0\.1,0\.3/);
    await wb.page.keyboard.press('Enter');

    const runs = wb.pane('Runs');
    const queuedRows = runs.locator('.monaco-list-row').filter({ has: wb.page.locator('.codicon-clock') });
    await queuedRows.first().waitFor({ timeout: 60_000 });
    const queuedBefore = listRuns(workspace).filter((r) => r.status === 'queued').map((r) => r.name).sort();
    assert.ok(queuedBefore.length >= 1, `runs still queued before the restart: ${JSON.stringify(listRuns(workspace))}`);
    await wb.screenshot('40-queue-before-restart');

    await wb.page.evaluate(() => { (window as unknown as { beforeReload?: boolean }).beforeReload = true; });
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForFunction(() => (window as unknown as { beforeReload?: boolean }).beforeReload === undefined, undefined, { timeout: 60_000 });
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The restarted extension reads the store afresh: the runs that were queued are shown again.
    // (The window restores the open Runlens container; clicking its icon then would close it.)
    await wb.page.locator('.activitybar .action-item a[aria-label^="Runlens"]').waitFor({ timeout: 60_000 });
    // The container may still be restoring: give it time before opening it by hand, and open it
    // again if it is still (or again) closed while the row is awaited.
    await runs.waitFor({ timeout: 15_000 }).catch(() => undefined);
    const row = runs.locator('.monaco-list-row', { hasText: queuedBefore[0] });
    const until = Date.now() + 60_000;
    while (!(await row.isVisible())) {
      if (Date.now() > until) {
        await wb.screenshot('dbg-queue-after-restart');
        throw new Error(`the queued run ${queuedBefore[0]} is not in the Runs view after the restart`);
      }
      if (!(await runs.isVisible())) await wb.openContainer('Runlens');
      await wb.page.waitForTimeout(1000);
    }
    await wb.screenshot('41-queue-after-restart');

    // The sweep process in the terminal kept its queue: every run reaches the end, one after another.
    const deadline = Date.now() + 180_000;
    let listed = listRuns(workspace);
    while (Date.now() < deadline && !(listed.length === 3 && listed.every((r) => r.status === 'finished'))) {
      await wb.page.waitForTimeout(1000);
      listed = listRuns(workspace);
    }
    assert.deepEqual(listed.map((r) => r.status), ['finished', 'finished', 'finished'], JSON.stringify(listed));
    assert.deepEqual(listed.map((r) => Number(r.params.lr)).sort(), [0.03, 0.1, 0.3]);
    // ...and the view, restarted mid-sweep, follows them to the end.
    await runs.locator('.monaco-list-row').filter({ has: wb.page.locator('.codicon-pass') }).nth(2).waitFor({ timeout: 30_000 });
    assert.equal(await queuedRows.count(), 0);
    await wb.screenshot('42-queue-done');
  });
});
