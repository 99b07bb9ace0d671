// Two clones of one project sharing data through a data remote, with the real CLI and real git:
// A runs on a `cache: true` dataset and `runlens push`es the run (git) and its data (the remote);
// B pulls the run and, never having had that data, reproduces it (its code from the snapshot ref,
// its data fetched from the remote) with the verdict reproduced. A corrupt object on the remote is refused; a remote not configured is refused
// unless named; a config carrying credentials is refused.
import * as assert from 'node:assert/strict';
import { appendFileSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, listRuns, runCli } from '../cli/harness';
import { cleanupTemp, git, tempDir, writeFiles } from '../git/helpers/repo';
import { makeProject } from '../reproduce/project';
import { type RunManifest } from '../../../src/core/model';
import { objectKey } from '../../../src/core/remote/remote';
import { BUCKET, startS3, TEST_CREDENTIALS_ENV, type TestS3 } from './s3server';

const env = cliEnv({ ...TEST_CREDENTIALS_ENV });

/** A's project with `remote` appended to its runlens.yaml, committed and pushed to a bare repository. */
function projectWithRemote(remoteYaml: string): string {
  const repo = makeProject();
  appendFileSync(join(repo, 'runlens.yaml'), remoteYaml);
  git(repo, 'commit', '-q', '-am', 'share data');
  const bare = join(tempDir('runlens-team-'), 'team.git');
  git(repo, 'init', '-q', '--bare', '-b', 'main', bare);
  git(repo, 'remote', 'add', 'origin', bare);
  git(repo, 'push', '-q', 'origin', 'main');
  for (const [k, v] of [['user.name', 'Ada'], ['user.email', 'ada@example.com']]) git(repo, 'config', k ?? '', v ?? '');
  return repo;
}

/**
 * B: a teammate's clone of the same bare repository, elsewhere, with A's runs pulled
 * (`runlens pull`: records and code snapshots) and the uncached dataset it gets from elsewhere, but
 * none of the cached one.
 */
async function teammateOf(a: string): Promise<string> {
  const b = join(tempDir('runlens-teammate-'), 'b');
  git(tempDir(), 'clone', '-q', git(a, 'remote', 'get-url', 'origin'), b);
  for (const [k, v] of [['user.name', 'Bo'], ['user.email', 'bo@example.com']]) git(b, 'config', k ?? '', v ?? '');
  const pull = await runCli(['pull'], b, env);
  assert.equal(pull.code, 0, pull.stderr);
  writeFiles(b, { 'data/plain.csv': readFileSync(join(a, 'data', 'plain.csv'), 'utf8') });
  return b;
}

async function firstRun(repo: string): Promise<RunManifest> {
  const r = await runCli(['run', 'train'], repo, env);
  assert.equal(r.code, 0, r.stderr);
  const m = (await listRuns(repo))[0];
  assert.ok(m);
  return m;
}

describe('data remote: two clones (real CLI, real git)', function () {
  this.timeout(90_000);
  let s3: TestS3;
  before(async () => { s3 = await startS3(); });
  after(async () => {
    await s3.dispose();
    cleanupTemp();
  });

  const remotes: [string, () => string][] = [
    ['a folder', () => `remote: ${tempDir('runlens-team-share-')}\n`],
    ['S3 (s3rver)', () => `remote:\n  url: s3://${BUCKET}/clones\n  endpoint: ${s3.endpoint}\n`],
  ];
  for (const [name, yaml] of remotes) {
    it(`B reproduces A's run on A's data fetched from ${name}`, async () => {
      const a = projectWithRemote(yaml());
      const run = await firstRun(a);
      const push = await runCli(['push'], a, env);
      assert.equal(push.code, 0, push.stderr);
      assert.match(push.out, /pushed 1 run/);
      assert.match(push.out, /data: pushed 2 file\(s\)/, 'the cached dataset file and the output');

      const b = await teammateOf(a);
      const before = await runCli(['cache', 'status', '--json'], b, env);
      assert.equal((JSON.parse(before.out) as { objects: number }).objects, 0, 'B starts without the data');
      const r = await runCli(['reproduce', run.id], b, env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /fetched 1 file\(s\).*from the data remote/);
      assert.match(r.stderr, /verdict: reproduced/);
      const repro = (await listRuns(b)).find((m) => m.reproducedFrom === run.id);
      assert.deepEqual(repro?.metrics.w, run.metrics.w);

      // Pull of a run's data works the same way, and fills nothing twice.
      const pull = await runCli(['cache', 'pull', '--json'], b, env);
      assert.equal(pull.code, 0, pull.stderr);
      const pulled = JSON.parse(pull.out) as { downloaded: number; objects: number; missing: string[] };
      assert.equal(pulled.downloaded, 0);
      // Only the cached dataset's file is asked for: the other dataset never goes to a remote.
      assert.deepEqual([pulled.objects, pulled.missing], [1, []]);
    });
  }

  it('B\'s data cache is brought back under its cap after reproduce fetched data', async () => {
    const a = projectWithRemote(`remote: ${tempDir('runlens-team-share-')}\n`);
    const run = await firstRun(a);
    assert.equal((await runCli(['push'], a, env)).code, 0);
    const b = await teammateOf(a);
    appendFileSync(join(b, 'runlens.yaml'), 'dataCache:\n  maxSize: 1\n');
    const r = await runCli(['reproduce', run.id], b, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /fetched 1 file\(s\).*from the data remote/);
    const status = JSON.parse((await runCli(['cache', 'status', '--json'], b, env)).out) as { objects: number };
    assert.equal(status.objects, 0, 'the fetched object went: the remote holds it, and the cap is 1 byte');
  });

  it('B refuses a corrupt object on the remote: nothing runs on it', async () => {
    const share = tempDir('runlens-team-share-');
    const a = projectWithRemote(`remote: ${share}\n`);
    const run = await firstRun(a);
    assert.equal((await runCli(['push'], a, env)).code, 0);
    const cached = JSON.parse(readFileSync(join(a, '.runlens', 'runs', run.id, 'datasets.json'), 'utf8')) as { files: { sha256: string }[] }[];
    const object = join(share, ...objectKey(cached[0]?.files[0]?.sha256 ?? '').split('/'));
    chmodSync(object, 0o644);
    writeFileSync(object, '666\n');
    const b = await teammateOf(a);
    const r = await runCli(['reproduce', run.id], b, env);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /refused/);
    assert.match(r.stderr, /nor on the data remote/);
    assert.equal((await listRuns(b)).filter((m) => m.reproducedFrom === run.id).length, 0);
  });

  it('refuses a remote that is not configured unless it is named', async () => {
    const a = makeProject();
    await firstRun(a);
    const refused = await runCli(['cache', 'push'], a, env);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /no data remote is configured/);
    const share = tempDir('runlens-named-');
    const named = await runCli(['cache', 'push', share, '--json'], a, env);
    assert.equal(named.code, 0, named.stderr);
    assert.equal((JSON.parse(named.out) as { uploaded: number }).uploaded, 2);
  });

  it('refuses a config that carries credentials, saying where they go', async () => {
    const a = projectWithRemote(`remote:\n  url: s3://${BUCKET}/x\n  secretAccessKey: abc\n`);
    const r = await runCli(['cache', 'push'], a, env);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /"secretAccessKey" is a credential and is refused here: .*AWS_ACCESS_KEY_ID/);
    const inUrl = projectWithRemote('remote: s3://KEY:SECRET@bucket/x\n');
    const u = await runCli(['cache', 'push'], inUrl, env);
    assert.equal(u.code, 4, u.stderr);
    assert.match(u.stderr, /carries credentials/);
    assert.doesNotMatch(u.stderr, /KEY:SECRET/, 'the secret is not echoed');
  });
});
