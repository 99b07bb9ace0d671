// `runlens datasets PATH` and `runlens diff` of the built CLI over a Parquet file that changed
// between a run and the workspace: rows and schema changes from the two footers, the old one read
// from the data cache (fixtures: test/fixtures/parquet).
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, repoRoot, runCli, tempWorkspace } from './harness';

const CONFIG = `version: 1
experiments:
  prepare:
    command: [node, -e, "0"]
    datasets:
      - { path: data/, cache: true }
`;
const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'parquet');

describe('runlens diff and datasets over a Parquet file', function () {
  this.timeout(60_000);
  let ws: string;

  before(async () => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG });
    mkdirSync(join(ws, 'data'));
    copyFileSync(join(FIXTURES, 'before.parquet'), join(ws, 'data', 'table.parquet'));
    assert.equal((await runCli(['run', 'prepare'], ws)).code, 0);
    copyFileSync(join(FIXTURES, 'after.parquet'), join(ws, 'data', 'table.parquet'));
  });
  after(() => cleanup(ws));

  it('runlens datasets PATH names the rows and columns that changed since the last run', async () => {
    const r = await runCli(['datasets', 'data/'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.out, /parquet: rows 3 -> 5 \(\+2\)/);
    assert.match(r.out, /columns added: +label \(boolean\)/);
    assert.match(r.out, /columns removed: +seen \(timestamp\)/);
    assert.match(r.out, /column type: +score number -> string/);
  });

  it('runlens diff PATH@HASH --json carries the table change', async () => {
    const list = JSON.parse((await runCli(['datasets', '--json'], ws)).out) as { versions: { hash: string }[] }[];
    const v1 = list[0]?.versions[0]?.hash ?? '';
    const r = await runCli(['diff', `data@${v1.slice(0, 10)}`, '--json'], ws);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.out) as { files: { path: string; table?: { format: string; rowsA: number; rowsB: number } }[] };
    assert.deepEqual(d.files.map((f) => [f.path, f.table?.format, f.table?.rowsA, f.table?.rowsB]), [['data/table.parquet', 'parquet', 3, 5]]);
  });
});
