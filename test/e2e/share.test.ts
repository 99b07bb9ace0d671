// End to end: a teammate's runs beside yours in the Runs view. A second clone of the same bare
// repository makes runs and pushes them with the CLI; the window's folder pulls them with the Pull
// Runs command. The pulled rows show their author first and a tooltip naming where they came from,
// in the dark, light and high-contrast themes.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { e2eTempDir, git, runlens } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

const EXAMPLE = resolve(__dirname, '..', '..', '..', 'docs', 'example');

/** A bare repository holding the example project, and two clones of it: ours (the window's folder) and Alice's. */
function team(root: string): { ours: string; theirs: string } {
  const bare = join(root, 'team.git');
  const seed = join(root, 'seed');
  mkdirSync(seed);
  cpSync(EXAMPLE, seed, { recursive: true });
  git(root, 'init', '-q', '--bare', '-b', 'main', bare);
  git(seed, 'init', '-q', '-b', 'main');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'project');
  git(seed, 'push', '-q', bare, 'main');
  const ours = join(root, 'share-demo');
  const theirs = join(root, 'alice');
  for (const [dir, name] of [[ours, 'Sam Lee'], [theirs, 'Alice Smith']] as const) {
    git(root, 'clone', '-q', bare, dir);
    git(dir, 'config', 'user.name', name);
    git(dir, 'config', 'user.email', `${name.split(' ')[0]?.toLowerCase() ?? 'x'}@example.com`);
  }
  return { ours, theirs };
}

describe('Runs view with a teammate\'s pulled runs', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let workspace: string;
  const root = e2eTempDir('rle2e-share-');
  after(() => rmSync(root, { recursive: true, force: true }));

  const suite = useWorkbench({
    workspace: () => team(root).ours,
    prepare(ws) {
      const theirs = join(root, 'alice');
      for (const lr of ['0.03', '0.1']) assert.equal(runlens(ws, ['run', 'train', '-p', `lr=${lr}`, '-p', 'delay=0']), 0);
      for (const lr of ['0.3', '0.5']) assert.equal(runlens(theirs, ['run', 'train', '-p', `lr=${lr}`, '-p', 'delay=0']), 0);
      assert.equal(runlens(theirs, ['push']), 0);
    },
    opened: (w) => w.openContainer('Runlens'),
  });
  before(() => ({ wb, workspace } = suite));

  /** Hovers the first pulled row and waits for its tooltip's "Pulled from" line. */
  async function hoverPulled(): Promise<string> {
    await wb.page.mouse.move(700, 450);
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'Alice ·' }).first();
    await row.hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover', { hasText: 'Pulled' }).first();
    await hover.waitFor({ timeout: 15_000 });
    return hover.innerText();
  }

  it('pulls with Pull Runs and shows the teammate\'s runs beside ours, author first, with where they came from', async () => {
    await wb.pane('Runs').locator('.monaco-list-row', { hasText: 'val_loss' }).first().waitFor({ timeout: 30_000 });
    await wb.runCommand('Runlens: Pull Runs');
    await wb.notification(/Pulled 2 runs from origin/);
    const rows = wb.pane('Runs').locator('.monaco-list-row');
    await rows.filter({ hasText: 'Alice ·' }).nth(1).waitFor({ timeout: 30_000 });
    const texts = await rows.allInnerTexts();
    assert.equal(texts.filter((t) => /Alice · 0\.\d+/.test(t)).length, 2, `two pulled rows, author first: ${texts.join(' | ')}`);
    assert.ok(texts.filter((t) => /0\.\d+ · /.test(t) && !t.includes('Alice')).length >= 2, `our own rows too: ${texts.join(' | ')}`);
    const tip = await hoverPulled();
    assert.match(tip, /Pulled from origin: run by Alice Smith/, tip);
    await wb.screenshot('90-runs-pulled-dark');
    await wb.screenshotOf(wb.pane('Runs'), '90b-runs-pulled-dark-view');
  });

  for (const [theme, cls, shot] of [['Default Light Modern', 'vs', '91-runs-pulled-light'], ['Default High Contrast', 'hc-black', '92-runs-pulled-high-contrast']] as const) {
    it(`shows the same in ${theme}`, async () => {
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme }));
      await wb.page.locator(`.monaco-workbench.${cls}`).waitFor({ timeout: 30_000 });
      const tip = await hoverPulled();
      assert.match(tip, /Pulled from origin: run by Alice Smith/, tip);
      await wb.screenshot(shot);
    });
  }
});
