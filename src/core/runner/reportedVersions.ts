// Framework versions a run's own process reports (the Python client writes torch, CUDA, ... to
// `environment.json` in the run directory at its first flush): validated and merged into the run's
// `versions` by the supervisor, never overriding what the supervisor recorded itself.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type RunWriter } from '../store/writer';

/** The file the run's process writes (atomically) in its run directory. */
export const REPORTED_VERSIONS_FILE = 'environment.json';

const MAX_ENTRIES = 20;
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;
const MAX_VALUE = 100;

/** The valid `name: version` entries of the file's text; anything else is ignored. */
export function parseReportedVersions(text: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // A half-written or hand-damaged file reports nothing; the supervisor's own versions stand.
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>).slice(0, MAX_ENTRIES)) {
    if (NAME.test(k) && typeof v === 'string' && v.length > 0 && v.length <= MAX_VALUE && !/[\u0000-\u001f\u007f]/.test(v)) out[k] = v;
  }
  return out;
}

/**
 * Follows a run's reported versions: each `check` reads the file when it changed and records
 * entries not known yet. Cheap when there is no file (one failed stat).
 */
export function followReportedVersions(writer: RunWriter): { check(): Promise<void> } {
  const path = join(writer.dir, REPORTED_VERSIONS_FILE);
  let seen = -1;
  return {
    async check() {
      const st = await fsp.stat(path).catch(() => undefined); // the client has not reported versions (yet): nothing to add
      if (!st || st.mtimeMs === seen) return;
      seen = st.mtimeMs;
      const reported = parseReportedVersions(await fsp.readFile(path, 'utf8').catch(() => '')); // removed between stat and read: nothing to add this time
      const known = writer.manifest().versions;
      const added = Object.fromEntries(Object.entries(reported).filter(([k, v]) => !(k in known) || (known[k] !== v && !SUPERVISOR_KEYS.has(k))));
      if (Object.keys(added).length > 0) await writer.addVersions(added);
    },
  };
}

/** Keys the supervisor records itself (runner/versions.ts): a script cannot replace them. */
const SUPERVISOR_KEYS = new Set(['node', 'host', 'platform', 'runlens', 'python']);
