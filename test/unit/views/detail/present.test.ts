// What the detail page is told about a run: best by goal, environment, data problems, git notes and
// changed files, chart data with non-finite values as gaps, and the protocol's guards.
import * as assert from 'node:assert/strict';
import { commandLine, dataInfo, gitInfo, runInfo, seriesData } from '../../../../src/views/detail/present';
import { downsample } from '../../../../src/core/series/downsample';
import { formatMetric } from '../../../../src/core/present/format';
import { compareRunOf, metricInfos } from '../../../../src/views/compare/payload';
import { type RunManifest } from '../../../../src/core/model';
import { type CodeLink } from '../../../../src/core/git/capture';
import { isFromRunDetail, isRunDetailState, isToRunDetail } from '../../../../src/protocol/runDetail';

function manifest(over: Partial<RunManifest> = {}): RunManifest {
  return {
    format: 1, id: '20260101-000000-abcd', name: 'r1', experiment: 'train', command: ['python', 'train.py', '--msg', "it's"], shell: false,
    cwd: '/w', params: { lr: 0.1, flag: true, none: null }, env: { SEED: '1' }, status: 'finished', createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:05.000Z', exitCode: 0, signal: null, error: null,
    process: { host: 'box', supervisorPid: 1, childPid: 2 }, versions: { python: '3.12.1' },
    metrics: {
      loss: { count: 3, last: 0.5, lastStep: 3, min: 0.25, max: 2, nonFinite: 0 },
      acc: { count: 2, last: NaN, lastStep: 2, min: 0.5, max: 0.5, nonFinite: 1 },
    },
    badMetricLines: 0, tags: ['a'], starred: false, note: '', code: null, data: null, reproducedFrom: null, ...over,
  };
}

const code = (over: Partial<CodeLink> = {}): CodeLink => ({
  status: 'ok', commit: 'a'.repeat(40), branch: 'main', detached: false, remote: null, dirty: true, changed: ['train.py', 'big.bin'],
  untracked: ['new.py'], shallow: false, worktree: false, submodules: [], warnings: [], durationMs: 1,
  snapshot: { ref: 'refs/runlens/runs/x', commit: 'b'.repeat(40), tree: 'c'.repeat(40), files: 3, skipped: [{ path: 'big.bin', size: 9e6, reason: 'too-large' }] },
  ...over,
});

describe('detail presentation', () => {
  it('puts the primary metric first with its best value by the goal', () => {
    const info = runInfo(manifest(), { primary: 'loss', goal: 'min' }, Date.parse('2026-01-01T00:10:00Z'));
    assert.deepEqual(info.metrics.map((m) => [m.name, m.best]), [['loss', '0.25'], ['acc', '0.5']]);
    assert.equal(runInfo(manifest(), { primary: 'loss', goal: 'max' }).metrics[0]?.best, '2');
    assert.equal(info.metrics[1]?.last, 'NaN');
    assert.equal(info.goal, 'loss (lower is better)');
    assert.equal(info.duration, '1 m 05 s');
    // The page shows the start in local time beside this relative form.
    assert.equal(info.started, '2026-01-01T00:00:00.000Z');
    assert.equal(info.startedAgo, '10 m ago');
    assert.equal(info.live, false);
    assert.equal(info.command, "python train.py --msg 'it'\\''s'");
    assert.deepEqual(info.params, [{ key: 'lr', value: '0.1' }, { key: 'flag', value: 'true' }, { key: 'none', value: 'null' }]);
    assert.deepEqual(info.environment.map((e) => e.key), ['python', 'host', 'supervisor pid', 'exit code']);
    assert.equal(commandLine(['a b', '$(x)']), "'a b' '$(x)'");
  });

  it('judges metrics that are not declared by the rule Compare uses: by their name, else no best', () => {
    const metrics = { ...manifest().metrics, epoch: { count: 3, last: 3, lastStep: 3, min: 1, max: 3, nonFinite: 0 }, val_loss: { count: 2, last: 0.4, lastStep: 2, min: 0.3, max: 0.4, nonFinite: 0 } };
    const declared = { primary: 'acc', goal: 'max' } as const;
    const rows = runInfo(manifest({ metrics }), declared).metrics;
    assert.deepEqual(rows.map((m) => [m.name, m.best]), [['acc', '0.5'], ['epoch', null], ['loss', '0.25'], ['val_loss', '0.3']]);
    const run = manifest({ metrics });
    const stats = compareRunOf(run, 0, metricInfos([run], declared)).stats;
    for (const row of rows) {
      const stat = stats.find((x) => x.metric === row.name);
      assert.equal(row.best, stat?.best === null ? null : formatMetric(stat?.best ?? NaN), `${row.name}: Run Detail and Compare agree`);
    }
  });

  it('lists datasets and outputs with problems, and says why there are none', () => {
    assert.match(dataInfo(manifest()).message ?? '', /No data was recorded/);
    const data = dataInfo(manifest({ data: { hashing: true, warnings: ['changed during the run'], outputs: [], datasets: [
      { spec: 'data/*.csv', hash: 'f'.repeat(64), files: 2, bytes: 2048, errors: 1, skipped: 0, missing: false },
    ] } }));
    assert.equal(data.message, null);
    assert.deepEqual(data.datasets[0], { spec: 'data/*.csv', hash: 'f'.repeat(64), files: 2, size: '2.0 KiB', problem: '1 unreadable' });
    assert.deepEqual(data.warnings, ['changed during the run']);
    assert.match(dataInfo(manifest({ data: { hashing: false, warnings: [], outputs: [], datasets: [] } })).message ?? '', /Hashing was off/);
  });

  it('lists changed and untracked files, not diffable when left out of the snapshot, and explains missing code', () => {
    const git = gitInfo(manifest({ code: code() }));
    assert.deepEqual(git.changed, [
      { path: 'train.py', kind: 'modified', diffable: true }, { path: 'big.bin', kind: 'modified', diffable: false }, { path: 'new.py', kind: 'untracked', diffable: true },
    ]);
    assert.equal(git.snapshot, 'b'.repeat(40));
    assert.ok(git.notes.some((n) => /left out of the snapshot/.test(n)));
    assert.match(gitInfo(manifest()).notes[0] ?? '', /no code record/);
    const noGit = gitInfo(manifest({ code: code({ status: 'git-missing', message: 'git is not installed', commit: null, snapshot: null, changed: [], untracked: [] }) }));
    assert.deepEqual(noGit.notes, ['git is not installed']);
  });

  it('turns non-finite values into gaps and missing steps into null', () => {
    const s = seriesData(downsample('m', Float64Array.from([NaN, 0, 1, 1, 1, Infinity, 2, 2, NaN])));
    assert.deepEqual(s.steps, [null, 1, 2]);
    assert.deepEqual(s.values, [1, null, null]);
  });

  it('guards messages both ways', () => {
    assert.ok(isFromRunDetail({ type: 'ready' }));
    assert.ok(isFromRunDetail({ type: 'runAction', action: 'star' }));
    assert.ok(!isFromRunDetail({ type: 'runAction', action: 'workbench.action.terminal.new' }), 'only named actions, never a command id');
    assert.ok(!isFromRunDetail({ type: 'openDiff', path: 7 }));
    assert.ok(!isFromRunDetail({ type: 'copy' }));
    assert.ok(!isFromRunDetail(null));
    const run = runInfo(manifest(), { primary: 'loss', goal: 'min' });
    const snap = { type: 'snapshot', folder: '/w', pinned: false, run, git: gitInfo(manifest({ code: code() })), data: dataInfo(manifest()), series: [seriesData(downsample('m', Float64Array.from([1, 1, 1])))], log: ['x'], logNote: '' };
    assert.ok(isToRunDetail(JSON.parse(JSON.stringify(snap))), 'a snapshot survives JSON (how webview messages travel)');
    assert.ok(!isToRunDetail({ ...snap, log: [1] }));
    assert.ok(!isToRunDetail({ type: 'appendPoints', series: [{ metric: 'm', total: 1, steps: [1, 2], values: [1], downsampled: false }] }));
    assert.ok(isToRunDetail({ type: 'appendLog', lines: ['<img src=x>'] }));
    assert.ok(isRunDetailState({ folder: '/w', id: 'x', pinned: true, scrollY: 0, collapsed: ['log'] }));
    assert.ok(!isRunDetailState({ folder: '/w', id: 'x' }));
  });
});
