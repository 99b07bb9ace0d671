// Restricted Mode (an untrusted workspace): the language server only reads files, so completion and
// hovers with past runs work there too.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateRunlens } from './activate';
import { poll } from './poll';

describe('Language server in Restricted Mode', function () {
  this.timeout(90_000);
  let ws: string;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in an untrusted workspace');
    const runlens = await activateRunlens();
    ws = runlens.ws;
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  train:\n    command: python train.py --lr ${lr}\n    params:\n      lr: 0.01\n');
    const w = await runlens.store.createRun({ experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: ws, params: { lr: 0.3 }, env: {} });
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of ['runlens.yaml', '.runlens']) rmSync(join(ws, f), { recursive: true, force: true });
  });

  it('hovers a param with its past runs and completes ${', async () => {
    const doc = await vscode.workspace.openTextDocument(join(ws, 'runlens.yaml'));
    await vscode.window.showTextDocument(doc);
    const text = await poll('a hover with the recorded run', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(4, 7));
      const t = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return t.includes('1 run') ? t : undefined;
    }, 60_000);
    // The table's cells are padded (and spaced with &nbsp; for Markdown renderers): compare the cells.
    const cells = text.split('\n').filter((l) => l.startsWith('|')).slice(2)
      .map((l) => l.slice(1, -1).split(' | ').map((c) => c.replace(/&nbsp;/g, '').trim()));
    assert.ok(cells.some((r) => r[0] === '0\\.3' && r[1] === '1'), text);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 36), '{');
    assert.deepEqual(list.items.map((i) => i.label), ['lr']);
  });
});
