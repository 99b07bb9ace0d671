// Profiles a JSON Lines file in one streaming pass: one object per line, its keys the columns (in the
// order first seen). Numbers, booleans and strings go to their column as they are; null is missing;
// nested values count as text. A line that is not a JSON object is a warning, never a failure.
import { open } from 'node:fs/promises';
import { ColumnAccumulator } from './column';
import { type ReadResult } from './readCsv';
import { type ProfileWarning } from './types';

const CHUNK = 1 << 20;
const LF = 0x0a;
/** Columns kept: keys past this many are ignored (with a warning). */
const MAX_COLUMNS = 4096;

/** Profiles the JSON Lines file at `path`; lines longer than `maxLineBytes` are skipped. */
export async function readJsonl(path: string, maxLineBytes = 16 * 1024 * 1024, onBytes?: (n: number) => void): Promise<ReadResult> {
  const byName = new Map<string, ColumnAccumulator>();
  const names: string[] = [];
  let rows = 0;
  let bad = 0;
  let long = 0;
  let dropped = 0;
  let badUtf8 = 0;
  const line = (text: string): void => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      bad++; // counted and reported as a warning below
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) { bad++; return; }
    if (text.includes('\ufffd')) badUtf8++;
    rows++;
    for (const [k, v] of Object.entries(value)) {
      let col = byName.get(k);
      if (col === undefined) {
        if (byName.size >= MAX_COLUMNS) { dropped++; continue; }
        col = new ColumnAccumulator();
        byName.set(k, col);
        names.push(k);
      }
      if (v === null) col.missing++;
      else if (typeof v === 'number') col.addNumber(v);
      else if (typeof v === 'boolean') col.addBoolean(v);
      else if (typeof v === 'string') col.addText(v);
      else col.addText(JSON.stringify(v));
    }
  };
  const fh = await open(path, 'r');
  try {
    let carry: Buffer | undefined;
    let skipping = false;
    let pos = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead: n } = await fh.read(buf, 0, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      onBytes?.(n);
      let data = carry ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      carry = undefined;
      let at = 0;
      for (;;) {
        const nl = data.indexOf(LF, at);
        if (nl < 0) break;
        if (!skipping) line(data.toString('utf8', at, nl));
        skipping = false;
        at = nl + 1;
      }
      data = data.subarray(at);
      if (skipping) continue;
      if (data.length > maxLineBytes) { long++; skipping = true; } else if (data.length > 0) carry = Buffer.from(data);
    }
    if (carry && !skipping) line(carry.toString('utf8'));
  } finally {
    await fh.close();
  }
  // A key absent from a row (or first seen on a later row) is missing in that row.
  for (const col of byName.values()) col.missing += rows - col.values;
  const warnings: ProfileWarning[] = [];
  if (bad > 0) warnings.push({ kind: 'bad-json', message: `${bad} line(s) are not a JSON object and were skipped` });
  if (long > 0) warnings.push({ kind: 'long-line', message: `${long} line(s) longer than ${Math.round(maxLineBytes / 1048576)} MiB skipped` });
  if (dropped > 0) warnings.push({ kind: 'too-many-columns', message: `more than ${MAX_COLUMNS} keys: ${dropped} value(s) of further keys ignored` });
  if (badUtf8 > 0) warnings.push({ kind: 'invalid-utf8', message: `invalid UTF-8 in ${badUtf8} line(s): bytes read as U+FFFD` });
  return { names, columns: names.map((n) => byName.get(n) as ColumnAccumulator), rows, warnings };
}
