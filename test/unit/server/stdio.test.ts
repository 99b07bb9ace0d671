// The language server as other editors run it: `runlens lsp --stdio` spawned for real, spoken to by
// a plain JSON-RPC client that declares only what a test gives it (no snippets, no watched files,
// no Runlens options), and runs recorded by the real CLI while the server is up.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InsertTextFormat } from 'vscode-languageserver';
import { cleanup, cliEnv, listRuns, runCli, tempWorkspace, waitFor } from '../cli/harness';
import { LspClient } from './lspClient';

const TRAIN = "console.log('@runlens ' + JSON.stringify({ step: 0, metrics: { loss: 0.5 } }));\n";
const CONFIG = [
  'experiments:',
  '  train:',
  '    command: node train.js --lr ${lr}',
  '    params:',
  '      lr: 0.1',
  '      layers: 2',
  '    metrics:',
  '      primary: loss',
  '    sweep:',
  '      lr: [0.1, 0.01]',
  '',
].join('\n');
/** The config with a half-typed `go` under metrics and a blank line under sweep. */
const TYPING = CONFIG.replace('      primary: loss', '      primary: loss\n      go').replace('      lr: [0.1, 0.01]', '      lr: [0.1, 0.01]\n      ');
const line = (text: string, content: string): number => text.split('\n').indexOf(content);

describe('runlens lsp --stdio', function () {
  this.timeout(30_000);
  let ws: string;
  let file: string;
  let client: LspClient | undefined;

  beforeEach(() => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'train.js': TRAIN });
    file = join(ws, 'runlens.yaml');
  });
  afterEach(() => {
    client?.kill();
    client = undefined;
    cleanup(ws);
  });

  it('serves a client without snippets: plain items, no client commands, positions clamped, errors at their cause', async () => {
    client = LspClient.start(ws);
    const init = await client.initialize({ textDocument: { completion: { completionItem: { snippetSupport: false } } } });
    assert.equal(init.serverInfo?.name, 'runlens');
    // An unclosed quote is reported where it opens, not at the end of the file.
    const unclosed = await client.open(file, CONFIG.replace('command: node train.js --lr ${lr}', 'command: "node train.js --lr ${lr}'));
    assert.deepEqual(unclosed.map((d) => [d.range.start, d.message]), [[{ line: 2, character: 13 }, 'Missing closing "quote']]);
    // Only the half-typed key is wrong now.
    assert.deepEqual((await client.change(file, TYPING)).map((d) => d.range.start.line), [line(TYPING, '      go')]);

    const sweepLine = line(TYPING, '      ');
    const params = await client.completion(file, sweepLine, 6);
    assert.deepEqual(params.map((i) => [i.label, i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : undefined]), [['layers', 'layers: ']]);
    const keys = await client.completion(file, line(TYPING, '      go'), 8);
    assert.ok(keys.some((i) => i.label === 'goal'), JSON.stringify(keys));
    const everything = [...params, ...keys];
    assert.deepEqual(everything.filter((i) => i.insertTextFormat === InsertTextFormat.Snippet || i.command !== undefined), []);

    // 8 characters past `    params:` would be the next line's `lr` without clamping.
    const paramsLine = line(TYPING, '    params:');
    assert.doesNotMatch(await client.hover(file, paramsLine, 11 + 8), /param of train/);
    assert.match(await client.hover(file, paramsLine + 1, 7), /\*\*lr\*\* · param of train/);

    // An editor that hands it every YAML file (Helix, eglot): other files get nothing from it.
    const other = join(ws, 'docker-compose.yaml');
    assert.deepEqual(await client.open(other, 'services:\n  web:\n    image: nginx\n'), []);
    assert.equal(await client.hover(other, 0, 3), '');
    assert.deepEqual(await client.completion(other, 2, 4), []);
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr, '');
  });

  it('keeps its hovers current with a watch of its own when the client offers no file watching', async () => {
    client = LspClient.start(ws);
    await client.initialize({});
    await client.open(file, CONFIG);
    assert.match(await client.hover(file, 1, 3), /No runs yet/);
    const run = await runCli(['run', 'train'], ws);
    assert.equal(run.code, 0, run.stderr);
    // Nothing tells the server: it must see the run by itself.
    await waitFor('the hover to show the run', async () => {
      const text = await client?.hover(file, 1, 3);
      return text?.includes('1 run: 1 finished') ? text : undefined;
    });
  });

  it('reads the store RUNLENS_STORE names, as the CLI does', async () => {
    const env = cliEnv({ RUNLENS_STORE: 'team-store' });
    const run = await runCli(['run', 'train'], ws, env);
    assert.equal(run.code, 0, run.stderr);
    client = LspClient.start(ws, env);
    await client.initialize({});
    await client.open(file, CONFIG);
    assert.match(await client.hover(file, 1, 3), /1 run: 1 finished/);
  });

  it('registers file watchers with a client that supports them, and follows what the client reports', async () => {
    client = LspClient.start(ws);
    await client.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } });
    await client.open(file, CONFIG);
    assert.match(await client.hover(file, 1, 3), /No runs yet/);
    // Registered while the first hover read the store, so before its answer.
    const storeUri = pathToFileURL(join(ws, '.runlens')).href;
    assert.deepEqual(client.registrations.map((r) => [r.method, r.registerOptions as unknown]), [['workspace/didChangeWatchedFiles', {
      watchers: [{ globPattern: { baseUri: storeUri, pattern: 'runs/*/run.json' } }, { globPattern: { baseUri: storeUri, pattern: 'journal.log' } }],
    }]]);
    assert.equal((await runCli(['run', 'train'], ws)).code, 0);
    // The client watches: until it reports the change, the server reads nothing new.
    assert.match(await client.hover(file, 1, 3), /No runs yet/);
    const [m] = await listRuns(ws);
    assert.ok(m);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(ws, '.runlens', 'runs', m.id, 'run.json')).href, type: 1 }],
    });
    assert.match(await client.hover(file, 1, 3), /1 run: 1 finished/);
  });

  it('watches nothing for a client that forwards store changes (VS Code), and takes its snippets and command', async () => {
    client = LspClient.start(ws);
    const storeDir = join(ws, '.runlens');
    await client.initialize(
      { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { completion: { completionItem: { snippetSupport: true } } } },
      { stores: [{ folder: ws, storeDir }], suggestCommand: 'editor.action.triggerSuggest', forwardsRunChanges: true },
    );
    await client.open(file, TYPING);
    assert.match(await client.hover(file, 1, 3), /No runs yet/);
    assert.deepEqual(client.registrations, []);
    const params = await client.completion(file, line(TYPING, '      '), 6);
    assert.deepEqual(params.map((i) => [i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : undefined, i.insertTextFormat]), [['layers: [$1]', InsertTextFormat.Snippet]]);
    const goal = (await client.completion(file, line(TYPING, '      go'), 8)).find((i) => i.label === 'goal');
    assert.equal(goal?.command?.command, 'editor.action.triggerSuggest');
    assert.equal((await runCli(['run', 'train'], ws)).code, 0);
    const [m] = await listRuns(ws);
    await client.connection.sendNotification('runlens/client', { type: 'runsChanged', storeDir, runIds: [m?.id] });
    assert.match(await client.hover(file, 1, 3), /1 run: 1 finished/);
  });
});
