// What to watch so that a data edit re-checks staleness (docs/lineage.md): the declared dataset
// paths of the runs judged, and nothing else, bounded so a workspace with thousands of declared
// paths does not get thousands of watchers (it is then re-checked only when runs end).

/** At most this many glob patterns are watched per workspace folder. */
export const MAX_WATCH_PATTERNS = 64;

const GLOB = /[*?[\]{}]/;

/**
 * Glob patterns (relative to the workspace folder) covering `specs`: a glob spec as it is, a plain
 * path as itself and everything below it (it may be a file or a folder). Specs that leave the
 * folder (absolute, `..`) are skipped. Empty when there are more than {@link MAX_WATCH_PATTERNS}.
 */
export function watchPatterns(specs: readonly string[], max = MAX_WATCH_PATTERNS): string[] {
  const out = new Set<string>();
  for (const raw of specs) {
    const spec = raw.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (spec === '' || spec.startsWith('/') || /^[a-zA-Z]:/.test(spec) || spec.split('/').includes('..')) continue;
    if (GLOB.test(spec)) out.add(spec);
    else {
      out.add(spec);
      out.add(`${spec}/**`);
    }
  }
  return out.size > max ? [] : [...out].sort();
}
