// The pure parts of `runlens diff` and `show`: record diffs (params, versions, env, host), dataset
// diffs from summaries and full manifests, the code diff's notes when a run has no snapshot, the
// checks on datasets.json, and the show sections for runs whose links are partial.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiff } from '../../../src/cli/commands/diff';
import { codeSection, dataSection } from '../../../src/cli/commands/show';
import { type Output } from '../../../src/cli/output';
import { diffCode } from '../../../src/core/compare/code';
import { diffDatasetLists } from '../../../src/core/compare/data';
import { diffEnvironment, diffRecords } from '../../../src/core/compare/records';
import { type RunDiff } from '../../../src/core/compare/runDiff';
import { readRunLinkFiles } from '../../../src/core/compare/runFiles';
import { datasetHash } from '../../../src/core/data/manifest';
import { type DatasetManifest, type FileEntry } from '../../../src/core/data/types';
import { type CodeLink } from '../../../src/core/git/capture';
import { type DatasetSummary, type RunManifest } from '../../../src/core/model';
import { cleanupTemp, tempDir } from '../git/helpers/repo';

const PLAIN: Output = { color: false, tty: false, out: () => undefined, err: () => undefined };

function manifest(spec: string, files: FileEntry[]): DatasetManifest {
  return { spec, hash: datasetHash(files), files, bytes: files.reduce((s, f) => s + f.size, 0), links: [], errors: [], skipped: [], missing: false };
}

function summary(m: DatasetManifest): DatasetSummary {
  return { spec: m.spec, hash: m.hash, files: m.files.length, bytes: m.bytes, errors: 0, skipped: 0, missing: false };
}

const f = (path: string, sha: string, size = 1): FileEntry => ({ path, size, sha256: sha.repeat(64).slice(0, 64) });

function code(over: Partial<CodeLink>): CodeLink {
  return {
    status: 'ok', commit: null, branch: null, detached: false, remote: null, dirty: false, changed: [], untracked: [],
    shallow: false, worktree: false, submodules: [], snapshot: null, warnings: [], durationMs: 1, ...over,
  };
}

describe('run diff: pure parts', () => {
  after(cleanupTemp);

  it('diffRecords: added, removed, changed by type and deep value; NaN equals NaN; sorted by name', () => {
    const d = diffRecords<unknown>({ z: 1, lr: 0.1, same: NaN, gone: 'x', typed: 1, arr: [1, 2] }, { lr: 0.3, same: NaN, typed: '1', new: null, z: 1, arr: [1, 2] });
    assert.deepEqual(d, {
      added: [{ name: 'new', value: null }],
      removed: [{ name: 'gone', value: 'x' }],
      changed: [{ name: 'lr', a: 0.1, b: 0.3 }, { name: 'typed', a: 1, b: '1' }],
    });
    // Params named like Object.prototype members are ordinary keys.
    const proto = JSON.parse('{"__proto__": 1, "toString": 2}') as Record<string, number>;
    assert.deepEqual(diffRecords(proto, { constructor: 3, toString: 2 }), {
      added: [{ name: 'constructor', value: 3 }], removed: [{ name: '__proto__', value: 1 }], changed: [],
    });
  });

  it('diffEnvironment: versions without host, config env, host from the process record', () => {
    const run = (host: string, versions: Record<string, string>, env: Record<string, string>): RunManifest =>
      ({ versions: { host, ...versions }, env, process: { host, supervisorPid: 1, childPid: 2 } }) as unknown as RunManifest;
    const d = diffEnvironment(run('h1', { node: '20.1', python: '3.11' }, { A: '1' }), run('h2', { node: '20.1', python: '3.12' }, { A: '2', B: 'x' }));
    assert.deepEqual(d.versions, { added: [], removed: [], changed: [{ name: 'python', a: '3.11', b: '3.12' }] });
    assert.deepEqual(d.env, { added: [{ name: 'B', value: 'x' }], removed: [], changed: [{ name: 'A', a: '1', b: '2' }] });
    assert.deepEqual(d.host, { name: 'host', a: 'h1', b: 'h2' });
    assert.equal(diffEnvironment(run('h', {}, {}), run('h', {}, {})).host, null);
  });

  it('diffDatasetLists: same, changed with per-file lists, added/removed specs, untrusted full manifests', () => {
    const a1 = manifest('data', [f('data/a', 'a'), f('data/b', 'b'), f('data/c', 'c')]);
    const b1 = manifest('data', [f('data/a', 'a'), f('data/b', 'e'), f('data/d', 'd')]);
    const same = manifest('labels.csv', [f('labels.csv', '1')]);
    const old = manifest('old', [f('old/x', 'x')]);
    const fresh = manifest('new', [f('new/y', 'y')]);
    const d = diffDatasetLists([a1, same, old].map(summary), [b1, same, fresh].map(summary), [a1, same, old], [b1, same, fresh], 'datasets.json');
    assert.deepEqual(d.map((x) => [x.spec, x.change]), [['data', 'changed'], ['labels.csv', 'same'], ['old', 'removed'], ['new', 'added']]);
    assert.deepEqual(d[0]?.files, { added: ['data/d'], removed: ['data/c'], modified: ['data/b'] });
    assert.equal(d[0]?.note, null);
    assert.deepEqual(d[0]?.a, { hash: a1.hash, files: 3, bytes: 3, missing: false });
    assert.equal(d[1]?.files, null);

    // Without datasets.json, or with one that does not match run.json, the hashes still answer.
    for (const fullB of [null, [manifest('data', [f('data/a', 'z')])]]) {
      const x = diffDatasetLists([summary(a1)], [summary(b1)], [a1], fullB, 'datasets.json')[0];
      assert.equal(x?.change, 'changed');
      assert.equal(x?.files, null);
      assert.match(x?.note ?? '', /per-file lists are not available \(datasets\.json/);
    }
  });

  it('diffCode: a clear note when a run has no record, no snapshot or nothing at all; equal trees need no git', async () => {
    const noRepo = code({ status: 'not-a-repo', message: 'Not inside a git working tree (x).' });
    const withSnap = code({ commit: 'c'.repeat(40), branch: 'main', snapshot: { ref: 'refs/runlens/runs/x', commit: 's'.repeat(40), tree: 't'.repeat(40), files: 1, skipped: [] } });
    const nowhere = join(tempDir(), 'not-a-repo');
    const d1 = await diffCode(nowhere, noRepo, withSnap);
    assert.equal(d1.files, null);
    assert.equal(d1.compared, null);
    assert.deepEqual(d1.notes, ['run A has no code snapshot: Not inside a git working tree (x).']);
    const d2 = await diffCode(nowhere, withSnap, null);
    assert.match(d2.notes[0] ?? '', /^run B has no code record/);
    const d3 = await diffCode(nowhere, withSnap, withSnap);
    assert.deepEqual([d3.sameCommit, d3.compared, d3.files, d3.notes], [true, 'snapshots', [], []]);
    const commitOnly = code({ ...withSnap, snapshot: null, commit: 'd'.repeat(40) });
    const d4 = await diffCode(nowhere, withSnap, commitOnly);
    assert.equal(d4.compared, 'commits');
    assert.equal(d4.files, null, 'git cannot run outside a repository');
    assert.match(d4.notes[0] ?? '', /^run B has no code snapshot, so its commit dddddddddddd is compared/);
    assert.match(d4.notes[1] ?? '', /cannot compare the code of the two runs/);
  });

  it('readRunLinkFiles: absent files are null, malformed ones are null with a problem', async () => {
    const dir = tempDir();
    assert.deepEqual(await readRunLinkFiles(dir), { datasets: null, outputs: null, problems: [] });
    const good = [manifest('d', [f('d/x', 'x')])];
    writeFileSync(join(dir, 'datasets.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'outputs.json'), JSON.stringify([{ spec: 'o', hash: 'h', files: [{ path: 'o' }] }]));
    const r = await readRunLinkFiles(dir);
    assert.deepEqual(r.datasets, good);
    assert.equal(r.outputs, null);
    assert.match(r.problems.join(), /outputs\.json is not a list of dataset manifests/);
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'datasets.json'), '{"torn');
    assert.match((await readRunLinkFiles(join(dir, 'x'))).problems.join(), /datasets\.json cannot be read/);
  });

  it('formatDiff: long file lists are cut at 20, notes are shown, unhashed data is said so', () => {
    const empty = { added: [], removed: [], changed: [] };
    const d: RunDiff = {
      a: { id: 'x', name: 'x', status: 'finished', experiment: null }, b: { id: 'y', name: 'y', status: 'finished', experiment: null },
      identical: false, params: empty, problems: [],
      code: {
        a: null, b: null, sameCommit: false, compared: 'snapshots', notes: ['something to know'],
        files: Array.from({ length: 25 }, (_, i) => ({ path: `f${String(i).padStart(2, '0')}.py`, status: 'A' as const })),
      },
      data: { hashing: { a: false, b: false }, datasets: [], outputs: [] },
      environment: { versions: empty, env: { added: [{ name: 'K', value: 'v' }], removed: [], changed: [] }, host: { name: 'host', a: 'h1', b: null } },
    };
    const text = formatDiff(PLAIN, d, 'A-run', 'B-run');
    assert.match(text, /^A: A-run\nB: B-run\n/);
    assert.match(text, /25 file\(s\) differ between the snapshots:\n( {4}A {2}f\d\d\.py\n){20} {4}\.\.\. and 5 more \(--json lists all\)\n {2}note: something to know\n/);
    assert.match(text, /\nData\n {2}neither run hashed its data/);
    assert.match(text, /\nEnvironment\n {2}\+ env K {2}v {2}\(only in B\)\n {2}~ host {2}h1 -> -$/);
  });

  it('show sections: not-a-repo status, skipped files and warnings; data with hashing off or unrecorded', () => {
    const none = codeSection(PLAIN, code({ status: 'not-a-repo', message: 'Not inside a git working tree.' }), { changed: 0, untracked: 0 }, '/store/runs/r');
    assert.deepEqual(none, ['', 'Code', 'status:     not-a-repo: Not inside a git working tree.']);
    const big = codeSection(PLAIN, code({
      commit: 'c'.repeat(40), detached: true, dirty: true, warnings: ['w1'],
      snapshot: { ref: 'refs/runlens/runs/r', commit: 's'.repeat(40), tree: 't'.repeat(40), files: 2, skipped: [{ path: 'model.bin', size: 12_000_000, reason: 'too-large' }] },
      patchFile: 'code.patch',
    }), { changed: 150, untracked: 0 }, '/store/runs/r');
    assert.ok(big.includes(`commit:     ${'c'.repeat(40)} (detached HEAD)`));
    assert.ok(big.includes('dirty:      yes (150 changed file(s))'));
    assert.ok(big.includes('skipped:    1 file(s) left out of the snapshot: model.bin (11.4 MiB, too-large)'));
    assert.ok(big.includes('warning: w1'));
    assert.ok(big.includes('patch:      /store/runs/r/code.patch'), 'the patch, recorded relative, is shown at its full path');
    assert.deepEqual(codeSection(PLAIN, null, { changed: 0, untracked: 0 }, '/store/runs/r'), ['', 'Code', '  (not recorded)']);
    const off = dataSection(PLAIN, { data: { hashing: false, datasets: [], outputs: [], warnings: [] }, endedAt: 'x' } as unknown as RunManifest);
    assert.deepEqual(off, ['', 'Data', '  hashing was off for this run (--no-hash or RUNLENS_NO_HASH)']);
    assert.deepEqual(dataSection(PLAIN, { data: null } as unknown as RunManifest), ['', 'Data', '  (not recorded)']);
  });
});
