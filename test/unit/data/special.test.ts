// Symlinks (file and folder, dangling, looping), special files and unreadable files: each becomes a
// recorded link, a skipped entry or an error entry, and the rest of the dataset is still hashed.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { HashCache } from '../../../src/core/data/cache';
import { hashDatasets } from '../../../src/core/data/hash';
import type { DatasetManifest } from '../../../src/core/data/types';
import { bypassesPermissions, publicTempDir, sha256, tempWorkspace, type TempWorkspace } from './helpers/ws';

describe('hashDatasets on links and special files', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
    ws.write('data/real.txt', 'abc');
  });
  afterEach(() => {
    chmodSync(ws.dir, 0o700);
    ws.cleanup();
  });

  it('hashes a symlinked file by its target content and records the link as written', async () => {
    ws.write('elsewhere/target.bin', 'target content');
    symlinkSync('../elsewhere/target.bin', ws.path('data/link.bin'));
    const { manifests: [m] } = await hashDatasets(ws.dir, ['data']);
    assert.deepEqual(m?.files.find((f) => f.path === 'data/link.bin'),
      { path: 'data/link.bin', size: 14, sha256: sha256('target content'), link: '../elsewhere/target.bin' });
    assert.deepEqual(m?.links, [{ path: 'data/link.bin', target: '../elsewhere/target.bin' }]);
  });

  it('walks into a symlinked folder and records the link', async () => {
    ws.write('shards/s1.csv', '1');
    ws.write('shards/s2.csv', '2');
    symlinkSync(ws.path('shards'), ws.path('data/shards'));
    const { manifests: [m] } = await hashDatasets(ws.dir, ['data']);
    assert.deepEqual(m?.files.map((f) => f.path), ['data/real.txt', 'data/shards/s1.csv', 'data/shards/s2.csv']);
    assert.deepEqual(m?.links, [{ path: 'data/shards', target: ws.path('shards') }]);
  });

  it('turns a dangling symlink and symlink loops into error entries, not crashes', async () => {
    symlinkSync('missing.txt', ws.path('data/dangling'));
    symlinkSync('self', ws.path('data/self'));
    symlinkSync('..', ws.path('data/up'));
    const { manifests: [m] } = await hashDatasets(ws.dir, ['data']);
    assert.deepEqual(m?.files.map((f) => f.path), ['data/real.txt']);
    const errors = Object.fromEntries(m?.errors.map((e) => [e.path, e.message]) ?? []);
    assert.match(errors['data/dangling'] ?? '', /dangling symlink to missing\.txt/);
    assert.match(errors['data/self'] ?? '', /loop/);
    assert.match(errors['data/up'] ?? '', /loop/);
  });

  it('skips a fifo and lists it as skipped', async () => {
    execFileSync('mkfifo', [ws.path('data/pipe')]);
    const { manifests: [m] } = await hashDatasets(ws.dir, ['data']);
    assert.deepEqual(m?.files.map((f) => f.path), ['data/real.txt']);
    assert.deepEqual(m?.skipped, [{ path: 'data/pipe', reason: 'fifo (named pipe)' }]);
  });

  it('reports an unreadable file as an error entry and hashes the rest', async function () {
    ws.write('data/secret.txt', 'secret');
    mkdirSync(ws.path('data/locked'));
    ws.write('data/locked/inner.txt', 'inner');
    chmodSync(ws.path('data/secret.txt'), 0o000);
    chmodSync(ws.path('data/locked'), 0o000);
    let m: DatasetManifest | undefined;
    if (!bypassesPermissions()) {
      m = (await hashDatasets(ws.dir, ['data'])).manifests[0];
    } else {
      // As root chmod 000 denies nothing, so hash in a child process running as "nobody" instead.
      // The program and the data are copied where nobody can reach them whatever the checkout's
      // and the temp folder's place (a clone under /root, a private TMPDIR).
      const shared = publicTempDir();
      if (typeof shared === 'string') {
        process.stderr.write(`      skipped: no folder another user can reach (${shared})\n`);
        return this.skip();
      }
      try {
        const cli = join(shared.dir, 'hashCli.js');
        copyFileSync(join(__dirname, 'helpers', 'hashCli.js'), cli);
        chmodSync(cli, 0o644);
        const copy = join(shared.dir, 'ws');
        cpSync(ws.dir, copy, { recursive: true });
        for (const [rel, mode] of [['', 0o755], ['data', 0o755], ['data/real.txt', 0o644], ['data/locked', 0o000], ['data/secret.txt', 0o000]] as const) {
          chmodSync(join(copy, rel), mode);
        }
        const r = spawnSync(process.execPath, [cli, copy, 'data'], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: shared.dir });
        assert.equal(r.status, 0, r.stderr);
        m = (JSON.parse(r.stdout) as DatasetManifest[])[0];
      } finally {
        rmSync(shared.dir, { recursive: true, force: true });
      }
    }
    assert.deepEqual(m?.files.map((f) => f.path), ['data/real.txt']);
    assert.deepEqual(m?.errors, [
      { path: 'data/locked', message: 'permission denied' },
      { path: 'data/secret.txt', message: 'permission denied' },
    ]);
  });

  it('makes a file written to while it is read an error entry after one retry', async function () {
    this.timeout(20_000);
    const past = new Date('2024-01-02T03:04:05Z');
    utimesSync(ws.path('data/real.txt'), past, past);
    const abs = ws.write('data/growing.log', Buffer.alloc(32 * 2 ** 20, 1));
    const writer = spawn(process.execPath, ['-e', `const fs = require('fs'); setInterval(() => fs.appendFileSync(${JSON.stringify(abs)}, 'x'), 1);`], { stdio: 'ignore' });
    try {
      const size = statSync(abs).size;
      while (statSync(abs).size < size + 20) await new Promise((r) => setTimeout(r, 5));
      const cache = HashCache.memory();
      const { manifests: [m], stats } = await hashDatasets(ws.dir, ['data'], { cache, workers: 0 });
      assert.deepEqual(m?.errors, [{ path: 'data/growing.log', message: 'changed while being hashed' }]);
      assert.deepEqual(m?.files.map((f) => f.path), ['data/real.txt']);
      assert.equal(stats.filesHashed, 3, 'real.txt once, the growing file twice');
      assert.equal(cache.size, 1, 'only real.txt is cached');
    } finally {
      writer.kill();
    }
  });
});
