// `runlens show` (Code and Data sections) and `runlens diff` of the built CLI over real runs of the
// example project in a temp git repository: A; then a committed code edit, one changed dataset byte
// and another seed for B; then a dirty tree (120 untracked files) and a run that appends to its
// dataset for C.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunDiff } from '../../../src/core/compare/runDiff';
import { type RunManifest } from '../../../src/core/model';
import { listRuns } from '../cli/harness';
import { cleanupTemp, git } from '../git/helpers/repo';
import { exampleProject, FAST, rl } from './project';

describe('runlens show and diff: code and data', function () {
  this.timeout(30_000);
  let ws: string;
  const runs = new Map<string, RunManifest>();
  const run = (name: string): RunManifest => runs.get(name) ?? assert.fail(`no run ${name}`);

  before(async () => {
    // Datasets and outputs are not in git (as usual for data): the code diff shows only code.
    ws = exampleProject({ git: true, gitignore: ['outputs/', 'data/'] });
    assert.equal((await rl(['run', 'train', ...FAST, '--name', 'a'], ws)).code, 0);
    writeFileSync(join(ws, 'train.py'), readFileSync(join(ws, 'train.py'), 'utf8').replace('import time\n', 'import time  # timing\n'));
    git(ws, 'commit', '-q', '-am', 'comment');
    const csv = join(ws, 'data', 'points.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace('0.7701', '0.7702'));
    assert.equal((await rl(['run', 'train', ...FAST, '-p', 'seed=1', '--name', 'b'], ws)).code, 0);
    writeFileSync(join(ws, 'train.py'), `${readFileSync(join(ws, 'train.py'), 'utf8')}# wip\n`);
    // More untracked files than run.json lists (100): show counts them from code.json.
    mkdirSync(join(ws, 'scratch'));
    for (let i = 0; i < 120; i++) writeFileSync(join(ws, 'scratch', `s${i}.py`), 'pass\n');
    assert.equal((await rl(['run', 'append', '--name', 'c'], ws)).code, 0);
    for (const m of await listRuns(ws)) runs.set(m.name, m);
  });
  after(cleanupTemp);

  it('show prints the Code section (commit, branch, dirty counts, snapshot) and the Data section', async () => {
    const b = run('b');
    const r = await rl(['show', 'b'], ws);
    assert.equal(r.code, 0, r.stderr);
    const code = r.out.slice(r.out.indexOf('\nCode\n'));
    assert.match(code, new RegExp(`\ncommit: +${b.code?.commit} on main\n`));
    assert.match(code, /\ndirty: +no\n/);
    assert.match(code, new RegExp(`\nsnapshot: +${b.code?.snapshot?.commit} refs/runlens/runs/${b.id}, 3 file\\(s\\)\n`));
    assert.match(code, new RegExp(`\npatch: +${join(ws, '.runlens', 'runs', b.id, 'code.patch')}\n`));
    assert.doesNotMatch(code, /status:|warning:/);
    const data = r.out.slice(r.out.indexOf('\nData\n'));
    assert.match(data, /KIND +SPEC +HASH +FILES +SIZE +ISSUES/);
    assert.match(data, new RegExp(`\ndataset +data/points\\.csv +${b.data?.datasets[0]?.hash.slice(0, 12)} +1 +9\\.4 KiB +-\n`));
    assert.match(data, new RegExp(`\noutput +outputs/model\\.json +${b.data?.outputs[0]?.hash.slice(0, 12)} +1 +\\d+ B +-`));

    const c = await rl(['show', 'c'], ws);
    assert.match(c.out, /\ndirty: +yes \(1 changed, 120 untracked file\(s\)\)\n/);
    assert.match(c.out, /\nwarning: dataset changed while the run was running: 1 file\(s\), e.g\. data\/points\.csv \(modified\)/);

    const json = await rl(['show', 'b', '--json'], ws);
    assert.deepEqual(JSON.parse(json.out), JSON.parse(readFileSync(join(ws, '.runlens', 'runs', b.id, 'run.json'), 'utf8')));
  });

  it('diff --json reports the param, the code file, the dataset byte (and the output it changed), and nothing else', async () => {
    const r = await rl(['diff', 'a', 'b', '--json'], ws);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.out) as RunDiff;
    const [a, b] = [run('a'), run('b')];
    assert.deepEqual(d.a, { id: a.id, name: 'a', status: 'finished', experiment: 'train' });
    assert.equal(d.identical, false);
    assert.deepEqual(d.params, { added: [], removed: [], changed: [{ name: 'seed', a: 0, b: 1 }] });
    assert.deepEqual(d.code, {
      a: { status: 'ok', commit: a.code?.commit, branch: 'main', dirty: false, snapshot: a.code?.snapshot?.commit },
      b: { status: 'ok', commit: b.code?.commit, branch: 'main', dirty: false, snapshot: b.code?.snapshot?.commit },
      sameCommit: false, compared: 'snapshots', files: [{ path: 'train.py', status: 'M' }], notes: [],
    });
    assert.notEqual(a.code?.commit, b.code?.commit);
    const side = (m: RunManifest, kind: 'datasets' | 'outputs'): unknown => {
      const s = m.data?.[kind][0];
      return { hash: s?.hash, files: 1, bytes: s?.bytes, missing: false };
    };
    assert.deepEqual(d.data, {
      hashing: { a: true, b: true },
      datasets: [{ spec: 'data/points.csv', change: 'changed', a: side(a, 'datasets'), b: side(b, 'datasets'),
        files: { added: [], removed: [], modified: ['data/points.csv'] }, note: null }],
      outputs: [{ spec: 'outputs/model.json', change: 'changed', a: side(a, 'outputs'), b: side(b, 'outputs'),
        files: { added: [], removed: [], modified: ['outputs/model.json'] }, note: null }],
    });
    assert.deepEqual(d.environment, { versions: { added: [], removed: [], changed: [] }, env: { added: [], removed: [], changed: [] }, host: null });
    assert.deepEqual(d.problems, []);
  });

  it('diff prints each section; a run against itself has no differences; an unknown run exits 3', async () => {
    const r = await rl(['diff', 'a', 'b'], ws);
    assert.equal(r.code, 0, r.stderr);
    const section = (title: string, next: string): string => r.out.slice(r.out.indexOf(`\n${title}\n`), r.out.indexOf(`\n${next}\n`)).trimEnd();
    assert.equal(section('Params', 'Code').trim(), 'Params\n  ~ seed  0 -> 1');
    assert.match(section('Code', 'Data'), /commit {2}[0-9a-f]{12} \(main\) -> [0-9a-f]{12} \(main\)\n {2}1 file\(s\) differ between the snapshots:\n {4}M {2}train\.py$/);
    assert.match(section('Data', 'Environment'), /dataset data\/points\.csv {2}changed [0-9a-f]{12} -> [0-9a-f]{12}\n {4}modified {2}data\/points\.csv\n {2}output outputs\/model\.json {2}changed/);
    assert.match(r.out, /\nEnvironment\n {2}\(no differences\)\n$/);

    const same = await rl(['diff', 'a', 'a'], ws);
    assert.equal(same.code, 0);
    assert.match(same.out, /no differences in params, code, data or environment/);
    assert.equal((JSON.parse((await rl(['diff', 'b', 'b', '--json'], ws)).out) as RunDiff).identical, true);

    const missing = await rl(['diff', 'a', 'nosuch'], ws);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /runlens: error: no run "nosuch"/);
    assert.equal((await rl(['diff', 'a'], ws)).code, 2);
  });
});
