// Picks the data remote a command uses (the one named, else runlens.yaml's `remote:`, else a
// refusal) and opens it; the S3 client is loaded only when an s3:// remote is used.
import { type DataRemote } from './remote';
import { parseRemote, type RemoteSpec } from './spec';

/** No remote was named and runlens.yaml configures none. */
export class NoRemoteError extends Error {
  constructor() {
    super('no data remote is configured: add `remote: s3://bucket/prefix` (or a folder path) to runlens.yaml, or name one, e.g. `runlens cache push /mnt/team/runlens`');
    this.name = 'NoRemoteError';
  }
}

/**
 * The remote to use: `named` (a URL or folder path given on the command line, relative to `cwd`)
 * wins; else `configured`; else NoRemoteError. A remote is never guessed.
 */
export function chooseRemote(named: string | undefined, configured: RemoteSpec | undefined, cwd: string): RemoteSpec {
  if (named !== undefined) return parseRemote(named, cwd);
  if (configured) return configured;
  throw new NoRemoteError();
}

/** Opens a remote; close it when done. */
export async function openRemote(spec: RemoteSpec): Promise<DataRemote> {
  if (spec.kind === 'folder') {
    const { FolderRemote } = await import('./folderRemote.js');
    return new FolderRemote(spec);
  }
  const { S3Remote } = await import('./s3Remote.js');
  return new S3Remote(spec);
}

/** Runs `work` with the remote open, closing it after. */
export async function withRemote<T>(spec: RemoteSpec, work: (remote: DataRemote) => Promise<T>): Promise<T> {
  const remote = await openRemote(spec);
  try {
    return await work(remote);
  } finally {
    remote.close();
  }
}
