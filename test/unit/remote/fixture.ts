// A store for the data remote tests: objects put in its real data cache, and a run directory whose
// datasets.json / outputs.json name them, plus a look at what a remote shows (every object whole?).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DataCache } from '../../../src/core/data/cacheStore';
import { type DatasetManifest } from '../../../src/core/data/types';
import { type RunRef } from '../../../src/core/remote/runObjects';
import { type RemoteSpec } from '../../../src/core/remote/spec';
import { BUCKET } from './s3server';

export const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

const dirs: string[] = [];

/** A temp folder removed by {@link cleanupFixtures}. */
export function temp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export function cleanupFixtures(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A workspace with a store whose one finished run read `files` (all in the data cache). */
export interface Fixture {
  readonly workspaceRoot: string;
  readonly root: string;
  readonly run: RunRef;
  readonly files: Map<string, Buffer>;
}

function manifest(spec: string, files: [string, Buffer][]): DatasetManifest {
  const entries = files.map(([path, b]) => ({ path, size: b.length, sha256: sha(b) }));
  return { spec, hash: sha(entries.map((e) => e.sha256).join()), files: entries, bytes: entries.reduce((n, e) => n + e.size, 0), links: [], errors: [], skipped: [], missing: false };
}

/** `count` random files of `size` bytes cached, and `outputs` written to the workspace and recorded as outputs. */
export async function makeStore(count: number, size = 1000, outputs: Record<string, Buffer> = {}): Promise<Fixture> {
  const workspaceRoot = temp('runlens-remote-ws-');
  const root = join(workspaceRoot, '.runlens');
  const cache = new DataCache(root);
  const files = new Map<string, Buffer>();
  const data: [string, Buffer][] = [];
  for (let i = 0; i < count; i++) {
    const b = randomBytes(size);
    const path = `data/f${i}.bin`;
    mkdirSync(join(workspaceRoot, 'data'), { recursive: true });
    writeFileSync(join(workspaceRoot, path), b);
    assert(await cache.put(join(workspaceRoot, path), sha(b)) === 'stored');
    files.set(sha(b), b);
    data.push([path, b]);
  }
  for (const [path, b] of Object.entries(outputs)) {
    mkdirSync(join(workspaceRoot, path, '..'), { recursive: true });
    writeFileSync(join(workspaceRoot, path), b);
    files.set(sha(b), b);
  }
  const dir = join(root, 'runs', 'r1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'datasets.json'), JSON.stringify([manifest('data', data)]));
  writeFileSync(join(dir, 'outputs.json'), JSON.stringify(Object.keys(outputs).length > 0 ? [manifest('out', Object.entries(outputs))] : []));
  return { workspaceRoot, root, run: { run: { id: 'r1', status: 'finished' }, dir }, files };
}

/** A second, empty store whose run directory is a copy of `of`'s (as a teammate's clone has it). */
export function cloneOf(of: Fixture): Fixture {
  const workspaceRoot = temp('runlens-remote-clone-');
  const root = join(workspaceRoot, '.runlens');
  const dir = join(root, 'runs', 'r1');
  mkdirSync(dir, { recursive: true });
  for (const f of ['datasets.json', 'outputs.json']) writeFileSync(join(dir, f), readFileSync(join(of.run.dir, f)));
  return { workspaceRoot, root, run: { run: of.run.run, dir }, files: of.files };
}

function assert(ok: boolean): void {
  if (!ok) throw new Error('fixture: caching a file failed');
}

/** Every object the remote shows, with the hash of its bytes. */
export async function visibleObjects(spec: RemoteSpec): Promise<{ name: string; actual: string }[]> {
  if (spec.kind === 'folder') {
    const root = join(spec.path, 'objects');
    let prefixes: string[] = [];
    try {
      prefixes = readdirSync(root);
    } catch {
      return []; // nothing pushed yet
    }
    return prefixes.flatMap((p) => readdirSync(join(root, p)).map((rest) => ({ name: p + rest, actual: sha(readFileSync(join(root, p, rest))) })));
  }
  const client = s3Client(spec);
  try {
    const out: { name: string; actual: string }[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: spec.prefix === '' ? undefined : `${spec.prefix}/`, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const body = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key }));
        const bytes = Buffer.from(await body.Body?.transformToByteArray() ?? []);
        const parts = (o.Key ?? '').split('/');
        out.push({ name: `${parts[parts.length - 2]}${parts[parts.length - 1]}`, actual: sha(bytes) });
      }
      token = page.NextContinuationToken;
    } while (token);
    return out;
  } finally {
    client.destroy();
  }
}

/** An S3 client on the test server (for a test to tamper with the remote as a broken tool would). */
export function s3Client(spec: RemoteSpec & { kind: 's3' }): S3Client {
  return new S3Client({ endpoint: spec.endpoint, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
}
