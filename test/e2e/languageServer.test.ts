// End to end: editing runlens.yaml of the example with help from the language server: the hover on
// a param tables what each value produced in real runs, and Ctrl+Space after `${` lists the params.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runlens } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

describe('Editing runlens.yaml with completion and hovers', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let lines: string[];

  /** Moves the cursor to a 1-based line and column with Go to Line (Ctrl+G). */
  async function goTo(line: number, column: number): Promise<void> {
    await wb.page.keyboard.press('Control+g');
    const input = wb.page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await wb.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  const suite = useWorkbench({
    example: 'iris-classifier',
    prepare(ws) {
      for (const lr of ['0.03', '0.1', '0.3', '0.1']) {
        assert.equal(runlens(ws, ['run', 'train', '-p', `lr=${lr}`, '-p', 'epochs=8', '-p', 'delay=0']), 0);
      }
      lines = readFileSync(join(ws, 'runlens.yaml'), 'utf8').split('\n');
    },
    async opened(w) {
      await w.runCommand('Runlens: Open runlens.yaml');
      await w.tab('runlens.yaml').waitFor({ timeout: 30_000 });
      await w.page.locator('.monaco-editor .view-line', { hasText: 'experiments:' }).waitFor({ timeout: 30_000 });
    },
  });
  before(() => ({ wb } = suite));

  it('hovers a param with what each of its values produced in past runs', async () => {
    const line = lines.indexOf('      lr: 0.1') + 1;
    assert.ok(line > 0);
    const hover = wb.page.locator('.monaco-hover', { hasText: 'values in' });
    // The server may still be starting (or reading the store): ask again until the table is there.
    for (let attempt = 1; ; attempt++) {
      await wb.page.locator('.monaco-editor textarea').first().focus();
      await goTo(line, 8);
      await wb.runCommand('Show or Focus Hover');
      try {
        await hover.first().waitFor({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt >= 6) throw err;
        await wb.page.keyboard.press('Escape');
      }
    }
    const text = await hover.first().innerText();
    assert.match(text, /lr · param of train · 3 values in 4 runs/, text);
    assert.match(text, /best val_loss \(min\)/, text);
    assert.match(text, /0\.1\s+2\s+\d\.\d+\s+[a-z]+-[a-z]+-\d+/, text);
    assert.match(text, /Last run: [a-z]+-[a-z]+-\d+ \(finished\) used lr = 0\.1/, text);
    assert.equal(await hover.first().locator('table').count(), 1, 'rendered as a table');
    // Readable, not cramped: each header lines up like its column's cells, and the text of
    // neighbouring columns is apart (VS Code draws hover cells without padding).
    const layout = await hover.first().locator('table').evaluate((table) => {
      // The box of a cell's visible characters: its gutter of non-breaking spaces left out.
      const textBox = (cell: Element): DOMRect => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const texts: Text[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (/\S/.test(n.textContent ?? '')) texts.push(n as Text);
        const first = texts[0];
        const last = texts[texts.length - 1];
        const range = document.createRange();
        if (!first || !last) return range.getBoundingClientRect();
        range.setStart(first, (first.textContent ?? '').search(/\S/));
        range.setEnd(last, (last.textContent ?? '').trimEnd().length);
        return range.getBoundingClientRect();
      };
      const rows = [...table.querySelectorAll('tr')].map((tr) => [...tr.children]);
      const aligns = (rows[0] ?? []).map((th, i) => [getComputedStyle(th).textAlign, getComputedStyle(rows[1]?.[i] ?? th).textAlign]);
      const gaps = rows.flatMap((cells) => cells.slice(1).map((cell, i) => textBox(cell).left - textBox(cells[i] as Element).right));
      return { aligns, minGap: Math.min(...gaps) };
    });
    for (const [i, [head, cell]] of layout.aligns.entries()) assert.equal(head, cell, `column ${i + 1}: header ${head}, cells ${cell}`);
    assert.ok(layout.minGap >= 8, `columns ${layout.minGap.toFixed(1)} px apart`);
    await wb.screenshot('90-config-hover');
    await wb.screenshotOf(hover.first(), '90b-config-hover-table');
    await wb.page.keyboard.press('Escape');
  });

  it('lists the experiment\'s params on Ctrl+Space after ${ in its command', async () => {
    const line = lines.findIndex((l) => l.startsWith('    command: python3 train.py')) + 1;
    assert.ok(line > 0);
    await goTo(line, (lines[line - 1] ?? '').length + 1);
    await wb.page.keyboard.type(' --x ${');
    await wb.page.keyboard.press('Escape'); // whatever the `{` trigger opened: Ctrl+Space asks afresh
    await wb.page.keyboard.press('Control+Space');
    const widget = wb.page.locator('.editor-widget.suggest-widget.visible');
    await widget.locator('.monaco-list-row', { hasText: 'epochs' }).waitFor({ timeout: 30_000 });
    const rows = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
    for (const p of ['lr', 'epochs', 'seed', 'l2', 'delay']) assert.ok(rows.includes(p), `${p} in ${rows.join(', ')}`);
    await wb.screenshot('91-config-completion');
    await wb.page.keyboard.press('Enter');
    const edited = wb.page.locator('.monaco-editor .view-line', { hasText: '--x ${lr}' });
    await edited.waitFor({ timeout: 10_000 });
    assert.ok(!(await edited.innerText()).includes('${lr}}'), 'an auto-closed brace is not doubled');
  });
});
