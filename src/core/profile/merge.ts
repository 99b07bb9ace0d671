// Merges the profiles of a folder's files into one (columns matched by name): counts add up, the
// numeric statistics and sketches merge exactly as if one stream had been read, category counts
// add up (capped as when profiling), and a column whose type differs between files becomes text.
import { HyperLogLog } from './hll';
import { NumericAccumulator } from './numeric';
import { PROFILE_FORMAT, STORED_CATEGORIES, type CategoryStats, type ColumnProfile, type FileProfile, type ProfileWarning } from './types';

/** One profile standing for all of `profiles` (the folder's dataset hash as its identity). */
export function mergeProfiles(sha256: string, profiles: readonly FileProfile[]): FileProfile {
  const byName = new Map<string, ColumnProfile[]>();
  const warnings: ProfileWarning[] = [];
  for (const p of profiles) {
    for (const c of p.columns) {
      const list = byName.get(c.name);
      if (list) list.push(c);
      else byName.set(c.name, [c]);
    }
  }
  const rows = profiles.reduce((s, p) => s + p.rows, 0);
  const columns = [...byName.entries()].map(([name, parts]) => {
    const merged = mergeColumns(name, parts);
    // Files without this column contribute missing values, so shares stay per row of the dataset.
    const seen = parts.reduce((s, c) => s + c.count + c.missing, 0);
    if (new Set(parts.map((c) => c.type).filter((t) => t !== 'empty')).size > 1) {
      warnings.push({ kind: 'mixed-types', message: `column ${name} has different types in different files (${[...new Set(parts.map((c) => c.type))].join(', ')})` });
    }
    return { ...merged, missing: merged.missing + Math.max(0, rows - seen) };
  });
  for (const p of profiles) for (const w of p.warnings) warnings.push(w);
  return {
    format: PROFILE_FORMAT, sha256, source: { kind: 'merged', files: profiles.length }, rows,
    bytes: profiles.reduce((s, p) => s + p.bytes, 0), columns, warnings,
  };
}

/** The column `name` of several files as one. */
export function mergeColumns(name: string, parts: readonly ColumnProfile[]): ColumnProfile {
  const types = new Set(parts.map((c) => c.type).filter((t) => t !== 'empty'));
  const type = types.size === 0 ? 'empty' : types.size === 1 ? [...types][0] ?? 'text' : 'text';
  const hll = new HyperLogLog();
  for (const c of parts) hll.merge(HyperLogLog.fromBase64(c.hll));
  let numeric: NumericAccumulator | undefined;
  for (const c of parts) {
    if (!c.numeric) continue;
    const acc = NumericAccumulator.fromStats(c.numeric);
    if (numeric) numeric.merge(acc);
    else numeric = acc;
  }
  const categories = mergeCategories(parts.flatMap((c) => (c.categories ? [c.categories] : [])));
  const exact = parts.every((c) => c.distinctExact) && categories !== undefined && !categories.capped;
  return {
    name, type,
    count: parts.reduce((s, c) => s + c.count, 0),
    missing: parts.reduce((s, c) => s + c.missing, 0),
    distinct: exact ? categories.top.length : hll.estimate(),
    distinctExact: exact,
    invalid: parts.reduce((s, c) => s + c.invalid, 0),
    // Every file's IDs monotone says nothing of their order across files, but they are IDs all the same.
    ...(type === 'numeric' && parts.every((c) => c.idLike === true) ? { idLike: true } : {}),
    ...(numeric && (type === 'numeric' || type === 'datetime') ? { numeric: numeric.toStats() } : {}),
    ...(categories ? { categories } : {}),
    hll: hll.toBase64(),
  };
}

function mergeCategories(parts: readonly CategoryStats[]): CategoryStats | undefined {
  if (parts.length === 0) return undefined;
  const counts = new Map<string, number>();
  let other = 0;
  for (const p of parts) {
    for (const c of p.top) counts.set(c.value, (counts.get(c.value) ?? 0) + c.count);
    other += p.otherCount;
  }
  const all = [...counts].map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const top = all.slice(0, STORED_CATEGORIES);
  other += all.slice(STORED_CATEGORIES).reduce((s, c) => s + c.count, 0);
  return { top, otherCount: other, capped: parts.some((p) => p.capped) || all.length > STORED_CATEGORIES || other > 0 };
}
