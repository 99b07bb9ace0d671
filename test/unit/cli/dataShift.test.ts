// `runlens profile` and `runlens drift` of the built CLI in real workspaces: stored profiles by
// content hash, exit codes (9 shifted, 0 not, 6 no data, 3 unknown run), profiling at run start,
// and a run's recorded data as the reference after the workspace file changed.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, repoRoot, runCli, tempWorkspace } from './harness';

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'drift');

describe('runlens profile and drift', function () {
  this.timeout(60_000);
  let ws: string;

  beforeEach(() => {
    ws = tempWorkspace({ 'runlens.yaml': 'version: 1\nexperiments:\n  train:\n    command: [node, -e, ""]\n    datasets: [data/train.csv]\n' });
    mkdirSync(join(ws, 'data'));
    for (const f of ['ref_small.csv', 'cur_small.csv', 'same_small.csv']) copyFileSync(join(FIXTURES, f), join(ws, 'data', f));
  });
  afterEach(() => cleanup(ws));

  it('profiles a file once and keeps the profile under its content hash', async () => {
    const first = await runCli(['profile', 'data/ref_small.csv', '--json'], ws);
    assert.equal(first.code, 0, first.stderr);
    const j = JSON.parse(first.out) as { files: { sha256: string; cached: boolean }[]; profile: { rows: number; columns: { name: string; type: string; numeric?: { kll?: unknown } }[] } };
    assert.equal(j.profile.rows, 300);
    assert.deepEqual(j.profile.columns.map((c) => c.type), ['numeric', 'numeric', 'categorical', 'boolean', 'numeric', 'text']);
    assert.equal(j.profile.columns[0]?.numeric?.kll, undefined, 'sketches stay out of the JSON output');
    const sha = j.files[0]!.sha256;
    assert.ok(existsSync(join(ws, '.runlens', 'cache', 'profiles', `${sha}.json`)));
    assert.equal(j.files[0]!.cached, false);
    const again = await runCli(['profile', 'data/ref_small.csv'], ws);
    assert.match(again.out, /300 rows, 6 columns \(stored profile\)/);
    assert.match(again.out, /cat\s+categorical\s+293\s+7\s+4/);
  });

  it('profiles and compares Parquet files (the bundled reader), a CSV against a Parquet of the same data, and warns about a broken one', async () => {
    for (const f of ['ref_small.parquet', 'cur_small.parquet', 'broken.parquet']) copyFileSync(join(FIXTURES, f), join(ws, 'data', f));
    const shifted = await runCli(['drift', 'data/ref_small.parquet', 'data/cur_small.parquet'], ws);
    assert.equal(shifted.code, 9, shifted.stderr);
    assert.match(shifted.out, /num_a\s+numeric\s+ks\s+0\.366\s+9\.449e-17\s+< 0\.05\s+300\/250\s+0\.366/);
    const json = await runCli(['drift', 'data/ref_small.parquet', 'data/cur_small.parquet', '--json'], ws);
    const cols = (JSON.parse(json.out) as { columns: { name: string; test: string; nReference: number; nCurrent: number; effectSize: { name: string; value: number } }[] }).columns;
    for (const c of cols.filter((x) => x.test !== 'none')) {
      assert.ok(c.nReference > 0 && c.nCurrent > 0 && c.effectSize.name !== 'none' && Number.isFinite(c.effectSize.value), `sizes and effect beside ${c.name}'s verdict`);
    }
    const mixed = await runCli(['drift', 'data/ref_small.csv', 'data/ref_small.parquet', '--json'], ws);
    assert.equal(mixed.code, 0, mixed.stderr);
    const r = JSON.parse(mixed.out) as { drifted: number; columns: { statistic: number; test: string }[] };
    assert.equal(r.drifted, 0);
    for (const c of r.columns) if (c.test !== 'none') assert.equal(c.statistic, 0, JSON.stringify(c));
    const broken = await runCli(['profile', 'data/broken.parquet'], ws);
    assert.equal(broken.code, 0, broken.stderr);
    assert.match(broken.out, /warning\s+not a readable Parquet file/);
  });

  it('merges a folder, and says when a path does not exist (exit 6)', async () => {
    const folder = await runCli(['profile', 'data', '--json'], ws);
    assert.equal(folder.code, 0, folder.stderr);
    assert.equal((JSON.parse(folder.out) as { profile: { rows: number } }).profile.rows, 300 + 250 + 280);
    const missing = await runCli(['profile', 'data/nope.csv'], ws);
    assert.equal(missing.code, 6);
    assert.match(missing.stderr, /does not exist/);
  });

  it('exits 9 on a shifted dataset and 0 on a similar one, with sizes and effect sizes', async () => {
    const shifted = await runCli(['drift', 'data/ref_small.csv', 'data/cur_small.csv'], ws);
    assert.equal(shifted.code, 9, shifted.stderr);
    assert.match(shifted.out, /SHIFTED: 3 of 6 columns drifted/);
    assert.match(shifted.out, /num_a\s+numeric\s+ks\s+0\.366\s+9\.449e-17\s+< 0\.05\s+300\/250\s+0\.366/);
    const same = await runCli(['drift', 'data/ref_small.csv', 'data/same_small.csv', '--json'], ws);
    assert.equal(same.code, 0, same.stderr);
    const r = JSON.parse(same.out) as { shifted: boolean; drifted: number; reference: { label: string; rows: number } };
    assert.deepEqual([r.shifted, r.drifted, r.reference.label, r.reference.rows], [false, 0, 'data/ref_small.csv', 300]);
    const strict = await runCli(['drift', 'data/ref_small.csv', 'data/cur_small.csv', '--share', '0.9'], ws);
    assert.equal(strict.code, 0, 'with --share 0.9, 3 of 6 is not enough');
    const bad = await runCli(['drift', 'data/ref_small.csv', 'data/cur_small.csv', '--share', '2'], ws);
    assert.equal(bad.code, 2);
  });

  it('profiles a run\'s tabular datasets as it starts, unless profile: false', async () => {
    copyFileSync(join(ws, 'data', 'ref_small.csv'), join(ws, 'data', 'train.csv'));
    const sha = (JSON.parse((await runCli(['hash', 'data/train.csv', '--json', '--files'], ws)).out) as { files: { sha256: string }[] }[])[0]!.files[0]!.sha256;
    const stored = join(ws, '.runlens', 'cache', 'profiles', `${sha}.json`);
    writeFileSync(join(ws, 'runlens.yaml'), `${readFileSync(join(ws, 'runlens.yaml'), 'utf8')}profile: false\n`);
    assert.equal((await runCli(['run', 'train'], ws)).code, 0);
    assert.equal(existsSync(stored), false);
    writeFileSync(join(ws, 'runlens.yaml'), readFileSync(join(ws, 'runlens.yaml'), 'utf8').replace('profile: false', 'profile: {maxFileSize: 1M}'));
    const run = await runCli(['run', 'train', '--name', 'profiled'], ws);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(existsSync(stored), true);
    // The version the run read stays comparable after the workspace file moves on.
    writeFileSync(join(ws, 'data', 'train.csv'), 'other,columns\n1,2\n');
    const r = await runCli(['drift', 'profiled', 'data/cur_small.csv'], ws);
    assert.equal(r.code, 9, r.stderr);
  });

  it("compares with the version of the data a run read, after the file changed", async () => {
    writeFileSync(join(ws, 'runlens.yaml'), `${readFileSync(join(ws, 'runlens.yaml'), 'utf8')}profile: false\n`);
    copyFileSync(join(ws, 'data', 'ref_small.csv'), join(ws, 'data', 'train.csv'));
    const run = await runCli(['run', 'train', '--name', 'baseline'], ws);
    assert.equal(run.code, 0, run.stderr);
    // The workspace file moves on; the run's version is profiled (it was not before) only if available.
    writeFileSync(join(ws, 'data', 'train.csv'), 'other,columns\n1,2\n');
    const gone = await runCli(['drift', 'baseline', 'data/cur_small.csv'], ws);
    assert.equal(gone.code, 6, gone.out + gone.stderr);
    assert.match(gone.stderr, /neither profiled nor available/);
    copyFileSync(join(ws, 'data', 'ref_small.csv'), join(ws, 'data', 'train.csv'));
    const ok = await runCli(['drift', 'baseline', 'data/cur_small.csv'], ws);
    assert.equal(ok.code, 9, ok.stderr);
    assert.match(ok.out, /reference {2}baseline: data\/train\.csv {2}300 rows/);
    writeFileSync(join(ws, 'data', 'train.csv'), 'other,columns\n1,2\n');
    const stored = await runCli(['drift', 'baseline:data/train.csv', 'data/same_small.csv'], ws);
    assert.equal(stored.code, 0, `the stored profile of the run's version stands in for the changed file: ${stored.stderr}`);
    const unknown = await runCli(['drift', 'nosuchrun', 'data/cur_small.csv'], ws);
    assert.equal(unknown.code, 3);
  });

  it('prints numbers by core\'s one rule and datetime columns as ISO dates, not epoch numbers', async () => {
    writeFileSync(join(ws, 'data', 'dates.csv'), 'day,at,big\n2024-01-01,2024-01-01T06:30:00Z,1234567\n2024-01-03,2024-01-01T07:30:00Z,1234567\n');
    const r = await runCli(['profile', 'data/dates.csv'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.out, /day\s+datetime\s+2\s+0\s+2\s+2024-01-01\s+2024-01-02\s+24 h 00 m\s+2024-01-03/);
    assert.match(r.out, /at\s+datetime\s+2\s+0\s+2\s+2024-01-01T06:30:00Z\s+2024-01-01T07:00:00Z\s+30 m 00 s\s+2024-01-01T07:30:00Z/);
    assert.match(r.out, /big\s+numeric\s+2\s+0\s+1\s+1234567\s+1234567\s+0\s+1234567/, 'an integer in full, as formatMetric writes it (not 1.23e+6)');
    assert.doesNotMatch(r.out, /17040\d{8}/, 'no epoch milliseconds');
  });
});
