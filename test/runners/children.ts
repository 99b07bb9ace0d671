// The code-servers and browsers a test runner starts, recorded under ~/.cache/runlens-test/children
// so that a runner killed outright (kill -9, a closed terminal) does not leave them running nor their
// profile folders in /tmp: the next runner to start one kills and removes those whose runner is
// gone. A pid is trusted only with its start time.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { errorMessage } from '../../src/core/errors';
import { cacheDir } from './toolchain';

/** One recorded child: who started it, and how to recognise both processes again. */
interface ChildRecord {
  readonly runner: number;
  readonly runnerStart: string;
  readonly pid: number;
  readonly start: string;
  /** The child leads its own process group (code-server, chromium): the whole group is killed. */
  readonly group: boolean;
  readonly what: string;
  /** Folders the runner made for the child (its profile, /tmp/rlcs-*, /tmp/rlbr-*) and removes when it stops it. */
  readonly dirs?: readonly string[];
}

/** What a sweep did: the orphans it killed and the folders of orphans it removed. */
export interface Sweep {
  readonly killed: string[];
  readonly removed: string[];
}

function recordsDir(): string {
  return join(cacheDir(), 'children');
}

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot), or undefined when the process is gone. */
export function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined; // no such process (any more)
  }
}

/** Whether process `pid` leads its own process group (field 5 of /proc/PID/stat). */
function leadsGroup(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pid;
  } catch {
    return false; // gone: nothing to kill anyway
  }
}

/** Pids of this process's direct children whose command line mentions `word` (a child a library started: chromium). */
export function ownChildren(word: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== process.pid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(word)) out.push(Number(name));
    } catch {
      // the process ended while we looked: not a child any more
    }
  }
  return out;
}

/**
 * Records `pid` (just started by this process) as a child to kill should this process die first,
 * and `dirs` as its folders to remove then.
 */
export function recordChild(pid: number, what: string, dirs: readonly string[] = []): void {
  const start = startTime(pid);
  const runnerStart = startTime(process.pid);
  if (start === undefined || runnerStart === undefined) return; // gone already, or no /proc: nothing to record
  mkdirSync(recordsDir(), { recursive: true });
  const record: ChildRecord = { runner: process.pid, runnerStart, pid, start, group: leadsGroup(pid), what, dirs };
  writeFileSync(join(recordsDir(), `${process.pid}-${pid}.json`), JSON.stringify(record));
}

/** Forgets a child this process stopped itself. */
export function forgetChild(pid: number): void {
  rmSync(join(recordsDir(), `${process.pid}-${pid}.json`), { force: true });
}

/**
 * Kills the recorded children whose runner is gone (its pid dead, or reused by another process),
 * removes their recorded folders and forgets them; children of live runners are left alone.
 */
export function killOrphanedChildren(): Sweep {
  let names: string[];
  try {
    names = readdirSync(recordsDir());
  } catch {
    return { killed: [], removed: [] }; // nothing recorded yet
  }
  const orphans: { file: string; record: ChildRecord }[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = join(recordsDir(), name);
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as ChildRecord;
      if (startTime(record.runner) !== record.runnerStart) orphans.push({ file, record });
    } catch {
      // being written by a runner right now (or damaged: a later sweep sees it whole or removes nothing)
    }
  }
  const killed: string[] = [];
  for (const { record: r } of orphans) {
    if (startTime(r.pid) !== r.start) continue; // ended on its own
    try {
      process.kill(r.group ? -r.pid : r.pid, 'SIGKILL');
      killed.push(`${r.what} (pid ${r.pid})`);
    } catch {
      // it ended between the check and the kill
    }
  }
  // Every orphan is killed before any folder goes: one child's folder may be another's (chromium's processes share a profile).
  const removed = new Set<string>();
  for (const { file, record } of orphans) {
    let left = false;
    for (const dir of (record.dirs ?? []).filter(removable)) {
      if (removed.has(dir)) continue;
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
        removed.add(dir);
      } catch (e) {
        left = true; // the record stays: the next sweep tries again
        console.log(`could not remove ${dir}, left by a test runner that was killed: ${errorMessage(e)}`);
      }
    }
    if (!left) rmSync(file, { force: true });
  }
  return { killed, removed: [...removed] };
}

/** Runs {@link killOrphanedChildren} and says what it did (a runner's first step before starting a child). */
export function sweepOrphans(log: (line: string) => void = console.log): void {
  const { killed, removed } = killOrphanedChildren();
  for (const k of killed) log(`stopped ${k}, left running by a test runner that was killed`);
  for (const d of removed) log(`removed ${d}, left by a test runner that was killed`);
}

/** A recorded folder is removed only when it is absolute and two levels deep or more (a damaged record removes no /tmp nor /home). */
function removable(dir: unknown): dir is string {
  return typeof dir === 'string' && isAbsolute(dir) && dirname(dirname(dir)) !== dirname(dir);
}
