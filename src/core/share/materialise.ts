// Turns fetched record commits into run directories of this store: the files of the record, the
// manifest marked with its origin (author, host, remote) and its working directory mapped into
// this clone. Each run appears whole (built aside, then renamed into place).
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../fs/atomic';
import { type RunManifest } from '../model';
import { isRunId } from '../store/ids';
import { StoreLayout, ensureStore } from '../store/layout';
import { parseManifest } from '../store/manifest';
import { nameOwner, releaseName, reserveName } from '../store/names';
import { journalChange } from '../store/run-index';
import { commitAuthor } from './objects';
import { ALL_RECORD_FILES, type ShareInfo } from './record';

/** One fetched record to materialise. */
export interface FetchedRecord {
  readonly id: string;
  readonly commit: string;
  /** The record's files by name (absent ones missing), and the raw commit object. */
  readonly files: ReadonlyMap<string, Buffer>;
  readonly commitObject: Buffer;
}

/** The object names {@link FetchedRecord} needs of record `commit`, for one batched read. */
export function recordObjectNames(commit: string): string[] {
  return [commit, ...ALL_RECORD_FILES.map((f) => `${commit}:${f}`)];
}

/**
 * Writes (or replaces) the pulled run of `rec` in the store and returns its manifest. `remote` is
 * what the origin names; `repoTop` maps the run's working directory into this clone.
 */
export async function materialise(storeRoot: string, rec: FetchedRecord, remote: string, repoTop: string): Promise<RunManifest> {
  if (!isRunId(rec.id)) throw new Error(`the remote holds a record under a name that is no run id: ${JSON.stringify(rec.id)}`);
  const layout = new StoreLayout(storeRoot);
  await ensureStore(layout);
  const runJson = rec.files.get('run.json');
  if (!runJson) throw new Error(`record ${rec.commit.slice(0, 12)} of run ${rec.id} has no run.json`);
  const shared = parseManifest(JSON.parse(runJson.toString('utf8')) as unknown, rec.id);
  const info = parseInfo(rec.files.get('share.json'));
  const author = commitAuthor(rec.commitObject);
  const previous = await readExisting(layout, rec.id);
  const name = await claimName(layout, rec.id, shared.name, author.name, previous?.name);
  const manifest: RunManifest = {
    ...shared, name,
    cwd: info?.cwdInRepo != null ? join(repoTop, ...info.cwdInRepo.split('/')) : shared.cwd,
    origin: { author: author.name, email: author.email, host: shared.process?.host ?? null, remote, commit: rec.commit },
  };
  const tmp = join(layout.runsDir, `.pull-${rec.id}-${process.pid}-${randomBytes(3).toString('hex')}`);
  await fsp.mkdir(tmp, { recursive: true });
  for (const [file, data] of rec.files) {
    if (file === 'run.json' || file === 'share.json') continue;
    await fsp.writeFile(join(tmp, file), data);
  }
  await writeFileAtomic(join(tmp, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const dir = layout.runDir(rec.id);
  if (previous) {
    // Replacing a pulled run (its author changed it): the old directory is moved aside first.
    const old = join(layout.runsDir, `.pulled-old-${rec.id}-${process.pid}`);
    await fsp.rename(dir, old);
    await fsp.rename(tmp, dir);
    await fsp.rm(old, { recursive: true, force: true });
    if (previous.name.toLowerCase() !== name.toLowerCase()) await releaseName(layout, previous.name, rec.id);
  } else {
    await fsp.rename(tmp, dir);
  }
  await journalChange(layout, rec.id);
  return manifest;
}

async function readExisting(layout: StoreLayout, id: string): Promise<RunManifest | undefined> {
  const text = await fsp.readFile(join(layout.runDir(id), 'run.json'), 'utf8').catch(() => undefined); // not here yet: a new run
  return text === undefined ? undefined : parseManifest(JSON.parse(text) as unknown, id);
}

function parseInfo(data: Buffer | undefined): ShareInfo | undefined {
  if (!data) return undefined;
  const raw = JSON.parse(data.toString('utf8')) as Partial<ShareInfo>;
  return raw.format === 1 ? (raw as ShareInfo) : undefined;
}

/**
 * Names are unique in a workspace: a teammate's run keeps its name when free here, else gets the
 * author's first name appended (then a number), so it never takes over a name of one's own run.
 */
async function claimName(layout: StoreLayout, id: string, wanted: string, author: string, held: string | undefined): Promise<string> {
  if (held !== undefined && held.toLowerCase() === wanted.toLowerCase()) return held;
  const who = (author.split(/\s+/)[0] ?? 'teammate').replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 20) || 'teammate';
  const base = wanted.slice(0, 70);
  const candidates = [wanted, `${base} (${who})`, ...Array.from({ length: 50 }, (_, i) => `${base} (${who} ${i + 2})`)];
  for (const c of candidates) {
    if (await reserveName(layout, c, id)) return c;
    if ((await nameOwner(layout, c)) === id) return c;
  }
  return `${base} (${id})`;
}
