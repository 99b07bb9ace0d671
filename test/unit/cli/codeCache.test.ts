// The CLI's compile cache (src/cli/codeCache.ts): where it lives, that a second load uses what the
// first saved, that damaged or foreign cache files are never handed to V8, and the real command
// through it (dist/cli.js writing one cache per command word).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compileCacheDir, loadCompiled } from '../../../src/cli/codeCache';
import { cliEnv, runCli } from './harness';

interface Counter { runlensCodeCacheTest?: { runs: number; dir: string } }

describe('CLI compile cache', () => {
  let dir: string;
  let file: string;
  const counter = globalThis as Counter;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-codecache-'));
    file = join(dir, 'mod.js');
    // A CommonJS file that uses what `require` gives a module: require, __dirname, exports.
    writeFileSync(file, "#!/usr/bin/env node\nconst { basename } = require('node:path');\nglobalThis.runlensCodeCacheTest = { runs: (globalThis.runlensCodeCacheTest?.runs ?? 0) + 1, dir: basename(__dirname) };\nexports.ok = true;\n");
    delete counter.runlensCodeCacheTest;
  });
  afterEach(() => {
    delete counter.runlensCodeCacheTest;
    rmSync(dir, { recursive: true, force: true });
  });

  it('lives in the user cache folder, or where RUNLENS_COMPILE_CACHE says, and is off for 0 or off', () => {
    assert.equal(compileCacheDir({}, 'linux', '/home/ada'), '/home/ada/.cache/runlens/compile-cache');
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/ada'), '/xdg/runlens/compile-cache');
    assert.equal(compileCacheDir({}, 'darwin', '/Users/ada'), '/Users/ada/Library/Caches/runlens/compile-cache');
    assert.equal(compileCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada'), join('C:\\Users\\ada\\AppData\\Local', 'runlens', 'compile-cache'));
    assert.equal(compileCacheDir({ RUNLENS_COMPILE_CACHE: '/c' }, 'linux', '/home/ada'), '/c');
    for (const off of ['0', 'off']) assert.equal(compileCacheDir({ RUNLENS_COMPILE_CACHE: off }, 'linux', '/home/ada'), null);
  });

  it('runs the file, saves its compiled code, and uses it on the next load (vm.Script cache, as on Node 20)', () => {
    const cache = join(dir, 'cache');
    const first = loadCompiled(file, cache, { variant: 'status', nodeCache: false });
    assert.equal(first.use, 'new');
    assert.deepEqual(counter.runlensCodeCacheTest, { runs: 1, dir: basename(dir) });
    first.save?.();
    assert.equal(readdirSync(cache).filter((n) => n.endsWith('-status.bin')).length, 1);
    const second = loadCompiled(file, cache, { variant: 'status', nodeCache: false });
    assert.equal(second.use, 'used');
    assert.equal(second.save, undefined, 'a cache that was used is not written again');
    assert.equal(counter.runlensCodeCacheTest?.runs, 2);
    assert.equal(loadCompiled(file, cache, { variant: 'ls', nodeCache: false }).use, 'new', 'another command has its own cache');
  });

  it('never hands damaged data or another build\'s cache to V8: it compiles again and still runs the file', () => {
    const cache = join(dir, 'cache');
    loadCompiled(file, cache, { variant: 'status', nodeCache: false }).save?.();
    const [name] = readdirSync(cache);
    const path = join(cache, name as string);
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 0xff;
    writeFileSync(path, flipped);
    assert.equal(loadCompiled(file, cache, { variant: 'status', nodeCache: false }).use, 'new', 'a bit flipped in the data');
    writeFileSync(path, good.subarray(0, good.length - 10));
    assert.equal(loadCompiled(file, cache, { variant: 'status', nodeCache: false }).use, 'new', 'a file cut short');
    writeFileSync(path, good);
    writeFileSync(file, `${readFileSync(file, 'utf8')}exports.more = 1;\n`);
    assert.equal(loadCompiled(file, cache, { variant: 'status', nodeCache: false }).use, 'new', 'the file was rebuilt');
    assert.equal(counter.runlensCodeCacheTest?.runs, 4);
  });

  it('runs the file without a cache when it is off', () => {
    assert.equal(loadCompiled(file, null).use, 'off');
    assert.equal(counter.runlensCodeCacheTest?.runs, 1);
  });

  it('the runlens command writes one cache per command word and gives the same answers from it', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'runlens-cli-'));
    const env = cliEnv({ RUNLENS_COMPILE_CACHE: join(dir, 'cli-cache') });
    try {
      const first = await runCli(['status', '--json'], ws, env);
      const second = await runCli(['status', '--json'], ws, env);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(second.out, first.out);
      const version = await runCli(['--version'], ws, env);
      assert.equal(version.code, 0, version.stderr);
      const files = readdirSync(join(dir, 'cli-cache'));
      // Node >= 22.1 keeps its own cache there (its own layout); Node 20 gets ours, one file per command.
      if (typeof (await import('node:module') as { enableCompileCache?: unknown }).enableCompileCache !== 'function') {
        assert.deepEqual(files.map((n) => n.replace(/^cli-[0-9a-f]+-/, '')).sort(), ['other.bin', 'status.bin']);
      } else {
        assert.ok(files.length > 0, 'Node wrote its compile cache');
      }
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
