// The decisions of sharing that need no remote: which remote is used, what of a run is kept out of
// its record (credentials), what counts as changed since a push, and how runs are marked.
import { strict as assert } from 'node:assert';
import { type RunManifest } from '../../../src/core/model';
import { cleanupTemp, git, makeRepo } from '../git/helpers/repo';
import { resolveShareRemote } from '../../../src/core/share/remote';
import { shareableManifest } from '../../../src/core/share/record';
import { fingerprint, shareMarks, type ShareState } from '../../../src/core/share/state';
import { isConflict } from '../../../src/core/share/transport';
import { summarize } from '../../../src/core/store/summary';
import { run } from '../query/helpers';
import { GroupedRuns, OWN_RUNS_GROUP } from '../../../src/views/runs/groupedRuns';
import { compileFilter } from '../../../src/core/query/evaluate';

describe('sharing: decisions without a remote', () => {
  after(cleanupTemp);

  it('uses origin by default, a configured remote by name, a URL only when named, and refuses the rest', async () => {
    const repo = makeRepo({ 'a.txt': 'a' });
    await assert.rejects(resolveShareRemote(repo, undefined), /no git remote to share runs through/);
    git(repo, 'remote', 'add', 'upstream', 'https://host/x.git');
    git(repo, 'remote', 'add', 'fork', 'https://host/y.git');
    await assert.rejects(resolveShareRemote(repo, undefined), /several remotes and none is called origin/);
    git(repo, 'remote', 'add', 'origin', 'https://alice:s3cret@host/team.git');
    const origin = await resolveShareRemote(repo, undefined);
    assert.deepEqual(origin, { name: 'origin', target: 'origin', url: 'https://host/team.git', key: 'origin' });
    assert.equal((await resolveShareRemote(repo, 'fork')).url, 'https://host/y.git');
    await assert.rejects(resolveShareRemote(repo, 'nope'), /no git remote called "nope"/);
    const explicit = await resolveShareRemote(repo, 'https://bob:tok@other/z.git');
    assert.equal(explicit.url, 'https://other/z.git', 'credentials never reach what is written');
    assert.equal(explicit.target, 'https://bob:tok@other/z.git', 'git itself gets what the user typed');
    assert.match(explicit.key, /^url-[0-9a-f]{12}$/);
  });

  it('keeps credentials out of a record: URLs stripped in command, params and env, secret env values replaced', () => {
    const m = { ...run('r1', { params: { data: 'https://u:pw@data.example.com/set', lr: 0.1 } }),
      command: ['python', 'train.py', '--src', 'https://tok@host/x'],
      env: { HF_TOKEN: 'hf_abc', AWS_SECRET_ACCESS_KEY: 'xyz', MIRROR: 'https://u:p@m.example/', SEED: '1' } };
    const shared = shareableManifest(m);
    assert.deepEqual(shared.command, ['python', 'train.py', '--src', 'https://host/x']);
    assert.deepEqual(shared.params, { data: 'https://data.example.com/set', lr: 0.1 });
    assert.deepEqual(shared.env, { HF_TOKEN: '[not shared]', AWS_SECRET_ACCESS_KEY: '[not shared]', MIRROR: 'https://m.example/', SEED: '1' });
    assert.doesNotMatch(JSON.stringify(shared), /hf_abc|xyz|pw@|tok@|u:p@/);
  });

  it('marks runs local, pushed, changed since pushed, or pulled', () => {
    const a = summarize(run('a'));
    const b = summarize(run('b'));
    const c = summarize(run('c'));
    const pulled = summarize({ ...run('d'), origin: { author: 'Bob', email: 'b@x', host: null, remote: 'origin', commit: 'c1' } });
    const state: ShareState = { url: 'u', pushed: { a: [fingerprint(a), 'c2'], b: [fingerprint(b), 'c3'] }, pulled: { d: 'c1' } };
    const b2 = { ...b, note: 'edited after the push' };
    assert.notEqual(fingerprint(b2), fingerprint(b));
    const marks = shareMarks([a, b2, c, pulled], [state]);
    assert.deepEqual(Object.fromEntries(marks), { a: 'pushed', b: 'changed', c: 'local', d: 'pulled' });
  });

  it('tells a conflict (the remote has other content) from a refusing remote or an atomic side effect', () => {
    const o = (reason: string): { ref: string; ok: boolean; reason: string } => ({ ref: 'r', ok: false, reason });
    assert.equal(isConflict(o('non-fast-forward')), true);
    assert.equal(isConflict(o('fetch first')), true);
    assert.equal(isConflict(o('stale info')), true);
    assert.equal(isConflict(o('atomic push failed')), false);
    assert.equal(isConflict(o('pre-receive hook declined')), false);
    assert.equal(isConflict({ ref: 'r', ok: true, reason: 'new reference' }), false);
  });

  it('groups the Runs view by author (own runs under one name, each teammate under theirs) and filters author: alike', () => {
    const origin = (author: string): RunManifest['origin'] => ({ author, email: `${author.toLowerCase()}@x`, host: null, remote: 'origin', commit: 'c' });
    const runs = [run('20250101-000001-000-aaaaaa'), { ...run('20250101-000002-000-bbbbbb'), origin: origin('Alice') },
      { ...run('20250101-000003-000-cccccc'), origin: origin('Bob') }, { ...run('20250101-000004-000-dddddd'), origin: origin('Alice') }];
    const model = new GroupedRuns({ groupBy: 'author', sort: { by: 'newest' }, matches: () => true }, runs);
    assert.deepEqual(model.keys(), ['Alice', 'Bob', OWN_RUNS_GROUP]);
    assert.equal(model.page('Alice').runs.length, 2);
    const mine = new GroupedRuns({ groupBy: 'author', sort: { by: 'newest' }, matches: compileFilter('author:me') }, runs);
    assert.deepEqual(mine.keys(), [OWN_RUNS_GROUP]);
  });
});
