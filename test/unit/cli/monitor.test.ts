// `runlens monitor` of the built CLI: monitors of runlens.yaml with each form of reference (path,
// best run of an experiment, tagged run, dataset version), exit 9 on a shift, 6 when one cannot be
// checked, 0 otherwise, and the checks the schema cannot express.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, repoRoot, runCli, tempWorkspace } from './harness';

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'drift');

/** An experiment that logs `score` (its param) on stdout and reads data/train.csv. */
const EXPERIMENTS = `version: 1
experiments:
  train:
    command: [node, -e, "console.log('@runlens ' + JSON.stringify({metrics: {score: Number(process.argv[1])}}))", "\${score}"]
    params: {score: 0}
    datasets: [data/train.csv]
`;

interface Result {
  name: string; reference?: string; error?: string; report?: { shifted: boolean; drifted: number; current: { rows: number } };
  files?: { path: string; report: { shifted: boolean; current: { rows: number } } }[];
}

describe('runlens monitor', function () {
  this.timeout(90_000);
  let ws: string;

  async function monitor(config: string, ...names: string[]): Promise<{ code: number | null; monitors: Result[]; stderr: string }> {
    writeFileSync(join(ws, 'runlens.yaml'), EXPERIMENTS + config);
    const r = await runCli(['monitor', ...names, '--json'], ws);
    return { code: r.code, stderr: r.stderr, monitors: r.out ? (JSON.parse(r.out) as { monitors: Result[] }).monitors : [] };
  }

  before(async () => {
    ws = tempWorkspace();
    mkdirSync(join(ws, 'data', 'incoming'), { recursive: true });
    writeFileSync(join(ws, 'runlens.yaml'), EXPERIMENTS);
    // Two runs: the better one (score 0.9) read ref_small, the other cur_small; the first is tagged.
    copyFileSync(join(FIXTURES, 'cur_small.csv'), join(ws, 'data', 'train.csv'));
    assert.equal((await runCli(['run', 'train', '-p', 'score=0.2', '--name', 'weak', '--tag', 'production'], ws)).code, 0);
    // Profiled while the workspace still holds it, so the version stays comparable after it changes.
    assert.equal((await runCli(['profile', 'data/train.csv'], ws)).code, 0);
    copyFileSync(join(FIXTURES, 'ref_small.csv'), join(ws, 'data', 'train.csv'));
    const best = await runCli(['run', 'train', '-p', 'score=0.9', '--name', 'strong'], ws);
    assert.equal(best.code, 0, best.stderr);
    copyFileSync(join(FIXTURES, 'same_small.csv'), join(ws, 'data', 'incoming', 'today.csv'));
  });
  after(() => cleanup(ws));

  it('judges the incoming data against the best run of an experiment (exit 0), then a shifted batch (exit 9)', async () => {
    const config = 'monitor:\n  incoming:\n    reference: {experiment: train, best: score}\n    current: data/incoming/*.csv\n';
    const calm = await monitor(config);
    assert.equal(calm.code, 0, calm.stderr);
    assert.equal(calm.monitors[0]?.reference, 'strong: data/train.csv');
    assert.equal(calm.monitors[0]?.report?.shifted, false);
    copyFileSync(join(FIXTURES, 'cur_small.csv'), join(ws, 'data', 'incoming', 'today.csv'));
    const shifted = await monitor(config);
    assert.equal(shifted.code, 9);
    assert.equal(shifted.monitors[0]?.report?.shifted, true);
    copyFileSync(join(FIXTURES, 'same_small.csv'), join(ws, 'data', 'incoming', 'today.csv'));
  });

  it('takes a tagged run, a path or a dataset version as the reference, and names one monitor', async () => {
    const show = JSON.parse((await runCli(['show', 'weak', '--json'], ws)).out) as { data: { datasets: { hash: string }[] } };
    const version = show.data.datasets[0]!.hash.slice(0, 12);
    const config = `monitor:
  tagged:
    reference: {tag: production}
    current: data/incoming/today.csv
  path:
    reference: data/incoming/today.csv
    current: [data/incoming]
  version:
    reference: {version: ${version}}
    current: data/incoming/today.csv
`;
    const r = await monitor(config);
    assert.equal(r.code, 9, r.stderr);
    assert.deepEqual(r.monitors.map((m) => [m.name, m.report?.shifted]), [['tagged', true], ['path', false], ['version', true]]);
    const one = await monitor(config, 'path');
    assert.deepEqual([one.code, one.monitors.length], [0, 1]);
    assert.equal((await monitor(config, 'nope')).code, 3);
  });

  it('reports each of several current files on its own beside the merged verdict', async () => {
    mkdirSync(join(ws, 'data', 'batch'), { recursive: true });
    // Five calm files and one shifted: the batch as a whole is not shifted, the one file is.
    for (let i = 1; i <= 5; i++) copyFileSync(join(FIXTURES, 'same_small.csv'), join(ws, 'data', 'batch', `calm${i}.csv`));
    copyFileSync(join(FIXTURES, 'cur_small.csv'), join(ws, 'data', 'batch', 'shifted.csv'));
    const config = 'monitor:\n  batch:\n    reference: {run: strong}\n    current: data/batch/*.csv\n';
    const r = await monitor(config);
    assert.equal(r.code, 0, r.stderr);
    const m = r.monitors[0]!;
    assert.equal(m.report?.shifted, false);
    assert.equal(m.report?.current.rows, 5 * 280 + 250);
    assert.deepEqual(m.files?.map((f) => [f.path, f.report.shifted, f.report.current.rows]), [
      ...[1, 2, 3, 4, 5].map((i) => [`data/batch/calm${i}.csv`, false, 280]), ['data/batch/shifted.csv', true, 250],
    ]);
    const text = await runCli(['monitor'], ws);
    assert.match(text.out, /per file \(6\):/);
    assert.match(text.out, /data\/batch\/shifted\.csv {2}250 rows {2}SHIFTED: 3 of 6 columns drifted/);
    const single = await monitor('monitor:\n  one:\n    reference: {run: strong}\n    current: data/batch/shifted.csv\n');
    assert.equal(single.monitors[0]?.files, undefined, 'one file: its report is the verdict');
  });

  it('exits 6 when a monitor cannot be checked, and reports a reference naming two runs', async () => {
    const r = await monitor('monitor:\n  lost:\n    reference: {experiment: train, best: nosuchmetric}\n    current: data/incoming\n');
    assert.equal(r.code, 6);
    assert.match(r.monitors[0]?.error ?? '', /no finished run of train logged nosuchmetric/);
    const bad = await monitor('monitor:\n  both:\n    reference: {run: strong, tag: production}\n    current: data/incoming\n');
    assert.equal(bad.code, 4);
    assert.match(bad.stderr, /runlens\.yaml:\d+:\d+: error: a reference names one run or version: run and tag both given/);
  });
});
