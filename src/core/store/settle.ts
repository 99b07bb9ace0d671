// Ends a run from outside its supervisor: a scheduler (Slurm) knows how a job ended when the run's
// own process could not say (killed over its time limit, cancelled while queued, lost with its node).
// A locked read-modify-write of run.json, so it never races the supervisor's own writes.
import { join } from 'node:path';
import { type RunManifest, type RunStatus } from '../model';
import { withLock } from '../fs/lock';
import { RUN_FILES } from './layout';
import { readManifest, writeManifest } from './manifest';

/** How a run ended as its scheduler tells it. */
export interface SettledEnd {
  readonly status: Extract<RunStatus, 'failed' | 'stopped' | 'crashed'>;
  readonly error: string;
}

/**
 * Under the run's lock: asks `decide` what the run's end is given its manifest as now on disk, and
 * records it (status, error, endedAt when not yet set). Returns the new manifest, or undefined when
 * `decide` leaves the run as it is (or the run is gone).
 */
export async function settleRun(runDir: string, id: string, decide: (m: RunManifest) => SettledEnd | undefined): Promise<RunManifest | undefined> {
  return withLock(join(runDir, RUN_FILES.lock), async () => {
    const m = await readManifest(runDir, id).catch(() => undefined); // gone (trashed) meanwhile: nothing to settle
    if (!m) return undefined;
    const end = decide(m);
    if (!end) return undefined;
    const next: RunManifest = { ...m, status: end.status, error: end.error, endedAt: m.endedAt ?? new Date().toISOString() };
    await writeManifest(runDir, next);
    return next;
  });
}

/**
 * Under the run's lock: puts an ended Slurm run back to `queued` for a new attempt in the same run
 * (a requeue), when `allow` accepts the manifest as now on disk. What the run recorded stays (metrics,
 * log, summaries); its end moves into `slurm.attempts`. Returns the new manifest, or undefined.
 */
export async function reopenRun(runDir: string, id: string, allow: (m: RunManifest) => boolean): Promise<RunManifest | undefined> {
  return withLock(join(runDir, RUN_FILES.lock), async () => {
    const m = await readManifest(runDir, id).catch(() => undefined); // gone (trashed) meanwhile: nothing to requeue
    if (!m?.slurm || !allow(m)) return undefined;
    const attempt = { startedAt: m.startedAt, endedAt: m.endedAt, status: m.status, error: m.error };
    const next: RunManifest = {
      ...m, status: 'queued', endedAt: null, exitCode: null, signal: null, error: null,
      slurm: { ...m.slurm, attempts: [...(m.slurm.attempts ?? []), attempt] },
    };
    await writeManifest(runDir, next);
    return next;
  });
}
