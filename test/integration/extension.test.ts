// Runs inside the extension host of a real VS Code: activation, registered commands, the
// "Create runlens.yaml" command's effect on disk and in the editor, the Runs view, and the
// language server's diagnostics for a broken config.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { STARTER_CONFIG } from '../../src/core/starterConfig';
import { type RunlensApi } from '../../src/extension/extension';
import { activateRunlens, EXTENSION_ID } from './activate';
import { poll } from './poll';

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder;
}

async function removeConfig(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const name of ['runlens.yaml', 'runlens.yml']) {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder().uri, name)).then(undefined, () => undefined);
  }
}

describe('Runlens extension in VS Code', () => {
  let api: RunlensApi;

  before(async () => {
    ({ api } = await activateRunlens());
  });

  afterEach(removeConfig);

  it('activates and registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['runlens.showRuns', 'runlens.createConfig', 'runlens.openConfig']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('"Create runlens.yaml" writes the starter config and opens it', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'runlens.yaml');
    await vscode.commands.executeCommand('runlens.createConfig');
    const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.equal(written, STARTER_CONFIG);
    const editor = await poll('the config editor', () =>
      vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath ? vscode.window.activeTextEditor : undefined);
    assert.equal(editor.document.getText(), STARTER_CONFIG);
  });

  it('never overwrites an existing runlens.yaml', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'runlens.yaml');
    const mine = 'experiments:\n  mine:\n    command: python mine.py\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(mine));
    await vscode.commands.executeCommand('runlens.createConfig');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), mine);
  });

  it('treats a workspace with only runlens.yml as configured: hasConfig, Open, Create, CodeLens, diagnostics', async () => {
    const yml = vscode.Uri.joinPath(workspaceFolder().uri, 'runlens.yml');
    const yaml = vscode.Uri.joinPath(workspaceFolder().uri, 'runlens.yaml');
    const text = 'experiments:\n  train:\n    command: python train.py\n    metrics:\n      goal: sideways\n';
    await vscode.workspace.fs.writeFile(yml, new TextEncoder().encode(text));
    await poll('hasConfig from runlens.yml', () => (api.config.hasConfig ? true : undefined));
    // "Open runlens.yaml" opens the .yml; "Create" opens it too and writes no runlens.yaml beside it.
    await vscode.commands.executeCommand('runlens.openConfig');
    await poll('runlens.yml in the editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === yml.fsPath ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('runlens.createConfig')).fsPath, yml.fsPath);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(yaml)), 'no runlens.yaml was created');
    // The CodeLens provider and the language server take the .yml as the config.
    const doc = await vscode.workspace.openTextDocument(yml);
    await vscode.window.showTextDocument(doc);
    const lenses = await poll('CodeLenses on runlens.yml', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', yml);
      return l.some((x) => x.command?.command === 'runlens.runExperiment') ? l : undefined;
    });
    assert.ok(lenses.length > 0);
    await poll('runlens diagnostics on runlens.yml', () => (vscode.languages.getDiagnostics(yml).some((d) => d.source === 'runlens') ? true : undefined));
    await removeConfig();
    await poll('hasConfig false once it is gone', () => (api.config.hasConfig ? undefined : true));
  });

  it('"Show Runs" reveals the Runs view', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('runlens.showRuns');
    await poll('the Runs view to be visible', () => (api.runsView.treeView.visible ? true : undefined));
  });

  it('the language server flags an invalid runlens.yaml with positions', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'runlens.yaml');
    const broken = 'experiments:\n  train:\n    command: python train.py\n    metrics:\n      goal: sideways\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(broken));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diagnostics = await poll('runlens diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'runlens');
      return d.length > 0 ? d : undefined;
    });
    const goal = diagnostics.find((d) => d.message.includes('goal'));
    assert.ok(goal, `a diagnostic about goal, got: ${diagnostics.map((d) => d.message).join('; ')}`);
    assert.equal(goal.range.start.line, 4, 'points at the goal line');
    assert.match(goal.message, /min/);
    assert.match(goal.message, /max/);
  });
});
