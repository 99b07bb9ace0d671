// Run data is text everywhere in the workbench, not only in our webviews: a run named like an HTML
// payload shows literally in the Runs view and its tooltip, and the workbench never even tries to
// run its inline handler (no CSP violation is reported while the tree and tooltip render).
import * as assert from 'node:assert/strict';
import { runlens } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

const NAME = '<img src=x onerror=alert(1)>';

describe('Run data as text in the workbench', function () {
  this.timeout(240_000);
  let wb: Workbench;

  const suite = useWorkbench({
    example: 'markup-names',
    prepare: (ws) => assert.equal(runlens(ws, ['run', 'train', '--name', NAME, '-p', 'epochs=3', '-p', 'delay=0']), 0),
  });
  before(() => ({ wb } = suite));

  it('shows an HTML-like run name literally in the tree and its tooltip, with no CSP violation', async () => {
    await wb.page.evaluate(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`), true);
    });
    await wb.openContainer('Runlens');
    const row = wb.pane('Runs').locator('.monaco-list-row', { hasText: 'onerror' });
    await row.waitFor({ timeout: 30_000 });
    assert.equal((await row.locator('.label-name').innerText()).trim(), NAME);
    const hover = wb.page.locator('.monaco-hover', { hasText: 'onerror' });
    // The tooltip appears after a hover delay; a busy machine may need the pointer to come again.
    for (let attempt = 1; ; attempt++) {
      await wb.page.mouse.move(900, 500);
      await row.locator('.label-name').hover();
      if (await hover.waitFor({ timeout: 10_000 }).then(() => true, () => false)) break;
      if (attempt === 3) throw new Error('the run\'s tooltip never appeared');
    }
    assert.ok((await hover.innerText()).includes(NAME), await hover.innerText());
    assert.equal(await hover.locator('img').count(), 0, 'no <img> element in the tooltip');
    await wb.screenshot('70-markup-name-tooltip');
    const violations = await wb.page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    assert.deepEqual(violations, [], 'the workbench never tried to run a handler from run data');
  });
});
