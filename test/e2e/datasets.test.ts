// End to end: the Datasets view on the example pipeline (raw data cached, three prepare versions:
// rows added, a column added, then an uncommitted edit), and Compare With Current on the oldest
// version opening the Data Diff with its rows and the new column. Both are captured as screenshots.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exampleWorkspace, runlens } from './cli';
import { Workbench } from './workbench';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** The versions of `spec` as `runlens datasets --json` lists them, newest first. */
function versions(workspace: string, spec: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'datasets', spec, '--json'], { cwd: workspace, encoding: 'utf8' });
  return (JSON.parse(r.stdout) as { versions: { hash: string }[] }[])[0]?.versions.map((v) => v.hash) ?? [];
}

describe('Datasets view and Data Diff', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let workspace: string;
  let oldest = '';

  before(async () => {
    workspace = exampleWorkspace('datasets-demo');
    const config = join(workspace, 'runlens.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('      - data/raw.csv\n', '      - { path: data/raw.csv, cache: true }\n'));
    const raw = join(workspace, 'data', 'raw.csv');
    assert.equal(runlens(workspace, ['run', 'prepare']), 0);
    appendFileSync(raw, '300,0.1,0.2,0.3,0.4,1\n301,0.5,0.6,0.7,0.8,0\n');
    assert.equal(runlens(workspace, ['run', 'prepare']), 0);
    assert.equal(runlens(workspace, ['run', 'train', '-p', 'epochs=3', '-p', 'delay=0']), 0);
    // A new feature column, then rows edited after the last run: the workspace has changed.
    const lines = readFileSync(raw, 'utf8').trimEnd().split('\n');
    writeFileSync(raw, `${lines.map((l, i) => `${l},${i === 0 ? 'x5' : (i % 7) / 10}`).join('\n')}\n`);
    assert.equal(runlens(workspace, ['run', 'prepare']), 0);
    appendFileSync(raw, '302,0.9,0.9,0.9,0.9,1,0.3\n');
    oldest = versions(workspace, 'data/raw.csv').at(-1) ?? '';
    assert.ok(oldest);
    wb = await Workbench.open({ workspace });
    await wb.openContainer('Runlens');
  });

  after(async () => {
    await wb?.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
  });

  it('lists the declared paths with their versions and marks the changed one', async () => {
    const pane = wb.pane('Datasets');
    const raw = pane.locator('.monaco-list-row', { hasText: 'data/raw.csv' });
    await raw.waitFor({ timeout: 60_000 });
    await pane.locator('.monaco-list-row', { hasText: 'changed since the last run' }).waitFor({ timeout: 30_000 });
    await raw.click();
    const row = pane.locator('.monaco-list-row', { hasText: oldest.slice(0, 12) });
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await pane.locator('.monaco-list-row', { hasText: 'data/points.csv' }).count(), 1);
    assert.equal(await pane.locator('.monaco-list-row', { hasText: 'outputs/model.json' }).count(), 1);
    await row.hover();
    await wb.screenshotOf(wb.page.locator('.part.sidebar'), 'datasets-view');
  });

  it('Compare With Current opens the Data Diff: rows added and the new column', async () => {
    const pane = wb.pane('Datasets');
    await wb.contextMenu(pane.locator('.monaco-list-row', { hasText: oldest.slice(0, 12) }), 'Compare With Current');
    const frame = await wb.webviewFrame('dataDiff.js');
    await frame.locator('#files').waitFor({ timeout: 60_000 });
    const text = await frame.locator('#files').innerText();
    assert.match(text, /data\/raw\.csv/);
    assert.match(text, /300 → 303 \(\+3\)/);
    assert.match(text, /\+ x5 \(number\)/);
    assert.match(await frame.locator('#count-changed').innerText(), /1 changed/);
    await wb.screenshot('data-diff');
  });
});
