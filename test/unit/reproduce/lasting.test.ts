// Reproduce results that last (issue 11 item 4): a reproduction is named after its origin, its
// verdict is kept in run.json, and `ls`/`show` say which run it reproduces and how it came out,
// with a real git repository and the real CLI; ReproductionIndex on plain manifests.
import * as assert from 'node:assert/strict';
import { cliEnv, listRuns, runCli } from '../cli/harness';
import { cleanupTemp } from '../git/helpers/repo';
import { type RunManifest } from '../../../src/core/model';
import { describeReproduction, ReproductionIndex } from '../../../src/core/reproduce/reproductions';
import { RunStore } from '../../../src/core/store/store';
import { makeProject } from './project';

const env = cliEnv();

function manifest(id: string, extra: Partial<RunManifest> = {}): RunManifest {
  return {
    format: 1, id, name: `run-${id}`, experiment: 'e', command: ['x'], shell: false, cwd: '/', params: {}, env: {}, status: 'finished',
    createdAt: '2026-01-01T00:00:00Z', startedAt: null, endedAt: null, exitCode: 0, signal: null, error: null, process: null, versions: {},
    metrics: {}, badMetricLines: 0, tags: [], starred: false, note: '', code: null, data: null, reproducedFrom: null, ...extra,
  };
}

describe('reproduce results that last', function () {
  this.timeout(60_000);
  after(cleanupTemp);

  it('names reproductions after the original, keeps the verdict in run.json and shows it in ls and show', async () => {
    const repo = makeProject();
    assert.equal((await runCli(['run', 'train', '--name', 'calm-river-2'], repo, env)).code, 0);
    assert.equal((await runCli(['run', 'noisy', '--name', 'noisy-run'], repo, env)).code, 0);
    const first = await runCli(['reproduce', 'calm-river-2'], repo, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await runCli(['reproduce', 'calm-river-2'], repo, env)).code, 0);
    assert.notEqual((await runCli(['reproduce', 'noisy-run'], repo, env)).code, 0, 'a noisy script diverges');

    const runs = await listRuns(repo);
    const byName = new Map(runs.map((m) => [m.name, m]));
    const original = byName.get('calm-river-2');
    assert.ok(original);
    assert.equal(byName.get('calm-river-2 repro 1')?.reproducedFrom, original.id);
    assert.equal(byName.get('calm-river-2 repro 1')?.verdict, 'reproduced');
    assert.equal(byName.get('calm-river-2 repro 2')?.verdict, 'reproduced');
    assert.equal(byName.get('noisy-run repro 1')?.verdict, 'diverged');
    assert.equal(original.verdict, undefined, 'the original itself carries no verdict');

    const ls = await runCli(['ls'], repo, env);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.out, /REPRODUCES/);
    assert.match(ls.out, /calm-river-2 repro 1 .*calm-river-2 ✓/);
    assert.match(ls.out, /noisy-run repro 1 .*noisy-run ✗/);

    const showRepro = await runCli(['show', 'calm-river-2 repro 1'], repo, env);
    assert.match(showRepro.out, new RegExp(`reproduces:\\s+calm-river-2 \\(${original.id}\\) ✓ reproduced`));
    const showOriginal = await runCli(['show', 'calm-river-2'], repo, env);
    assert.match(showOriginal.out, /reproduced:\s+✓ reproduced by calm-river-2 repro 2 \(latest of 2 reproductions\)/);
    const showNoisy = await runCli(['show', 'noisy-run'], repo, env);
    assert.match(showNoisy.out, /reproduced:\s+✗ diverged in noisy-run repro 1/);
  });

  it('cuts a long original name so the numbered reproduction name stays valid', async () => {
    const repo = makeProject();
    const store = RunStore.open(repo);
    const long = 'x'.repeat(100);
    const w = await store.createRun({ experiment: null, command: ['true'], shell: false, cwd: repo, params: {}, env: {}, namePrefix: `${long} repro` });
    assert.equal(w.manifest().name, `${'x'.repeat(92)} 1`);
    const again = await store.createRun({ experiment: null, command: ['true'], shell: false, cwd: repo, params: {}, env: {}, namePrefix: `${long} repro` });
    assert.equal(again.manifest().name, `${'x'.repeat(92)} 2`);
  });

  it('ReproductionIndex: the newest judged reproduction decides an original\'s mark', () => {
    const original = manifest('20260101-000000-aaaa');
    const older = manifest('20260101-000100-bbbb', { reproducedFrom: original.id, verdict: 'diverged', name: 'o repro 1' });
    const newer = manifest('20260101-000200-cccc', { reproducedFrom: original.id, verdict: 'reproduced', name: 'o repro 2' });
    const pending = manifest('20260101-000300-dddd', { reproducedFrom: original.id, status: 'running', name: 'o repro 3' });
    const index = new ReproductionIndex([pending, original, older, newer]);
    assert.deepEqual(index.of(original.id).map((m) => m.name), ['o repro 3', 'o repro 2', 'o repro 1']);
    const state = index.stateOf(original);
    assert.equal(state?.role, 'original');
    assert.equal(state?.verdict, 'reproduced');
    assert.equal(describeReproduction(state ?? assert.fail(), (id) => id), '✓ reproduced by o repro 2 (latest of 2 reproductions)');
    const p = index.stateOf(pending);
    assert.equal(describeReproduction(p ?? assert.fail(), () => 'o'), 'reproduces o (no verdict yet)');
    assert.equal(index.stateOf(manifest('20260101-000400-eeee')), undefined);
  });
});
