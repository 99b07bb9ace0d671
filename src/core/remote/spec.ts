// Where the data remote is: a folder (a network mount) or an S3-compatible bucket, parsed from
// `remote:` in runlens.yaml or a REMOTE argument of `runlens cache push/pull`. Credentials never
// come from here: a URL or a config carrying keys is refused (docs/sharing.md#the-data-remote).
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

/** A data remote, as configured. */
export type RemoteSpec =
  | { readonly kind: 'folder'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string; readonly endpoint?: string; readonly region?: string };

/** Keys that would put a secret into runlens.yaml, refused with a message saying where credentials go. */
export const CREDENTIAL_KEYS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'credentials', 'password', 'secret', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

/** What to do instead of writing a key into the config. */
export const CREDENTIALS_HINT = 'credentials are never read from runlens.yaml or a remote URL: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or use ~/.aws/credentials) in the environment';

/** A remote that cannot be used as written. */
export class RemoteSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteSpecError';
  }
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses a remote URL: `s3://bucket/prefix` or a folder path (absolute, or relative to `base`, the
 * folder of runlens.yaml or the current directory). `endpoint`/`region` apply to S3 only.
 */
export function parseRemote(url: string, base: string, options: { endpoint?: string; region?: string } = {}): RemoteSpec {
  const text = url.trim();
  if (text === '') throw new RemoteSpecError('the remote is empty: give a folder path or s3://bucket/prefix');
  if (/^s3:\/\//i.test(text)) {
    const rest = text.slice(5);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    if (bucket.includes('@') || bucket.includes(':')) throw new RemoteSpecError(`the remote ${redact(text)} carries credentials; ${CREDENTIALS_HINT}`);
    if (!BUCKET.test(bucket)) throw new RemoteSpecError(`"${bucket}" is not an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)`);
    const prefix = (slash < 0 ? '' : rest.slice(slash + 1)).split('/').filter((p) => p !== '').join('/');
    if (prefix.split('/').some((p) => p === '..' || p === '.')) throw new RemoteSpecError(`the prefix of ${text} may not contain "." or ".." segments`);
    if (options.endpoint !== undefined) checkEndpoint(options.endpoint);
    return { kind: 's3', bucket, prefix, ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}), ...(options.region !== undefined ? { region: options.region } : {}) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new RemoteSpecError(`unsupported remote ${redact(text)}: use a folder path or s3://bucket/prefix`);
  if (options.endpoint !== undefined || options.region !== undefined) throw new RemoteSpecError('endpoint and region apply only to an s3:// remote');
  return { kind: 'folder', path: isAbsolute(text) ? resolve(text) : resolve(base, text) };
}

function checkEndpoint(endpoint: string): void {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw new RemoteSpecError(`endpoint "${endpoint}" is not a URL (e.g. https://s3.example.com or http://127.0.0.1:9000)`);
  }
  if (u.username !== '' || u.password !== '') throw new RemoteSpecError(`the endpoint carries credentials; ${CREDENTIALS_HINT}`);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RemoteSpecError(`endpoint "${endpoint}" must be http:// or https://`);
}

/** The URL with anything between `//` and `@` hidden, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

/** True when a REMOTE argument names a remote (a URL or a path) rather than a run. */
export function looksLikeRemote(arg: string): boolean {
  return /^s3:\/\//i.test(arg) || isAbsolute(arg) || arg.startsWith('./') || arg.startsWith('../') || arg === '.' || arg === '..';
}

/** A human-readable, credential-free name of the remote. */
export function describeRemote(spec: RemoteSpec): string {
  if (spec.kind === 'folder') return spec.path;
  const where = `s3://${spec.bucket}${spec.prefix === '' ? '' : `/${spec.prefix}`}`;
  return spec.endpoint === undefined ? where : `${where} at ${spec.endpoint}`;
}

/** A stable short key of the remote, naming its local record of what it holds. */
export function remoteKey(spec: RemoteSpec): string {
  return createHash('sha256').update(describeRemote(spec)).digest('hex').slice(0, 16);
}
