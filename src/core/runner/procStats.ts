// CPU and memory of a run's process tree, read from Linux's /proc: every process whose parent
// chain leads to the run's process, so a training script's data-loader workers count too.
// Elsewhere (no /proc) there is nothing to read and the sampler records no CPU or memory.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc's utime/stime: USER_HZ, 100 on every Linux architecture. */
const CLK_TCK = 100;

/** One process as /proc/<pid>/stat describes it. */
export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly ticks: number;
}

/** Parses /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // Fields after the name, from field 3 (state): ppid is field 4, utime 14, stime 15.
  const f = text.slice(close + 2).split(' ');
  const ppid = Number(f[1]);
  const ticks = Number(f[11]) + Number(f[12]);
  return Number.isInteger(pid) && Number.isInteger(ppid) && Number.isFinite(ticks) ? { pid, ppid, ticks } : undefined;
}

/** The stat of every process now (those that vanish meanwhile are skipped). */
async function allStats(proc: string): Promise<ProcStat[]> {
  const pids = (await fsp.readdir(proc)).filter((n) => /^\d+$/.test(n));
  const stats = await Promise.all(pids.map((p) => fsp.readFile(join(proc, p, 'stat'), 'utf8').then(parseProcStat, () => undefined)));
  return stats.filter((s): s is ProcStat => s !== undefined);
}

/** `root` and its descendants among `stats`. */
export function processTree(stats: readonly ProcStat[], root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const out = stats.filter((s) => s.pid === root);
  for (let i = 0; i < out.length; i++) out.push(...(children.get((out[i] as ProcStat).pid) ?? []).filter((c) => c.pid !== root));
  return out;
}

/** Resident memory in kB from /proc/<pid>/status (`VmRSS:`); 0 for a kernel thread or a gone process. */
async function rssKb(proc: string, pid: number): Promise<number> {
  const text = await fsp.readFile(join(proc, String(pid), 'status'), 'utf8').catch(() => ''); // a process that exited between listing and reading has no memory to count
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return m ? Number(m[1]) : 0;
}

/** MemTotal in kB, or null. */
async function memTotalKb(proc: string): Promise<number | null> {
  const text = await fsp.readFile(join(proc, 'meminfo'), 'utf8').catch(() => ''); // no /proc/meminfo (not Linux): memory percent is left out
  const m = /^MemTotal:\s+(\d+)\s+kB/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** What one sample of the tree gives. */
export interface TreeUsage {
  /** CPU time used since the previous sample over the wall time, in percent of one core. */
  readonly cpuPercent: number | null;
  readonly rssMb: number;
  readonly memoryPercent: number | null;
}

/** Samples a process tree; the first sample sets the baseline and gives no CPU figure. */
export class TreeSampler {
  private last: { at: number; ticks: Map<number, number> } | null = null;

  constructor(private readonly root: number, private readonly proc = '/proc') {}

  /** Whether /proc can be read here at all. */
  async available(): Promise<boolean> {
    return fsp.access(join(this.proc, 'self', 'stat')).then(() => true, () => false);
  }

  /** One sample; undefined once the tree is gone. */
  async sample(now = performance.now()): Promise<TreeUsage | undefined> {
    const tree = processTree(await allStats(this.proc), this.root);
    if (tree.length === 0) return undefined;
    const ticks = new Map(tree.map((s) => [s.pid, s.ticks]));
    let cpuPercent: number | null = null;
    if (this.last && now > this.last.at) {
      let used = 0;
      // A process started since the last sample counts with all of its time, which lies in between.
      for (const [pid, t] of ticks) used += Math.max(0, t - (this.last.ticks.get(pid) ?? 0));
      cpuPercent = (used / CLK_TCK) / ((now - this.last.at) / 1000) * 100;
    }
    this.last = { at: now, ticks };
    const kb = (await Promise.all(tree.map((s) => rssKb(this.proc, s.pid)))).reduce((a, b) => a + b, 0);
    const total = await memTotalKb(this.proc);
    return { cpuPercent, rssMb: kb / 1024, memoryPercent: total ? (kb / total) * 100 : null };
  }
}
