// `runlens diff PATH@HASH ...` and `runlens datasets PATH` of the built CLI over real runs: a
// cached folder dataset changes between two runs and in the workspace; the diff names the files,
// the rows and the columns, reading old contents from the data cache.
import * as assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, runCli, tempWorkspace } from './harness';

const CONFIG = `version: 1
experiments:
  prepare:
    command: [node, -e, "0"]
    datasets:
      - { path: data/, cache: true }
`;

interface Version { hash: string }
interface Entry { spec: string; changed: boolean; versions: Version[]; diff?: { counts: Record<string, number>; files: { change: string; path: string; table?: { rowsA: number | null; rowsB: number | null; columnsAdded: { name: string }[] } }[] } }

describe('runlens diff over data versions', function () {
  this.timeout(60_000);
  let ws: string;
  let v1: string;
  let v2: string;

  before(async () => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG });
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'points.csv'), 'x,y\n1,2\n');
    writeFileSync(join(ws, 'data', 'notes.txt'), 'first');
    assert.equal((await runCli(['run', 'prepare'], ws)).code, 0);
    writeFileSync(join(ws, 'data', 'points.csv'), 'x,y,z\n1,2,3\n4,5,6\n');
    rmSync(join(ws, 'data', 'notes.txt'));
    assert.equal((await runCli(['run', 'prepare'], ws)).code, 0);
    const list = JSON.parse((await runCli(['datasets', '--json'], ws)).out) as Entry[];
    [v2, v1] = (list[0]?.versions ?? []).map((v) => v.hash) as [string, string];
    assert.ok(v1 && v2);
  });
  after(() => cleanup(ws));

  it('diffs two recorded versions: files removed and changed, rows and new columns read from the data cache', async () => {
    // The workspace no longer holds v1's points.csv: its rows can only come from the cache.
    const r = await runCli(['diff', `data@${v1.slice(0, 8)}`, `data/@${v2.slice(0, 10)}`], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.out, /0 added, 1 removed, 1 changed, 0 renamed, 0 unchanged/);
    assert.match(r.out, /removed +data\/notes\.txt/);
    assert.match(r.out, /csv: rows 1 -> 2 \(\+1\)/);
    assert.match(r.out, /columns added: +z \(integer\)/);
  });

  it('diffs a version against the workspace, linking a renamed file by its content', async () => {
    renameSync(join(ws, 'data', 'points.csv'), join(ws, 'data', 'points-v2.csv'));
    const r = await runCli(['diff', `data@${v2.slice(0, 8)}`, '--json'], ws);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.out) as NonNullable<Entry['diff']>;
    assert.deepEqual(d.files.map((f) => [f.change, f.path]), [['renamed', 'data/points-v2.csv']]);
    renameSync(join(ws, 'data', 'points-v2.csv'), join(ws, 'data', 'points.csv'));
  });

  it('runlens datasets PATH shows what changed since the last run', async () => {
    writeFileSync(join(ws, 'data', 'points.csv'), 'x,y,z\n1,2,3\n4,5,6\n7,8,9\n');
    const text = await runCli(['datasets', 'data/'], ws);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.out, /Changed since the last run/);
    assert.match(text.out, /csv: rows 2 -> 3 \(\+1\)/);
    const json = JSON.parse((await runCli(['datasets', 'data/', '--json'], ws)).out) as Entry[];
    assert.deepEqual(json[0]?.diff?.files.map((f) => [f.change, f.table?.rowsA, f.table?.rowsB]), [['changed', 2, 3]]);
  });

  it('exits 3 naming the recorded versions when a hash prefix matches none', async () => {
    const r = await runCli(['diff', 'data@ffffff00'], ws);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no version of "data" starts with ffffff00 \(recorded: /);
  });
});
