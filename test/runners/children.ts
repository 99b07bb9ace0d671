// The code-servers and browsers a test runner starts, recorded under ~/.cache/runlens-test/children
// so that a runner killed outright (kill -9, a closed terminal) does not leave them running: the
// next runner to start one kills those whose runner is gone. A pid is trusted only with its start time.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Records `pid` (just started by this process) as a child to kill should this process die first. */
export function recordChild(pid: number, what: string): void {
  const start = startTime(pid);
  const runnerStart = startTime(process.pid);
  if (start === undefined || runnerStart === undefined) return; // gone already, or no /proc: nothing to record
  mkdirSync(recordsDir(), { recursive: true });
  const record: ChildRecord = { runner: process.pid, runnerStart, pid, start, group: leadsGroup(pid), what };
  writeFileSync(join(recordsDir(), `${process.pid}-${pid}.json`), JSON.stringify(record));
}

/** Forgets a child this process stopped itself. */
export function forgetChild(pid: number): void {
  rmSync(join(recordsDir(), `${process.pid}-${pid}.json`), { force: true });
}

/**
 * Kills the recorded children whose runner is gone (its pid dead, or reused by another process)
 * and forgets them; children of live runners are left alone. Returns what it killed.
 */
export function killOrphanedChildren(): string[] {
  let names: string[];
  try {
    names = readdirSync(recordsDir());
  } catch {
    return []; // nothing recorded yet
  }
  const killed: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = join(recordsDir(), name);
    let r: ChildRecord;
    try {
      r = JSON.parse(readFileSync(file, 'utf8')) as ChildRecord;
    } catch {
      continue; // being written by a runner right now (or damaged: a later sweep sees it whole or removes nothing)
    }
    if (startTime(r.runner) === r.runnerStart) continue; // its runner is alive and will stop it
    if (startTime(r.pid) === r.start) {
      try {
        process.kill(r.group ? -r.pid : r.pid, 'SIGKILL');
        killed.push(`${r.what} (pid ${r.pid})`);
      } catch {
        // it ended between the check and the kill
      }
    }
    rmSync(file, { force: true });
  }
  return killed;
}
