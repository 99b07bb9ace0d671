// Which git remote runs are shared through: the one named on the command line (a configured remote
// or, named explicitly, a URL or path), else `origin` (or the only remote). Never a guess beyond that.
import { createHash } from 'node:crypto';
import { runGit } from '../git/exec';
import { stripCredentials } from '../git/remote';
import { ShareError } from './errors';

/** The remote a push or pull talks to. */
export interface ShareRemote {
  /** The configured remote's name, or the URL/path as given on the command line. */
  readonly name: string;
  /** What git is given (the remote's name, so its configured URL and credentials helper apply; else the URL). */
  readonly target: string;
  /** The URL with credentials stripped: the only form that is ever written anywhere. */
  readonly url: string;
  /** Ref- and file-name-safe key of this remote for local bookkeeping (tracking refs, state file). */
  readonly key: string;
}

/** Configured remotes (name -> URL) of the repository at `repoTop`. */
export async function configuredRemotes(repoTop: string): Promise<Map<string, string>> {
  const res = await runGit(['config', '-z', '--get-regexp', '^remote\\..*\\.url$'], { cwd: repoTop, okCodes: [1] });
  const remotes = new Map<string, string>();
  for (const record of res.stdout.toString('utf8').split('\0')) {
    const nl = record.indexOf('\n');
    const m = nl < 0 ? null : /^remote\.(.+)\.url$/s.exec(record.slice(0, nl));
    if (m?.[1] !== undefined) remotes.set(m[1], record.slice(nl + 1));
  }
  return remotes;
}

/** Whether `given` is a URL or a path rather than a remote's name. */
function looksLikeLocation(given: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(given) || given.includes('/') || given.includes('\\') || /^[^/]+@[^/]+:/.test(given);
}

/**
 * Resolves the remote to share through. `given` undefined: `origin`, else the only configured remote;
 * several without `origin`, or none, is refused. A name that is no configured remote is refused
 * unless it is a URL or a path (naming one explicitly is the user's choice).
 */
export async function resolveShareRemote(repoTop: string, given: string | undefined): Promise<ShareRemote> {
  const remotes = await configuredRemotes(repoTop);
  if (given === undefined) {
    const names = [...remotes.keys()];
    const name = remotes.has('origin') ? 'origin' : names.length === 1 ? names[0] : undefined;
    if (name === undefined) {
      throw new ShareError(names.length === 0 ? 'this repository has no git remote to share runs through'
        : `this repository has several remotes and none is called origin (${names.join(', ')})`,
      names.length === 0 ? 'add one with: git remote add origin URL, or name one: runlens push URL' : `name one: runlens push ${names[0] ?? 'REMOTE'}`);
    }
    return named(name, remotes.get(name) ?? '');
  }
  const url = remotes.get(given);
  if (url !== undefined) return named(given, url);
  if (!looksLikeLocation(given)) {
    throw new ShareError(`no git remote called "${given}"`, remotes.size > 0 ? `configured remotes: ${[...remotes.keys()].join(', ')}` : 'add it with: git remote add NAME URL');
  }
  const clean = stripCredentials(given);
  return { name: clean, target: given, url: clean, key: `url-${createHash('sha1').update(clean).digest('hex').slice(0, 12)}` };
}

function named(name: string, url: string): ShareRemote {
  // A remote name may hold characters a ref or file name cannot: keep the safe ones and add a hash.
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_');
  const key = safe === name ? name : `${safe}-${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
  return { name, target: name, url: stripCredentials(url), key };
}
