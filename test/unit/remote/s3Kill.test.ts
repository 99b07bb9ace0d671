// A push to S3 whose server dies mid-upload: s3rver in a child process is killed (SIGKILL) while
// objects are in flight, restarted on the same folder and port, and the push resumed: every object
// that was complete stays as it was (never sent twice), nothing is missing, every hash matches.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseRemote } from '../../../src/core/remote/spec';
import { pushRunData } from '../../../src/core/remote/sync';
import { BUCKET, useTestCredentials } from './s3server';
import { cleanupFixtures, makeStore, temp, visibleObjects } from './fixture';

const COUNT = 200;
/** Above the size a push asks the remote about before sending: a resumed push must not resend what is there. */
const SIZE = 70_000;

/** s3rver in its own process on 127.0.0.1 (`port` 0: a free one), storing into `dir`; resolves with its port once it listens. */
async function startServer(dir: string, port: number): Promise<{ port: number; child: ChildProcess }> {
  const script = `const S3rver = require('s3rver');
new S3rver({ address: '127.0.0.1', port: ${port}, silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: '${BUCKET}' }] })
  .run().then(({ port }) => console.log(port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
  const said = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (b: Buffer) => resolve(b.toString().trim()));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${String(code)}`)));
  });
  child.removeAllListeners('exit');
  return { port: Number(said), child };
}

/** Every file s3rver keeps for an object, by path, with its inode and modification time. */
function objectFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('._S3rver_object')) {
        const st = statSync(p);
        out.set(p, `${st.ino}:${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

/** True when s3rver finished writing this metadata file (it exists and parses). */
function whole(metadata: string): boolean {
  try {
    JSON.parse(readFileSync(metadata, 'utf8'));
    return true;
  } catch {
    return false; // absent or cut short: the PUT never completed
  }
}

describe('data remote: an S3 server killed mid-push', function () {
  this.timeout(120_000);
  let restoreEnv: () => void;
  const children: ChildProcess[] = [];
  before(() => { restoreEnv = useTestCredentials(); });
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    restoreEnv();
    cleanupFixtures();
  });

  it('resumes after SIGKILL and a restart: nothing complete is sent twice, nothing is missing, every hash matches', async () => {
    const a = await makeStore(COUNT, SIZE);
    const dir = temp('runlens-s3rver-kill-');
    const first = await startServer(dir, 0);
    children.push(first.child);
    const spec = parseRemote(`s3://${BUCKET}/team`, '/', { endpoint: `http://127.0.0.1:${first.port}` });
    const killed = new Promise((resolve) => first.child.once('exit', resolve));
    await assert.rejects(pushRunData(a, spec, [a.run], {
      concurrency: 8,
      onProgress: (p) => { if (p.done === 20) first.child.kill('SIGKILL'); },
    }));
    await killed;

    // s3rver writes an object's data, its MD5, then its metadata, each in place: an object the kill
    // cut has no metadata, or half of it. S3 itself never shows such an object (a PUT is atomic),
    // so its files are removed here, as S3 would never have kept them.
    for (const object of objectFiles(dir).keys()) {
      if (!whole(object.replace(/_object$/, '_metadata.json'))) {
        for (const f of [object, `${object}.md5`, object.replace(/_object$/, '_metadata.json')]) rmSync(f, { force: true });
      }
    }
    const complete = objectFiles(dir);
    assert.ok(complete.size >= 20 && complete.size < COUNT, `the server died mid-push (${complete.size} of ${COUNT} objects complete)`);

    const second = await startServer(dir, first.port);
    children.push(second.child);
    const resumed = await pushRunData(a, spec, [a.run], { concurrency: 8 });
    assert.equal(resumed.uploaded + resumed.present, COUNT);
    assert.ok(resumed.uploaded <= COUNT - complete.size, `only what was not complete was sent (${resumed.uploaded} uploaded, ${complete.size} were complete)`);
    const after = objectFiles(dir);
    for (const [file, id] of complete) assert.equal(after.get(file), id, `${file} was complete before the kill and was not written again`);
    const visible = await visibleObjects(spec);
    assert.equal(visible.length, COUNT, 'nothing is missing');
    assert.ok(visible.every((o) => o.name === o.actual), 'every object hashes to its name');
    assert.deepEqual(new Set(visible.map((o) => o.name)), new Set(a.files.keys()));
    second.child.kill('SIGKILL');
  });
});
