// A run's record as it travels (docs/sharing.md#the-record): the files of its run directory that say
// what it was and how it went, with secrets kept out, ready to be written as one git tree.
import { promises as fsp } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isNotFound } from '../fs/atomic';
import { stripCredentials } from '../git/remote';
import { type RunManifest } from '../model';

/** The largest log tail a record carries: enough to see how a run ended, never a whole training log. */
export const LOG_TAIL_BYTES = 64 * 1024;

/** Files copied as they are (each optional); `run.json` and `output.log` are rewritten (see below). */
export const RECORD_FILES = ['metrics.jsonl', 'datasets.json', 'outputs.json', 'code.json', 'reproduce.json', 'environment.json'] as const;

/** Every file name a record tree may hold, in the order they are read back. */
export const ALL_RECORD_FILES = ['run.json', 'share.json', 'output.log', ...RECORD_FILES] as const;

/** Facts about the run's place in its repository, so another clone can map them onto its own. */
export interface ShareInfo {
  readonly format: 1;
  /** The run's working directory relative to the repository's top level (null when outside it). */
  readonly cwdInRepo: string | null;
  /** Bytes of output.log left out of the record's tail. */
  readonly logBytesOmitted: number;
}

/** One file of a record. */
export interface RecordFile {
  readonly path: string;
  readonly data: Buffer;
}

const SECRET_NAME = /(TOKEN|SECRET|PASSW(OR)?D|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|AUTH)/i;

/**
 * The manifest as it is shared: credentials stripped from URLs in the command, params and env, and
 * env values whose names say they are secrets replaced by a marker (the name stays, so a reader
 * knows the run had one).
 */
export function shareableManifest(m: RunManifest): RunManifest {
  const strip = (v: string): string => (v.includes('@') ? stripCredentials(v) : v);
  const params = Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, typeof v === 'string' ? strip(v) : v]));
  const env = Object.fromEntries(Object.entries(m.env).map(([k, v]) => [k, SECRET_NAME.test(k) ? '[not shared]' : strip(v)]));
  return { ...m, command: m.command.map(strip), params, env };
}

/** Reads the record of the run in `dir` (manifest `m`); `repoTop` maps its working directory. */
export async function readRecord(dir: string, m: RunManifest, repoTop: string): Promise<RecordFile[]> {
  const files: RecordFile[] = [{ path: 'run.json', data: Buffer.from(`${JSON.stringify(shareableManifest(m), null, 2)}\n`) }];
  const rel = relative(repoTop, m.cwd);
  const inside = rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
  const log = await readTail(join(dir, 'output.log'), LOG_TAIL_BYTES);
  const info: ShareInfo = { format: 1, cwdInRepo: inside ? rel.split(sep).join('/') : null, logBytesOmitted: log?.omitted ?? 0 };
  files.push({ path: 'share.json', data: Buffer.from(`${JSON.stringify(info)}\n`) });
  if (log) files.push({ path: 'output.log', data: log.data });
  for (const name of RECORD_FILES) {
    const data = await fsp.readFile(join(dir, name)).catch((e: unknown) => {
      if (isNotFound(e)) return undefined; // every file but run.json is optional (older runs, --no-hash)
      throw e;
    });
    if (data) files.push({ path: name, data });
  }
  return files;
}

/** The last `max` bytes of a file, starting after a line break when one is near; undefined when absent. */
async function readTail(path: string, max: number): Promise<{ data: Buffer; omitted: number } | undefined> {
  let fh;
  try {
    fh = await fsp.open(path, 'r');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  try {
    const size = (await fh.stat()).size;
    const start = Math.max(0, size - max);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    let data = buf.subarray(0, bytesRead);
    if (start > 0) {
      const nl = data.indexOf(10);
      if (nl >= 0 && nl < 4096) data = data.subarray(nl + 1);
    }
    return { data, omitted: size - data.length };
  } finally {
    await fh.close();
  }
}
