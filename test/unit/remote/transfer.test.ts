// The data remote against real storage: a folder and a real S3-compatible server (s3rver on
// 127.0.0.1). Pushes are resumable and never show a partial object, a push with nothing new asks
// the remote nothing, and whatever is corrupt (on the remote, or in the local cache) is refused.
import * as assert from 'node:assert/strict';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DataCache } from '../../../src/core/data/cacheStore';
import { parseRemote, type RemoteSpec } from '../../../src/core/remote/spec';
import { pullRunData, pushRunData } from '../../../src/core/remote/sync';
import { BUCKET, startS3, useTestCredentials, type TestS3 } from './s3server';
import { cleanupFixtures, cloneOf, makeStore, s3Client, sha, temp, visibleObjects } from './fixture';
import { objectKey } from '../../../src/core/remote/remote';

interface Kind {
  readonly name: string;
  /** A fresh remote of this kind. */
  make(): RemoteSpec;
  /** Makes the remote unreachable (and back). */
  cut(spec: RemoteSpec): Promise<void>;
  mend(spec: RemoteSpec): Promise<void>;
  /** Replaces the bytes of an object on the remote, as a broken tool or disk would. */
  tamper(spec: RemoteSpec, sha256: string, bytes: Buffer): Promise<void>;
}

let s3: TestS3;
let restoreEnv: () => void;
let prefixes = 0;

const folder: Kind = {
  name: 'folder',
  make: () => parseRemote(temp('runlens-remote-folder-'), '/'),
  cut: (spec) => { if (spec.kind === 'folder') renameSync(spec.path, `${spec.path}.away`); return Promise.resolve(); },
  mend: (spec) => { if (spec.kind === 'folder') renameSync(`${spec.path}.away`, spec.path); return Promise.resolve(); },
  tamper: (spec, sha256, bytes) => {
    if (spec.kind === 'folder') {
      const file = join(spec.path, ...objectKey(sha256).split('/'));
      chmodSync(file, 0o644);
      writeFileSync(file, bytes);
    }
    return Promise.resolve();
  },
};

const s3Kind: Kind = {
  name: 'S3 (s3rver)',
  make: () => parseRemote(`s3://${BUCKET}/team${++prefixes}`, '/', { endpoint: s3.endpoint }),
  cut: () => s3.stop(),
  mend: () => s3.restart(),
  tamper: async (spec, sha256, bytes) => {
    if (spec.kind !== 's3') return;
    const client = s3Client(spec);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${spec.prefix}/${objectKey(sha256)}`, Body: bytes }));
    client.destroy();
  },
};

describe('data remote: push and pull against real storage', function () {
  this.timeout(60_000);
  before(async () => {
    restoreEnv = useTestCredentials();
    s3 = await startS3();
  });
  after(async () => {
    await s3.dispose();
    restoreEnv();
    cleanupFixtures();
  });

  for (const kind of [folder, s3Kind]) {
    describe(kind.name, () => {
      it('pushes cached datasets and outputs; a teammate pulls them whole; a push with nothing new asks the remote nothing', async () => {
        const a = await makeStore(5, 2000, { 'out/model.bin': Buffer.from('weights') });
        const spec = kind.make();
        const pushed = await pushRunData(a, spec, [a.run]);
        assert.deepEqual([pushed.uploaded, pushed.present, pushed.changed], [6, 0, []]);
        const seen = await visibleObjects(spec);
        assert.equal(seen.length, 6);
        assert.ok(seen.every((o) => o.name === o.actual), 'every visible object hashes to its name');

        const b = cloneOf(a);
        const pulled = await pullRunData(b, spec, [b.run], { outputs: true });
        assert.deepEqual([pulled.downloaded, pulled.missing, pulled.corrupt], [6, [], []]);
        const cacheB = new DataCache(b.root);
        for (const [name, bytes] of a.files) assert.equal(sha(await readObject(cacheB, name)), sha(bytes));

        // With the remote unreachable, a push with nothing new still succeeds: only the local record is read.
        await kind.cut(spec);
        try {
          const again = await pushRunData(a, spec, [a.run]);
          assert.deepEqual([again.uploaded, again.alreadyPushed], [0, 1]);
        } finally {
          await kind.mend(spec);
        }
      });

      it('an interrupted push shows nothing partial, and the next push completes it', async () => {
        const a = await makeStore(24, 50_000);
        const spec = kind.make();
        const ac = new AbortController();
        await assert.rejects(pushRunData(a, spec, [a.run], {
          concurrency: 4, signal: ac.signal, onProgress: (p) => { if (p.done >= 6) ac.abort(new Error('cable pulled')); },
        }));
        const first = await visibleObjects(spec);
        assert.ok(first.length < 24, `the push stopped part-way (${first.length} of 24 visible)`);
        assert.ok(first.every((o) => o.name === o.actual), 'no partial or corrupt object is visible');

        const second = await pushRunData(a, spec, [a.run]);
        assert.ok(second.present + second.uploaded === 24 && second.uploaded < 24, `resumed: ${second.uploaded} uploaded, ${second.present} skipped`);
        const all = await visibleObjects(spec);
        assert.equal(all.length, 24);
        assert.ok(all.every((o) => o.name === o.actual));
      });

      it('refuses a corrupt or truncated object from the remote', async () => {
        const a = await makeStore(3, 4000);
        const spec = kind.make();
        await pushRunData(a, spec, [a.run]);
        const [bad, cut] = [...a.files.entries()];
        await kind.tamper(spec, bad?.[0] ?? '', Buffer.from('not the data'));
        await kind.tamper(spec, cut?.[0] ?? '', (cut?.[1] ?? Buffer.alloc(0)).subarray(0, 1000));
        const b = cloneOf(a);
        const pulled = await pullRunData(b, spec, [b.run]);
        assert.equal(pulled.downloaded, 1);
        assert.equal(pulled.corrupt.length, 2);
        assert.match(pulled.corrupt.join('\n'), /refused/);
        const cacheB = new DataCache(b.root);
        assert.equal(await cacheB.has(bad?.[0] ?? ''), false, 'a corrupt object never enters the cache');
        assert.equal(await cacheB.has(cut?.[0] ?? ''), false, 'nor a truncated one');
      });

      it('does not upload a local object damaged since it was cached', async () => {
        const a = await makeStore(1, 100);
        const [name] = [...a.files.keys()];
        const file = new DataCache(a.root).objectPath(name ?? '');
        chmodSync(file, 0o644);
        writeFileSync(file, 'bit rot');
        const spec = kind.make();
        await assert.rejects(pushRunData(a, spec, [a.run]), /damaged and was not uploaded/);
        assert.deepEqual(await visibleObjects(spec), []);
      });

      it('leaves out an output rewritten since its run recorded it', async () => {
        const a = await makeStore(1, 100, { 'out/model.bin': Buffer.from('v1 weights') });
        writeFileSync(join(a.workspaceRoot, 'out/model.bin'), 'v2 weights');
        const r = await pushRunData(a, kind.make(), [a.run]);
        assert.equal(r.uploaded, 1);
        assert.deepEqual(r.changed, [join(a.workspaceRoot, 'out/model.bin')]);
      });
    });
  }

  it('S3: a file larger than one part goes up as a multipart upload and comes back whole', async () => {
    const a = await makeStore(1, 9 * 1024 * 1024 + 123);
    const spec = s3Kind.make();
    assert.equal((await pushRunData(a, spec, [a.run])).uploaded, 1);
    const b = cloneOf(a);
    const pulled = await pullRunData(b, spec, [b.run]);
    assert.deepEqual([pulled.downloaded, pulled.corrupt], [1, []]);
    const [name] = [...a.files.keys()];
    assert.equal(sha(await readObject(new DataCache(b.root), name ?? '')), name);
  });

  it('S3: a push to a server that went down fails, and completes once it is back', async () => {
    const a = await makeStore(4, 100);
    const spec = s3Kind.make();
    await s3.stop();
    try {
      await assert.rejects(pushRunData(a, spec, [a.run]));
    } finally {
      await s3.restart();
    }
    assert.equal((await pushRunData(a, spec, [a.run])).uploaded, 4);
    assert.equal((await visibleObjects(spec)).length, 4);
  });
});

function readObject(cache: DataCache, name: string): Promise<Buffer> {
  return readFile(cache.objectPath(name));
}
