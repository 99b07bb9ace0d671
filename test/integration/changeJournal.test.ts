// The change journal in a real VS Code: the window keeps it from its own file watcher (which reports
// the sync files in .git), `runlens status` in a terminal uses it (journal: true), still sees a data
// edit made just before the call, and stats everything again once the window stops keeping it.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { journalFiles } from '../../src/core/data/journal';
import { type StatusReport } from '../../src/core/lineage/status';
import { type RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { activateRunlens } from './activate';
import { ROOT, useExampleFiles } from './exampleFiles';
import { poll } from './poll';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };

describe('Change journal', function () {
  this.timeout(180_000);
  let api: RunlensApi;
  let ws: string;
  let store: RunStore;
  let restoreFiles: (extra?: readonly string[]) => void = () => undefined;

  /**
   * `runlens status --json` as a terminal runs it. Asynchronous on purpose: the extension host must
   * keep serving its watcher while the command waits for the journal to catch up.
   */
  function status(...extra: string[]): Promise<StatusReport> {
    return new Promise((done, fail) => {
      execFile(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'status', '--json', '--workspace', ws, ...extra],
        { cwd: ws, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
          // Exit code 8 means "something is stale": a normal answer here.
          if (error && error.code !== 8) fail(new Error(`runlens status failed: ${stderr}`, { cause: error }));
          else done(JSON.parse(stdout) as StatusReport);
        });
    });
  }

  before(async () => {
    ({ api, ws, store } = await activateRunlens());
    restoreFiles = useExampleFiles(ws, ['runlens.yaml', 'prepare.py', 'data']);
    // A repository: the sync files then go to .git, which VS Code's watcher must still report.
    writeFileSync(join(ws, '.gitignore'), 'outputs/\n__pycache__/\n');
    for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'example']]) execFileSync('git', args, { cwd: ws, env: GIT_ENV });
    // A journal an earlier suite started probed before .git existed: a new generation probes again.
    await vscode.workspace.getConfiguration('runlens').update('changeJournal', false, vscode.ConfigurationTarget.Workspace);
    await poll('the lease to be gone', () => (existsSync(journalFiles(store.root).lease) ? undefined : true), 30_000);
    await vscode.workspace.getConfiguration('runlens').update('changeJournal', undefined, vscode.ConfigurationTarget.Workspace);
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', 'prepare', '--workspace', ws],
      { cwd: ws, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
    await api.runsView.reload();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('runlens').update('changeJournal', undefined, vscode.ConfigurationTarget.Workspace);
    for (const m of await store.listRuns()) await store.delete(m.id).catch(() => undefined);
    await store.emptyTrash();
    restoreFiles(['outputs', '__pycache__', '.git', '.gitignore']);
    await api.runsView.reload();
  });

  it('is kept by the window once its watcher reports, and runlens status uses it', async () => {
    const folder = api.runsView.folderRuns()[0];
    assert.ok(folder);
    await poll('the journal to be live', async () => ((await api.journals.writerOf(folder)) && existsSync(journalFiles(store.root).lease) ? true : undefined), 60_000);
    const first = await status();
    assert.equal(first.journal, true, 'the first call syncs with the journal (and walks, recording where it stood)');
    assert.equal(first.stale, 0);
    assert.equal((await status()).journal, true);
    // The window's probe and each call's sync file, all reported by the watcher from .git.
    const logged = readFileSync(journalFiles(store.root).log, 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => JSON.parse(l) as string);
    const synced = new Set(logged.filter((p) => p.includes('.runlens-sync-')));
    assert.equal(synced.size, 3, `the probe and two calls: ${[...synced].join(', ')}`);
    for (const p of synced) assert.match(p, /^\.git\/\.runlens-sync-[0-9a-f]{16}$/);
  });

  it('sees a data edit made right before the call, through the journal', async () => {
    appendFileSync(join(ws, 'data', 'raw.csv'), '300,0.5000,-0.2500,1.0000,0.1000,1\n');
    const after = await status();
    assert.equal(after.journal, true);
    const prepare = after.runs.find((v) => v.experiment === 'prepare');
    assert.ok(prepare?.stale, 'prepare is stale');
    assert.match(prepare.reasons.map((r) => r.message).join('\n'), /data\/raw\.csv changed since the run read it/);
  });

  it('is not trusted once the window stops keeping it: the setting off removes the lease', async () => {
    await vscode.workspace.getConfiguration('runlens').update('changeJournal', false, vscode.ConfigurationTarget.Workspace);
    await poll('the lease to be gone', () => (existsSync(journalFiles(store.root).lease) ? undefined : true), 30_000);
    const walked = await status();
    assert.equal(walked.journal, false);
    assert.ok(walked.runs.find((v) => v.experiment === 'prepare')?.stale, 'the walk sees the edit too');
    assert.equal((await status('--no-journal')).journal, false);
  });
});
