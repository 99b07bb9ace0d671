// Where a push stages its records: a temporary bare repository inside the git dir that borrows the
// repository's objects (alternates) and names one ref per record in a packed-refs file, so a push of
// 1,000 runs writes no ref per run in the user's repository (a loose ref is a lock, a write, a rename).
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { bestEffort, ignoreErrors } from '../errors';
import { runGit } from '../git/exec';
import { type RepoInfo } from '../git/repo';

/** The prefix of the staged refs in the staging repository (pushed as `<STAGED>*:refs/runlens/records/*`). */
export const STAGED = 'refs/staged/';

/** A staging repository for one push. */
export interface Staging {
  /**
   * git options (before the command) that run it in the staging repository with the repository's
   * own configuration: its remotes, URL rewrites and credential helpers apply as they would there.
   */
  readonly gitOptions: readonly string[];
  /** Makes the staged refs exactly `records` (run id -> record commit), replacing what was staged. */
  stage(records: ReadonlyMap<string, string>): Promise<void>;
}

/** The folder of staging repositories inside the git dir. */
const FOLDER = 'runlens-staging';
/** A staging repository this old was left by a push that died: removed by the next push. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Runs `fn` with a fresh staging repository, removed afterwards. It lives inside the git dir so
 * that the user's `includeIf "gitdir:..."` configuration (an ssh key per project, say) still
 * matches, and it has the repository's object format; its refs are in the files format whatever
 * `init.defaultRefFormat` says, since {@link Staging.stage} writes its packed-refs file.
 */
export async function withStaging<T>(repo: Pick<RepoInfo, 'toplevel' | 'commonDir'>, fn: (staging: Staging) => Promise<T>): Promise<T> {
  const parent = join(repo.commonDir, FOLDER);
  await fsp.mkdir(parent, { recursive: true });
  await removeStale(parent);
  const dir = join(parent, `push-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const format = (await runGit(['rev-parse', '--show-object-format'], { cwd: repo.toplevel })).stdout.toString('utf8').trim();
    await runGit(['-c', 'init.defaultRefFormat=files', 'init', '-q', '--bare', '--template=', `--object-format=${format || 'sha1'}`, dir],
      { cwd: repo.toplevel, extraEnv: { GIT_DEFAULT_REF_FORMAT: 'files' } });
    await fsp.mkdir(join(dir, 'objects', 'info'), { recursive: true });
    await fsp.writeFile(join(dir, 'objects', 'info', 'alternates'), `${join(repo.commonDir, 'objects')}\n`);
    return await fn({
      // The repository's config is included first, then what must hold whatever it says: no hooks
      // (as for every git command Runlens runs), and a bare repository (there is no work tree here).
      gitOptions: ['-c', `include.path=${join(repo.commonDir, 'config')}`, '-c', 'core.hooksPath=/dev/null', '-c', 'core.bare=true', `--git-dir=${dir}`],
      stage: (records) => writePackedRefs(dir, records),
    });
  } finally {
    await bestEffort('removing the push staging repository', fsp.rm(dir, { recursive: true, force: true }), ignoreErrors);
  }
}

/**
 * Writes the staging repository's refs as one packed-refs file (the format of
 * gitrepository-layout(5): a header, then `<oid> <refname>` lines sorted by name).
 */
async function writePackedRefs(dir: string, records: ReadonlyMap<string, string>): Promise<void> {
  const refs = [...records].map(([id, oid]) => [`${STAGED}${id}`, oid] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = `# pack-refs with: peeled fully-peeled sorted \n${refs.map(([ref, oid]) => `${oid} ${ref}\n`).join('')}`;
  await fsp.writeFile(join(dir, 'packed-refs'), text);
}

/** Removes staging repositories left by pushes that died long ago (a live push's is recent). */
async function removeStale(parent: string): Promise<void> {
  const names = await fsp.readdir(parent).catch(() => [] as string[]); // unreadable: nothing to clean
  const now = Date.now();
  for (const name of names) {
    const path = join(parent, name);
    const st = await fsp.stat(path).catch(() => undefined); // removed meanwhile by another push
    if (st && now - st.mtimeMs > STALE_MS) await bestEffort('removing an old push staging repository', fsp.rm(path, { recursive: true, force: true }), ignoreErrors);
  }
}
