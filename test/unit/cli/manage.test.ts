// The acting commands of the built CLI: stop (and its refusals), logs -f on a live run, rm /
// restore / trash, rename / tag / star / note, config errors of `run`, and workspace discovery.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, collect, listRuns, onlyRun, runCli, startCli, tempWorkspace, waitForChild } from './harness';
import { type RunManifest } from '../../../src/core/model';

const SLOW = `
let i = 0;
const t = setInterval(() => { console.log('tick ' + i); if (++i === Number(process.argv[2] || 1e9)) { clearInterval(t); } }, 100);
`;

describe('runlens acting commands', function () {
  this.timeout(30_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'slow.js': SLOW });
  });
  afterEach(() => cleanup(ws));

  it('stop ends a running run as stopped; stopping it again exits 5', async () => {
    const cli = startCli(['run', '--name', 'long', '--', 'node', 'slow.js'], ws);
    const done = collect(cli);
    await waitForChild(ws);
    const r = await runCli(['stop', 'long'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.out, /run long stopped/);
    assert.equal((await done).code, 143);
    assert.equal((await onlyRun(ws)).status, 'stopped');
    const again = await runCli(['stop', 'long'], ws);
    assert.equal(again.code, 5);
    assert.match(again.stderr, /runlens: error: run long is not running \(it is stopped\)/);
  });

  it('stop refuses a run on another host', async () => {
    const cli = startCli(['run', '--name', 'remote', '--', 'node', 'slow.js'], ws);
    const done = collect(cli);
    const m = await waitForChild(ws);
    const file = join(ws, '.runlens', 'runs', m.id, 'run.json');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
    writeFileSync(file, JSON.stringify({ ...raw, process: { ...raw.process, host: 'elsewhere' } }));
    const r = await runCli(['stop', 'remote'], ws);
    assert.equal(r.code, 5);
    assert.match(r.stderr, /runs on host elsewhere/);
    cli.kill('SIGTERM');
    await done;
  });

  it('logs -f follows a live run until it ends', async () => {
    const cli = startCli(['run', '--name', 'live', '--', 'node', 'slow.js', '8'], ws);
    const done = collect(cli);
    await waitForChild(ws);
    const r = await runCli(['logs', '-f', 'live'], ws);
    assert.equal(r.code, 0);
    assert.equal(r.out, Array.from({ length: 8 }, (_, i) => `tick ${i}\n`).join(''));
    assert.equal((await done).code, 0);
  });

  it('rm moves to the trash, restore brings back, trash --empty deletes for good', async () => {
    for (const name of ['one', 'two']) assert.equal((await runCli(['run', '--name', name, '--', 'node', '-e', '0'], ws)).code, 0);
    const rm = await runCli(['rm', 'one'], ws);
    assert.equal(rm.code, 0);
    assert.match(rm.out, /moved one .* to the trash; undo with: runlens restore/);
    assert.deepEqual((await listRuns(ws)).map((m) => m.name), ['two']);
    const trash = JSON.parse((await runCli(['trash', '--json'], ws)).out) as RunManifest[];
    assert.deepEqual(trash.map((m) => m.name), ['one']);
    const shown = await runCli(['show', 'one'], ws);
    assert.equal(shown.code, 3);
    assert.match(shown.stderr, /in the trash\n\s+restore it with: runlens restore/);
    assert.equal((await runCli(['restore', 'one'], ws)).code, 0);
    assert.deepEqual((await listRuns(ws)).map((m) => m.name).sort(), ['one', 'two']);
    assert.equal((await runCli(['rm', 'two', 'no-such-run'], ws)).code, 3);
    assert.equal((await listRuns(ws)).length, 2, 'a bad name in the list deletes nothing');
    assert.equal((await runCli(['rm', 'two'], ws)).code, 0);
    const empty = await runCli(['trash', '--empty'], ws);
    assert.match(empty.out, /deleted 1 run for good/);
    assert.equal((await runCli(['restore', 'two'], ws)).code, 3);
  });

  it('rename, tag, star and note edit the run; --json returns the manifest', async () => {
    await runCli(['run', '--name', 'orig', '--', 'node', '-e', '0'], ws);
    assert.match((await runCli(['rename', 'orig', 'better'], ws)).out, /renamed orig to better/);
    assert.match((await runCli(['tag', 'better', 'a', 'b'], ws)).out, /better tags: a, b/);
    assert.match((await runCli(['tag', 'better', 'a', '--remove'], ws)).out, /better tags: b/);
    assert.match((await runCli(['star', 'better'], ws)).out, /better starred/);
    const note = JSON.parse((await runCli(['note', 'better', 'lr', 'too', 'high', '--json'], ws)).out) as RunManifest;
    assert.equal(note.note, 'lr too high');
    assert.deepEqual(note.tags, ['b']);
    assert.equal(note.starred, true);
    await runCli(['run', '--name', 'other', '--', 'node', '-e', '0'], ws);
    const taken = await runCli(['rename', 'other', 'better'], ws);
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /already used/);
  });

  it('run: bad config exits 4 with file:line:col, unknown experiment 3, unknown -p 2', async () => {
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  train:\n    command: python t.py ${lr}\n    params: { lr: 0.1 }\n  broken:\n    command: [1, 2\n');
    const bad = await runCli(['run', 'train'], ws);
    assert.equal(bad.code, 4);
    assert.match(bad.stderr, /runlens\.yaml:\d+:\d+: error: /);
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  train:\n    command: node -e 0 ${lr}\n    params: { lr: 0.1 }\n');
    const missing = await runCli(['run', 'trian'], ws);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /no experiment "trian"[^\n]*\n\s+experiments: train/);
    const unknownParam = await runCli(['run', 'train', '-p', 'epochs=3'], ws);
    assert.equal(unknownParam.code, 2);
    assert.match(unknownParam.stderr, /unknown param "epochs" for experiment "train"\n\s+its params: lr/);
    const both = await runCli(['run', 'train', '--', 'node'], ws);
    assert.equal(both.code, 2);
    assert.equal((await listRuns(ws)).length, 0, 'nothing was recorded for refused runs');
  });

  it('finds the workspace upwards from a subfolder, or takes --workspace', async () => {
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments: {}\n');
    const sub = join(ws, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    assert.equal((await runCli(['run', '--', 'node', '-e', '0'], sub)).code, 0);
    assert.ok(existsSync(join(ws, '.runlens')));
    assert.ok(!existsSync(join(sub, '.runlens')));
    const other = tempWorkspace();
    try {
      assert.equal((await runCli(['run', '--workspace', other, '--', 'node', '-e', '0'], sub)).code, 0);
      assert.equal((await listRuns(other)).length, 1);
      const gone = await runCli(['ls', '--workspace', join(other, 'nope')], sub);
      assert.equal(gone.code, 3);
    } finally {
      cleanup(other);
    }
  });
});
