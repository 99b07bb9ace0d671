// The remote's catalog ref (docs/sharing.md#the-catalog): one ref, `refs/runlens/catalog`, that
// every push moves forward after its records landed. A pull fetches that one ref first and, when
// it is what the last complete pull saw, skips the fetch of every record ref.
import { errorMessage } from '../errors';
import { runGit } from '../git/exec';
import { ShareError } from './errors';
import { type Ident } from './objects';
import { type ShareRemote } from './remote';
import { saveState, type ShareState } from './state';

/** The catalog ref, on the remote. */
export const CATALOG = 'refs/runlens/catalog';

/** Where this repository keeps the catalog of remote `key` as last fetched. */
export function catalogRef(key: string): string {
  return `refs/runlens/catalogs/${key}`;
}

/** The empty tree's id (sha1 repositories; a sha256 one is asked for it). */
async function emptyTree(repoTop: string): Promise<string> {
  const res = await runGit(['mktree'], { cwd: repoTop, input: '' });
  return res.stdout.toString('utf8').trim();
}

/**
 * Fetches the remote's catalog commit (one ref: protocol v2 asks for it alone, whatever the number
 * of records) and returns it; undefined when the remote has none (records pushed by an older
 * Runlens) or the fetch failed, so the caller fetches every record as before.
 */
export async function fetchCatalog(repoTop: string, target: string, key: string, signal?: AbortSignal): Promise<string | undefined> {
  const res = await runGit(['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', target, `+${CATALOG}:${catalogRef(key)}`],
    { cwd: repoTop, signal, okCodes: [1, 128] });
  if (res.code !== 0) return undefined; // no catalog there, or the remote is unreachable: the full fetch says which
  const head = await runGit(['rev-parse', '--verify', '--quiet', catalogRef(key)], { cwd: repoTop, okCodes: [1] });
  return head.code === 0 ? head.stdout.toString('utf8').trim() : undefined;
}

/** What a push tells the catalog it did. */
export interface CatalogNote {
  readonly pushed: number;
  readonly pruned: number;
}

/** Attempts to move the catalog when other pushers move it at the same moment (each retry re-reads it). */
const ATTEMPTS = 8;

/**
 * Reads a rejected catalog push's output (porcelain stdout, then stderr): whether another push moved
 * the catalog in between (not a fast-forward: read it again and retry), and the reason to report.
 * git ends a rejection with `hint:` lines that name no reason, so the reason is in the lines before.
 */
export function catalogRejection(output: string): { readonly retry: boolean; readonly reason: string } {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('hint:'));
  // A porcelain line `!<TAB>from:to<TAB>[rejected] (why)` says it best; else git's last words.
  const refLine = lines.find((l) => l.startsWith('!'))?.split('\t').slice(1).join(' ');
  return { retry: /non-fast-forward|fetch first|stale info|cannot lock ref/.test(output), reason: refLine ?? lines.slice(-2).join(' ') };
}

/**
 * Moves the remote's catalog forward by one commit (a fast-forward of what it holds, never forced,
 * so concurrent pushers each add theirs: one retries on top of the other's). Called after the
 * records were accepted, in a push of its own: a pull that sees the new catalog sees those records.
 */
export async function advanceCatalog(repoTop: string, target: string, key: string, author: Ident, note: CatalogNote, signal?: AbortSignal): Promise<void> {
  const tree = await emptyTree(repoTop);
  let lastReason = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const parent = await fetchCatalog(repoTop, target, key, signal);
    const message = `runlens catalog: ${note.pushed} record(s) pushed, ${note.pruned} pruned\n`;
    const commit = (await runGit(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], {
      cwd: repoTop, signal,
      extraEnv: { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email },
    })).stdout.toString('utf8').trim();
    const res = await runGit(['push', '--porcelain', '--no-verify', target, `${commit}:${CATALOG}`], { cwd: repoTop, signal, okCodes: [1] });
    if (res.code === 0) {
      await runGit(['update-ref', catalogRef(key), commit], { cwd: repoTop });
      return;
    }
    const rejection = catalogRejection(`${res.stdout.toString('utf8')}\n${res.stderr}`);
    lastReason = rejection.reason;
    if (!rejection.retry) break;
  }
  throw new Error(`the catalog ref could not be moved: ${lastReason}`);
}

/**
 * Moves the remote's catalog after records changed there (or a previous push could not): pulls
 * check that one ref before fetching every record. Due is noted first, so a push interrupted
 * before the catalog moved moves it next time, even with nothing new to send.
 */
export async function announce(storeRoot: string, repoTop: string, remote: ShareRemote, state: ShareState, author: Ident, note: CatalogNote, signal?: AbortSignal): Promise<void> {
  if (note.pushed + note.pruned === 0 && state.catalogDue !== true) return;
  if (state.catalogDue !== true) {
    state.catalogDue = true;
    await saveState(storeRoot, remote.key, state);
  }
  try {
    await advanceCatalog(repoTop, remote.target, remote.key, author, note, signal);
  } catch (e) {
    throw new ShareError(`the runs were pushed, but ${errorMessage(e)}`, 'teammates see them once it moves: run the same push again (it sends nothing twice)');
  }
  delete state.catalogDue;
  await saveState(storeRoot, remote.key, state);
}
