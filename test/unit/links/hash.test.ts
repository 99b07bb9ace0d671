// `runlens hash PATH...` of the built CLI: its table, --json summaries and --files manifests equal
// to an independent hashing pass, the stat cache on a second call, and its exit codes.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashDatasets } from '../../../src/core/data/hash';
import { cleanupTemp, tempDir } from '../git/helpers/repo';
import { exampleProject, rl } from './project';

describe('runlens hash', function () {
  this.timeout(20_000);
  let ws: string;
  before(() => {
    ws = exampleProject({ git: false });
    mkdirSync(join(ws, 'data', 'extra'));
    writeFileSync(join(ws, 'data', 'extra', 'a.txt'), 'a\n');
    writeFileSync(join(ws, 'data', 'extra', 'b.txt'), 'bb\n');
    execFileSync('mkfifo', [join(ws, 'data', 'extra', 'pipe')]);
    // Old enough for the stat cache to trust them (recent mtimes are re-read, see data-hashing.md).
    const old = new Date(Date.now() - 3600_000);
    for (const f of ['points.csv', 'extra/a.txt', 'extra/b.txt']) utimesSync(join(ws, 'data', f), old, old);
  });
  after(cleanupTemp);

  it('prints hash, files, size and issues per spec, then a summary; the second call reads nothing', async () => {
    const expected = (await hashDatasets(ws, ['data/points.csv', 'data/extra', 'data/**/*.txt'], { workers: 0 })).manifests;
    const r = await rl(['hash', 'data/points.csv', 'data/extra', 'data/**/*.txt'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress when not on a terminal');
    const lines = r.out.split('\n');
    assert.match(lines[0] ?? '', /^SPEC\s+HASH\s+FILES\s+SIZE\s+ISSUES$/);
    assert.match(lines[1] ?? '', new RegExp(`^data/points\\.csv\\s+${expected[0]?.hash}\\s+1\\s+9\\.4 KiB\\s+-$`));
    assert.match(lines[2] ?? '', new RegExp(`^data/extra\\s+${expected[1]?.hash}\\s+2\\s+5 B\\s+1 skipped$`));
    assert.match(lines[3] ?? '', new RegExp(`^data/\\*\\*/\\*\\.txt\\s+${expected[2]?.hash}\\s+2\\s+5 B\\s+-$`));
    assert.match(r.out, /\ndata\/extra:\n {2}skipped {2}data\/extra\/pipe: /);
    assert.match(r.out, /3 spec\(s\), 5 file\(s\), 9\.4 KiB: 3 read, 0 unchanged \(from the cache\)/);
    assert.ok(existsSync(join(ws, '.runlens', '.gitignore')) && existsSync(join(ws, '.runlens', 'format.json')), 'the store is created whole');

    const again = await rl(['hash', 'data/points.csv', 'data/extra', 'data/**/*.txt'], ws);
    assert.match(again.out, /: 0 read, 3 unchanged \(from the cache\)/);
  });

  it('--json prints the summaries, --json --files the full manifests', async () => {
    const expected = (await hashDatasets(ws, ['data', 'train.py'], { workers: 0 })).manifests;
    const summaries = await rl(['hash', 'data', 'train.py', '--json'], ws);
    assert.equal(summaries.code, 0, summaries.stderr);
    assert.deepEqual(JSON.parse(summaries.out), expected.map((m) => ({
      spec: m.spec, hash: m.hash, files: m.files.length, bytes: m.bytes, errors: m.errors.length, skipped: m.skipped.length, missing: false,
    })));
    const full = await rl(['hash', 'data', 'train.py', '--json', '--files'], ws);
    assert.deepEqual(JSON.parse(full.out), expected);
    assert.equal((JSON.parse(full.out) as { files: unknown[] }[])[0]?.files.length, 4, 'points.csv and raw.csv of the example, and the two files the test adds');
  });

  it('exits 6 for a path that does not exist, 2 for one outside the workspace or a bad command line', async () => {
    const missing = await rl(['hash', 'data/points.csv', 'data/nope.csv'], ws);
    assert.equal(missing.code, 6);
    assert.equal(missing.out, '');
    assert.match(missing.stderr, /^runlens: error: "data\/nope\.csv" does not exist/);
    assert.match(missing.stderr, new RegExp(`paths are relative to the workspace ${ws}`));
    assert.equal((await rl(['hash', 'data/*.parquet'], ws)).code, 6, 'a glob matching nothing is missing');

    const outside = await rl(['hash', '../elsewhere'], ws);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /"\.\." is not allowed/);
    const absolute = await rl(['hash', tempDir()], ws);
    assert.equal(absolute.code, 2);
    assert.match(absolute.stderr, /outside the workspace/);
    assert.equal((await rl(['hash'], ws)).code, 2);
    assert.equal((await rl(['hash', 'data', '--files'], ws)).code, 2);
  });
});
