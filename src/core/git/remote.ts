// Remote URLs as recorded with a run: credentials stripped (a token in an https URL must never reach
// the store, which people share and commit), and the remote chosen the way a person would.

/**
 * Removes credentials from a remote URL.
 * - `https://user:token@host/x` and `https://token@host/x` become `https://host/x`.
 * - `ssh://git:secret@host/x` keeps the user (it selects the account) and drops the password.
 * - scp-like `git@host:org/x.git`, local paths and `file://` URLs have no credentials and are
 *   returned unchanged.
 * The URL is not otherwise normalised (no case change, no re-encoding), so it still matches what
 * `git remote -v` shows apart from the secret.
 */
export function stripCredentials(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(url);
  if (!m) return url;
  const scheme = m[1] ?? '';
  const authority = m[2] ?? '';
  const rest = m[3] ?? '';
  // The last '@' ends the userinfo: a raw '@' inside a password is malformed but must not leak.
  const at = authority.lastIndexOf('@');
  if (at < 0) return url;
  const userinfo = authority.slice(0, at);
  const host = authority.slice(at + 1);
  // Outside ssh the userinfo is a credential: with https a "user name" is often the token itself.
  if (!scheme.toLowerCase().includes('ssh')) return `${scheme}://${host}${rest}`;
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  return `${scheme}://${user ? `${user}@` : ''}${host}${rest}`;
}

/**
 * Picks the remote to record from `git config -z --get-regexp ^remote\..*\.url$` output:
 * `origin` when it exists (the convention almost every clone follows), otherwise the first
 * configured remote. Returns the URL with credentials stripped, or null when there is none.
 */
export function pickRemote(configZ: string): { name: string; url: string } | null {
  const remotes: { name: string; url: string }[] = [];
  for (const record of configZ.split('\0')) {
    const nl = record.indexOf('\n');
    if (nl < 0) continue;
    const key = record.slice(0, nl);
    const m = /^remote\.(.+)\.url$/s.exec(key);
    if (m?.[1] !== undefined) remotes.push({ name: m[1], url: stripCredentials(record.slice(nl + 1)) });
  }
  return remotes.find((r) => r.name === 'origin') ?? remotes[0] ?? null;
}
