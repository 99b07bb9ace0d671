// End to end, as a person sees it: the Runlens container in the activity bar, the Runs view's
// welcome content, and "Create runlens.yaml" run from the command palette.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STARTER_CONFIG } from '../../src/core/starterConfig';
import { e2eTempDir } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

describe('Runlens in the workbench', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let workspace: string;

  const suite = useWorkbench({
    workspace: () => e2eTempDir(),
    prepare: (ws) => writeFileSync(join(ws, 'train.py'), 'print("training")\n'),
  });
  before(() => ({ wb, workspace } = suite));

  it('shows the Runlens container with the Runs view welcome', async () => {
    await wb.openContainer('Runlens');
    const runs = wb.pane('Runs');
    await runs.waitFor({ timeout: 30_000 });
    const button = runs.locator('.welcome-view-content a.monaco-button', { hasText: 'Create runlens.yaml' });
    await button.waitFor({ timeout: 30_000 });
    assert.match(await runs.locator('.welcome-view-content').innerText(), /declares your experiments/);
    await wb.screenshot('01-runs-welcome');
  });

  it('"Create runlens.yaml" from the palette writes and opens the starter config', async () => {
    await wb.runCommand('Runlens: Create runlens.yaml');
    await wb.tab('runlens.yaml').waitFor({ timeout: 30_000 });
    await wb.page.locator('.monaco-editor .view-lines', { hasText: 'experiments:' }).first().waitFor();
    assert.equal(readFileSync(join(workspace, 'runlens.yaml'), 'utf8'), STARTER_CONFIG);
    // With a config present, the welcome content changes to the "no runs yet" guidance.
    await wb.pane('Runs').locator('.welcome-view-content', { hasText: 'No runs yet' }).waitFor({ timeout: 30_000 });
    await wb.screenshot('02-created-config');
  });
});
