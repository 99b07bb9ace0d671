// Crash detection by readers: a `running` run whose supervisor is dead (pid gone on this host) or
// silent (no heartbeat for HEARTBEAT_STALE_MS) is reported `crashed`, and that is persisted once,
// under a lock, with the metrics caught up, so a run is never "running" forever. Likewise a `queued`
// run whose queue owner (the sweep process) died: nobody is left to start it.
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type RunManifest } from '../model';
import { ingestFields, ingestRun } from '../series/ingest';
import { loadState } from '../series/state';
import { pidAlive, withLock } from '../fs/lock';
import { RUN_FILES } from './layout';
import { readManifest, writeManifest } from './manifest';

/** A running run whose heartbeat is older than this is presumed crashed. */
export const HEARTBEAT_STALE_MS = 30_000;

/** Last sign of life of a run's supervisor: its heartbeat file's mtime (else run.json's). */
export async function lastHeartbeat(runDir: string): Promise<number | undefined> {
  for (const file of [RUN_FILES.heartbeat, RUN_FILES.manifest]) {
    try {
      return (await fsp.stat(join(runDir, file))).mtimeMs;
    } catch {
      // try the next sign of life
    }
  }
  return undefined;
}

/** Why a run should be reported crashed (an actionable sentence), or undefined if it is not. */
export async function crashReason(runDir: string, m: RunManifest, now = Date.now()): Promise<string | undefined> {
  if (m.status === 'queued') return orphanedReason(m);
  if (m.status !== 'running') return undefined;
  const beat = await lastHeartbeat(runDir);
  const since = beat === undefined ? '' : ` Last sign of life: ${new Date(beat).toISOString()}.`;
  const proc = m.process;
  if (proc && proc.host === hostname() && !pidAlive(proc.supervisorPid)) {
    return `The Runlens supervisor (pid ${proc.supervisorPid}) is no longer running, so the run ended without recording its result ` +
      `(the supervisor was killed or the machine restarted).${since} Logged metrics and output up to then are kept.`;
  }
  if (beat === undefined || now - beat > HEARTBEAT_STALE_MS) {
    const who = proc ? `the supervisor (pid ${proc.supervisorPid} on ${proc.host})` : 'its supervisor';
    const age = beat === undefined ? 'ever' : `${Math.round((now - beat) / 1000)} s`;
    return `No heartbeat from ${who} for ${age}: it was presumably killed or its machine stopped.${since}`;
  }
  return undefined;
}

/** Why a queued run can never start (its queue owner on this host is gone), or undefined. */
function orphanedReason(m: RunManifest): string | undefined {
  const owner = m.process;
  // Queued runs of older stores record no owner, and another host's pid cannot be checked here; a
  // Slurm run is started by its job, not by the process that submitted it (slurm/reconcile.ts).
  if (m.slurm || !owner || owner.host !== hostname() || pidAlive(owner.supervisorPid)) return undefined;
  return `The run never started: the process that queued it (pid ${owner.supervisorPid}, a sweep) ended without starting it ` +
    '(it was killed or the machine restarted). Run it again with Rerun or `runlens run`.';
}

/** The crashed view of a manifest, without writing anything. */
export function asCrashed(m: RunManifest, reason: string, endedAt: number | undefined): RunManifest {
  return { ...m, status: 'crashed', error: reason, endedAt: endedAt === undefined ? m.endedAt : new Date(endedAt).toISOString() };
}

/** True when metrics.jsonl holds bytes the run's series (and so its summaries) have not folded in. */
async function metricsBehind(runDir: string): Promise<boolean> {
  const size = await fsp.stat(join(runDir, RUN_FILES.metrics)).then((st) => st.size, () => 0);
  return size > ((await loadState(runDir))?.offset ?? 0);
}

/**
 * Applies crash detection to a manifest just read. When the run is crashed, persists that (once,
 * guarded by the run's lock and a re-check), catching its series and summaries up with
 * metrics.jsonl first; a crashed run whose process appended more afterwards (it was still being
 * stopped) is caught up again. Never fails for want of writing (a full disk, a read-only store):
 * the verdict is then only computed, and persisted by a later reader. `onPersisted` runs after a
 * successful write (the store journals the change).
 */
export async function detectCrash(runDir: string, m: RunManifest, onPersisted: (id: string) => Promise<void>): Promise<RunManifest> {
  const reason = m.status === 'crashed' ? m.error ?? '' : await crashReason(runDir, m);
  if (reason === undefined) return m;
  if (m.status === 'crashed' && !(await metricsBehind(runDir))) return m;
  const computed = m.status === 'crashed' ? m : asCrashed(m, reason, await lastHeartbeat(runDir));
  try {
    // Another writer holding the lock is persisting this very verdict (the watchdog, another
    // reader): wait for it briefly and read its result, rather than hand out a crashed view whose
    // metrics were not folded in yet.
    return (await withLock(join(runDir, RUN_FILES.lock), () => persistCrash(runDir, m.id, onPersisted), CRASH_LOCK_WAIT_MS)) ?? computed;
  } catch {
    // The computed "crashed" stands even when it cannot be persisted; the next reader tries again.
    return computed;
  }
}

/** How long a reader waits for a run's lock to persist a crash verdict before it only computes it. */
const CRASH_LOCK_WAIT_MS = 2_000;

/** Under the run's lock: re-checks the run, folds metrics.jsonl into its summaries, writes the verdict. */
async function persistCrash(runDir: string, id: string, onPersisted: (id: string) => Promise<void>): Promise<RunManifest | undefined> {
  // Re-check under the lock: the supervisor may have finished, or another reader persisted it.
  const fresh = await readManifest(runDir, id);
  if (!fresh) return undefined;
  const again = fresh.status === 'crashed' ? fresh.error ?? '' : await crashReason(runDir, fresh);
  if (again === undefined) return fresh;
  const ingest = await ingestRun(runDir, { final: true });
  let crashed = fresh.status === 'crashed' ? { ...fresh } : asCrashed(fresh, again, await lastHeartbeat(runDir));
  if (ingest) {
    const fields = ingestFields(crashed, ingest);
    crashed = { ...crashed, ...fields, badMetricLines: Math.max(crashed.badMetricLines, fields.badMetricLines) };
  }
  await writeManifest(runDir, crashed);
  await onPersisted(id);
  return crashed;
}
