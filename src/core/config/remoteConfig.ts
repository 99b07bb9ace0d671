// The sharing parts of runlens.yaml: `remote:` (the data remote, a folder or s3:// URL with an
// endpoint and region) and `dataCache:` (the cap on the local data cache), read from the
// schema-checked document, with what the schema cannot say: a URL or key carrying credentials.
import { parseSize } from '../present/format';
import { CREDENTIAL_KEYS, CREDENTIALS_HINT, parseRemote, RemoteSpecError, type RemoteSpec } from '../remote/spec';
import { type ConfigPath } from './yaml-positions';

/** Default cap of the data cache: 20 GiB (W&B's unbounded cache reaching hundreds of GB is the pain this avoids). */
export const DEFAULT_DATA_CACHE_MAX_BYTES = 20 * 1024 ** 3;

/** A problem of `remote:` the schema cannot see, at `path`. */
export interface RemoteIssue {
  readonly path: ConfigPath;
  readonly message: string;
}

/** The message for a schema issue at `path` when it is a credential key under `remote:`; undefined otherwise. */
export function credentialKeyMessage(path: ConfigPath): string | undefined {
  const key = path[1];
  if (path[0] !== 'remote' || path.length !== 2 || typeof key !== 'string') return undefined;
  return CREDENTIAL_KEYS.some((k) => k.toLowerCase() === key.toLowerCase()) ? `"${key}" is a credential and is refused here: ${CREDENTIALS_HINT}` : undefined;
}

/**
 * The remote of a schema-valid `remote:` value, its paths resolved against `base` (the folder of
 * runlens.yaml); undefined with an issue when it cannot be used.
 */
export function parseRemoteConfig(raw: unknown, base: string, issues: RemoteIssue[]): RemoteSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  const o = typeof raw === 'string' ? { url: raw } : (raw as { url?: string; endpoint?: string; region?: string });
  if (typeof o.url !== 'string') return undefined; // the schema reported the missing url
  const url = o.url;
  try {
    return parseRemote(url, base, { ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}), ...(o.region !== undefined ? { region: o.region } : {}) });
  } catch (e) {
    if (!(e instanceof RemoteSpecError)) throw e;
    issues.push({ path: typeof raw === 'string' ? ['remote'] : ['remote', 'url'], message: e.message });
    return undefined;
  }
}

/** The cap of a schema-valid `dataCache:` value, in bytes (0: no cap); the default when absent. */
export function parseDataCacheMax(raw: unknown): number {
  const v = (raw as { maxSize?: string | number } | undefined)?.maxSize;
  if (v === undefined) return DEFAULT_DATA_CACHE_MAX_BYTES;
  return typeof v === 'number' ? v : parseSize(v);
}
