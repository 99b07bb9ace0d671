// The language server in a real VS Code: completion and hovers on a runlens.yaml of the workspace,
// with past runs from the real store; a run recorded later reaches the hover through the client's
// store events. Asserted through VS Code's own provider commands, as an editor would ask.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RunStore } from '../../src/core/store/store';
import { activateRunlens } from './activate';
import { poll } from './poll';

const CONFIG = [
  'experiments:',
  '  lsp-train:',
  '    command: python train.py --lr ${lr} --epochs ${epochs}',
  '    params:',
  '      lr: 0.01',
  '      epochs: 3',
  '    metrics:',
  '      primary: val_loss',
  '      goal: min',
  '',
].join('\n');

/** The body rows of a hover's Markdown table, each cell without its padding and gutter. */
function tableRows(markdown: string): string[][] {
  return markdown.split('\n').filter((l) => l.startsWith('|')).slice(2)
    .map((l) => l.slice(1, -1).split(' | ').map((c) => c.replace(/&nbsp;/g, '').trim()));
}

describe('Language server (completion and hovers)', function () {
  this.timeout(90_000);
  let store: RunStore;
  let file: string;
  let saved: string | undefined;
  let doc: vscode.TextDocument;

  async function record(lr: number | string, loss: number): Promise<string> {
    const w = await store.createRun({ experiment: 'lsp-train', command: ['python', 'train.py'], shell: false, cwd: store.workspaceRoot, params: { lr, epochs: 3 }, env: {} });
    await w.appendMetrics([{ time: Date.now(), step: 0, values: { val_loss: loss + 0.5, acc: 0.5 } }, { time: Date.now(), step: 1, values: { val_loss: loss, acc: 0.6 } }]);
    return (await w.finish({ status: 'finished', exitCode: 0, signal: null })).name;
  }

  function at(needle: string): vscode.Position {
    const offset = doc.getText().indexOf(needle);
    assert.ok(offset >= 0, needle);
    return doc.positionAt(offset + needle.length);
  }

  async function hoverText(position: vscode.Position): Promise<string> {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  }

  async function labels(position: vscode.Position, trigger?: string): Promise<string[]> {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position, trigger);
    return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  }

  before(async () => {
    ({ store } = await activateRunlens());
    file = join(store.workspaceRoot, 'runlens.yaml');
    saved = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    writeFileSync(file, CONFIG);
    await record(0.1, 0.4);
    await record(0.01, 0.2);
    await record(0.01, 0.3);
    // An earlier suite may have left runlens.yaml open with its own text: reload it from disk.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    await poll('runlens.yaml showing this suite\'s text', async () => {
      if (doc.getText() === CONFIG) return true;
      await vscode.commands.executeCommand('workbench.action.files.revert');
      return undefined;
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Only this suite's runs (its own experiment name): the suites share the workspace's store.
    for (const run of await store.listRuns({ experiment: 'lsp-train' })) await store.delete(run.id);
    await store.emptyTrash();
    if (saved === undefined) rmSync(file, { force: true });
    else writeFileSync(file, saved);
  });

  it('tables what each value of a param produced in past runs, on the param and on ${name}', async () => {
    const onKey = await poll('a hover with past runs on lr', async () => {
      const text = await hoverText(at('      l'));
      return text.includes('3 runs') ? text : undefined;
    }, 60_000);
    assert.ok(tableRows(onKey).some((r) => r.join(' ').startsWith('0\\.01 2 0.2 ')), onKey);
    assert.ok(tableRows(onKey).some((r) => r.join(' ').startsWith('0\\.1 1 0.4 ')), onKey);
    assert.match(onKey, /best val\\_loss \(min\)/);
    assert.equal(await hoverText(at('--lr ${l')), onKey);
  });

  it('refreshes the hover when a run is recorded later', async () => {
    const name = await record(0.5, 0.1);
    const text = await poll('the new run in the hover', async () => {
      const t = await hoverText(at('      l'));
      return t.includes('4 runs') ? t : undefined;
    });
    assert.ok(tableRows(text).some((r) => r.join(' ') === `0\\.5 1 0.1 ${name.replace(/-/g, '\\-')}`), text);
  });

  it('describes keys and summarises the experiment on its name', async () => {
    assert.match(await hoverText(at('      goa')), /smaller or a larger primary metric/);
    assert.match(await hoverText(at('  lsp-trai')), /\*\*lsp\\-train\*\* · 4 runs: 4 finished/);
  });

  it('reads the store runlens.storePath names, and follows the setting when it changes', async () => {
    const config = vscode.workspace.getConfiguration('runlens');
    const settings = join(store.workspaceRoot, '.vscode', 'settings.json');
    const hadSettings = existsSync(settings);
    const other = RunStore.open(store.workspaceRoot, { storeDir: join(store.workspaceRoot, 'lsp-store') });
    const w = await other.createRun({ experiment: 'lsp-train', command: ['python', 'train.py'], shell: false, cwd: store.workspaceRoot, params: { lr: 7 }, env: {} });
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    try {
      await config.update('storePath', 'lsp-store', vscode.ConfigurationTarget.Workspace);
      const text = await poll('the hover from the other store', async () => {
        const t = await hoverText(at('      l'));
        return t.includes('1 run') ? t : undefined;
      });
      assert.ok(tableRows(text).some((r) => r.join(' ') === '7 1 — —'), text);
    } finally {
      await config.update('storePath', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(other.root, { recursive: true, force: true });
      // Leave the shared workspace as it was: VS Code keeps an emptied settings file behind.
      if (!hadSettings && existsSync(settings) && /^\s*\{\s*\}\s*$/.test(readFileSync(settings, 'utf8'))) rmSync(join(store.workspaceRoot, '.vscode'), { recursive: true, force: true });
    }
    await poll('the hover from the default store again', async () => ((await hoverText(at('      l'))).includes('4 runs') ? true : undefined));
  });

  it('completes params after ${, enum values, keys not yet present and metric names from runs', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, at('--epochs ${epochs}'), ' --x ${');
    edit.replace(doc.uri, doc.lineAt(at('      goal: min').line).range, '      ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.deepEqual((await labels(at('--x ${'), '{')).sort(), ['epochs', 'lr']);
    const blank = new vscode.Position(at('      primary: val_loss').line + 1, 6);
    assert.deepEqual((await labels(blank)).filter((l) => ['goal', 'patterns', 'primary'].includes(l)).sort(), ['goal', 'patterns']);
    const primary = await labels(at('primary: '));
    assert.ok(primary.includes('val_loss') && primary.includes('acc'), primary.join());
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
