// The data remote at scale: `runlens cache push` of 100,000 small files (about 2 GB) to a local
// S3-compatible server (s3rver in a child process, so client and server each get a core) and to a
// folder remote, each against a baseline in the same run (a plain sequential PUT loop on a sample,
// `cp -r` of the same objects), then a push with nothing new (the local record alone).
// The files are generated once into /tmp and reused; the server's folder is removed after.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DataCache } from '../src/core/data/cacheStore';
import { parseRemote } from '../src/core/remote/spec';
import { pushRunData } from '../src/core/remote/sync';
import { report } from './report';

const FILES = Number(process.env.RUNLENS_BENCH_REMOTE_FILES ?? 100_000);
/** Sizes between 10 and 30 KB: 20 KB on average, 2 GB for 100,000 files. */
const MIN = 10_000;
const SPREAD = 20_000;
/** Objects the sequential PUT baseline sends (its rate is extrapolated to FILES). */
const SAMPLE = 2_000;
const FIXTURE = join(tmpdir(), `runlens-bench-remote-${FILES}`);
const BUCKET = 'runlens-bench';

/** The fixture store: FILES objects in its data cache and one run naming them all; built once. */
function fixture(): { root: string; workspaceRoot: string; runDir: string; bytes: number } {
  const root = join(FIXTURE, '.runlens');
  const runDir = join(root, 'runs', 'r1');
  const done = join(FIXTURE, 'complete.json');
  if (!existsSync(done)) {
    rmSync(FIXTURE, { recursive: true, force: true });
    const cache = new DataCache(root);
    const files: { path: string; size: number; sha256: string }[] = [];
    let bytes = 0;
    for (let i = 0; i < FILES; i++) {
      const b = randomBytes(MIN + Math.floor(Math.random() * SPREAD));
      const sha256 = createHash('sha256').update(b).digest('hex');
      const obj = cache.objectPath(sha256);
      mkdirSync(join(obj, '..'), { recursive: true });
      writeFileSync(obj, b, { mode: 0o444 });
      files.push({ path: `data/f${i}.bin`, size: b.length, sha256 });
      bytes += b.length;
    }
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'datasets.json'), JSON.stringify([{ spec: 'data', hash: 'x', files, bytes, links: [], errors: [], skipped: [], missing: false }]));
    writeFileSync(done, JSON.stringify({ files: FILES, bytes }));
  }
  // A fresh record each time: the bench measures a first push.
  rmSync(join(root, 'cache', 'remotes'), { recursive: true, force: true });
  const { bytes } = JSON.parse(readFileSync(done, 'utf8')) as { bytes: number };
  return { root, workspaceRoot: FIXTURE, runDir, bytes };
}

/** s3rver in a child process on a free port of 127.0.0.1, storing into `dir`. */
async function startServer(dir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = `const S3rver = require('s3rver');
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: '${BUCKET}' }] })
  .run().then(({ port }) => console.log(port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(__dirname, '..', '..') });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (b: Buffer) => resolve(b.toString().trim()));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Sends SAMPLE objects one after the other with a plain client: the baseline's per-object rate. */
async function sequentialPuts(endpoint: string, root: string, shas: string[]): Promise<number> {
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const cache = new DataCache(root);
  const t0 = process.hrtime.bigint();
  for (const sha of shas.slice(0, SAMPLE)) {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `baseline/${sha}`, Body: readFileSync(cache.objectPath(sha)) }));
  }
  const s = seconds(t0);
  client.destroy();
  return (s / Math.min(SAMPLE, shas.length)) * shas.length;
}

/** Measures and reports the data remote pushes. */
export async function bench(): Promise<void> {
  const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  Object.assign(process.env, env);
  const t0 = process.hrtime.bigint();
  const store = fixture();
  console.log(`fixture: ${FILES} files, ${(store.bytes / 1e9).toFixed(2)} GB in ${FIXTURE} (${seconds(t0).toFixed(0)} s to get ready)`);
  const run = { run: { id: 'r1', status: 'finished' as const }, dir: store.runDir };
  const shas = (JSON.parse(readFileSync(join(store.runDir, 'datasets.json'), 'utf8')) as { files: { sha256: string }[] }[])[0]?.files.map((f) => f.sha256) ?? [];
  const work = mkdtempSync(join(tmpdir(), 'runlens-bench-remote-work-'));
  try {
    const server = await startServer(join(work, 's3'));
    try {
      const spec = parseRemote(`s3://${BUCKET}/team`, '/', { endpoint: server.endpoint });
      const t1 = process.hrtime.bigint();
      const r = await pushRunData(store, spec, [run], { concurrency: 32 });
      const push = seconds(t1);
      if (r.uploaded !== FILES) throw new Error(`uploaded ${r.uploaded} of ${FILES}`);
      const baseline = await sequentialPuts(server.endpoint, store.root, shas);
      report({ name: `cache push of ${FILES} files (${(store.bytes / 1e9).toFixed(1)} GB) to s3rver`, value: push, unit: 's',
        baseline: { name: `sequential PUT loop (${SAMPLE} sent, extrapolated)`, value: baseline }, target: '<= 300 s', pass: push <= 300 });
      const t2 = process.hrtime.bigint();
      const again = await pushRunData(store, spec, [run]);
      const noop = Number(process.hrtime.bigint() - t2) / 1e6;
      report({ name: `cache push with nothing new (${FILES} objects on the remote)`, value: noop, unit: 'ms', target: '<= 1000 ms, no request', pass: noop <= 1000 && again.uploaded === 0 });
    } finally {
      server.child.kill();
    }
    rmSync(join(work, 's3'), { recursive: true, force: true });

    rmSync(join(store.root, 'cache', 'remotes'), { recursive: true, force: true });
    const folder = join(work, 'folder');
    mkdirSync(folder);
    const t3 = process.hrtime.bigint();
    const f = await pushRunData(store, parseRemote(folder, '/'), [run]);
    const folderPush = seconds(t3);
    if (f.uploaded !== FILES) throw new Error(`uploaded ${f.uploaded} of ${FILES} to the folder`);
    rmSync(folder, { recursive: true, force: true });
    const t4 = process.hrtime.bigint();
    execFileSync('cp', ['-r', join(store.root, 'cache', 'data', 'objects'), join(work, 'cp')]);
    const cp = seconds(t4);
    report({ name: `cache push of ${FILES} files to a folder remote`, value: folderPush, unit: 's',
      baseline: { name: 'cp -r of the same objects', value: cp }, target: '<= 300 s', pass: folderPush <= 300 });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
