// Loads the CLI bundle through V8's code cache, so a `runlens` call skips compiling 1.2 MB of
// JavaScript (docs/cli.md#start-up-time): Node's own compile cache on Node >= 22.1, a `vm.Script`
// cache on Node 20 (VS Code's bundled runtime up to Electron 33 is Node 20). Only Node built-ins
// here: this runs before the bundle, on every call.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { bestEffortSync, debugSink } from '../core/errors';

/** What loading did with the cache: Node's own, ours read, ours to be written, or none. */
export type CacheUse = 'node' | 'used' | 'new' | 'off';

/** The outcome of {@link loadCompiled}; `save` (ours only) writes the cache once the code has run. */
export interface Loaded {
  readonly use: CacheUse;
  readonly save?: () => void;
}

/** Header of a cache file: u32 CRC-32 of the rest, u32 length of the key, then the key and V8's data. */
const HEADER = 8;

/**
 * The folder for compiled code, or null when caching is off: `RUNLENS_COMPILE_CACHE` (a folder, or
 * `0`/`off`), else the user's cache folder (never a shared temp folder: cached code runs as code).
 */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string | null {
  const set = env.RUNLENS_COMPILE_CACHE;
  if (set === '0' || set === 'off') return null;
  if (set) return set;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'runlens', 'compile-cache') : null;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'runlens', 'compile-cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'runlens', 'compile-cache');
}

/** True when this runtime has Node's own compile cache (Node >= 22.1). */
export function hasNodeCompileCache(): boolean {
  return typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
}

/**
 * Runs the CommonJS file `file` as `require` would, with its compiled code cached in `dir` (none
 * when null), one cache per `variant` (the command: each one compiles other functions). With `nodeCache`, Node keeps the cache itself; else the file is compiled as a
 * `vm.Script` from our cache file (one per install and runtime), which names the build it holds
 * (the file's size, times and inode) and is checked by a CRC before V8 sees it, and written by `save` (after the run, so it also holds the
 * functions compiled while running). Any trouble with the cache only costs the compile.
 */
export function loadCompiled(file: string, dir: string | null, options: { variant?: string; nodeCache?: boolean } = {}): Loaded {
  const nodeCache = options.nodeCache ?? hasNodeCompileCache();
  if (dir === null) {
    nodeModule.createRequire(file)(file);
    return { use: 'off' };
  }
  if (nodeCache) {
    (nodeModule as unknown as { enableCompileCache(dir: string): unknown }).enableCompileCache(dir);
    nodeModule.createRequire(file)(file);
    return { use: 'node' };
  }
  const source = readFileSync(file, 'utf8');
  // One cache file per install and runtime (VS Code's runtime and a system Node do not take turns),
  // and per variant: each command compiles other functions while it runs.
  const where = createHash('sha256').update(`${file}\0${process.execPath}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 24);
  const cacheFile = join(dir, `cli-${where}-${variantName(options.variant)}.bin`);
  // Which build it holds: any write to the bundle moves its ctime (hashing 1.2 MB would cost more than it saves).
  const st = statSync(file, { bigint: true });
  const key = `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
  const cached = readCache(cacheFile, key);
  // The wrapper `require` gives every CommonJS file; a `#!` line is not JavaScript for vm.
  const script = new Script(nodeModule.wrap(source.startsWith('#!') ? `//${source.slice(2)}` : source), { filename: file, cachedData: cached });
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: nodeModule, filename: string, dirname: string) => void;
  const mod = new nodeModule.Module(file);
  mod.filename = file;
  run.call(mod.exports, mod.exports, nodeModule.createRequire(file), mod, file, dirname(file));
  if (cached && !script.cachedDataRejected) return { use: 'used' };
  return { use: 'new', save: () => writeCache(cacheFile, key, script.createCachedData()) };
}

/** A file-name-safe variant: a command name as typed, anything else one shared name. */
function variantName(variant: string | undefined): string {
  return variant !== undefined && /^[a-z][a-z-]{0,23}$/.test(variant) ? variant : 'other';
}

/** The cache file's V8 data when it holds `key` and its checksum matches (damaged data never reaches V8). */
function readCache(file: string, key: string): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined; // not cached yet
  }
  if (buf.length < HEADER || crc32(buf.subarray(4)) !== buf.readUInt32LE(0)) return undefined;
  const keyEnd = HEADER + buf.readUInt32LE(4);
  if (keyEnd >= buf.length || buf.toString('utf8', HEADER, keyEnd) !== key) return undefined;
  return buf.subarray(keyEnd);
}

/** Writes the cache atomically (its own temp file, then rename); a failure (read-only home, full disk) only costs the next call a compile. */
function writeCache(file: string, key: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const sink = debugSink((line) => process.stderr.write(`${line}\n`));
  const saved = bestEffortSync('save the compiled code of the runlens command', () => {
    const k = Buffer.from(key, 'utf8');
    const buf = Buffer.concat([Buffer.alloc(HEADER), k, data]);
    buf.writeUInt32LE(k.length, 4);
    buf.writeUInt32LE(crc32(buf.subarray(4)), 0);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, buf, { mode: 0o600 });
    renameSync(tmp, file);
    return true;
  }, sink, false);
  if (!saved) bestEffortSync('remove a temp file of the compile cache', () => rmSync(tmp, { force: true }), sink);
}
