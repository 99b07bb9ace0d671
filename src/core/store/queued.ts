// Starting a queued run: the run's record created when its sweep was queued is taken over by the
// supervisor that runs it (same id, same name), exactly once even when several runners race.
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type RunManifest } from '../model';
import { withLock } from '../fs/lock';
import { RUN_FILES } from './layout';
import { readManifest, writeManifest } from './manifest';

/**
 * Under the run's lock: when the run is still `queued`, marks it `running` with this process as
 * its supervisor (so crash detection covers it from now on) and returns the new manifest.
 * Undefined when it is gone (cancelled, in the trash) or no longer queued (taken by another runner).
 */
export async function claimQueued(runDir: string, id: string): Promise<RunManifest | undefined> {
  const manifest = join(runDir, RUN_FILES.manifest);
  if (!(await fsp.stat(manifest).then(() => true, () => false))) return undefined;
  return withLock(join(runDir, RUN_FILES.lock), async () => {
    // Gone or unreadable: not a queued run to claim (the sweep moves on to the next one).
    const m = await readManifest(runDir, id).catch(() => undefined);
    if (!m || m.status !== 'queued') return undefined;
    // Heartbeat first: a reader must never see a running run without a fresh sign of life.
    const now = new Date();
    await fsp.utimes(join(runDir, RUN_FILES.heartbeat), now, now).catch(() => fsp.writeFile(join(runDir, RUN_FILES.heartbeat), '')); // no heartbeat file yet: created instead of touched
    const next: RunManifest = {
      ...m, status: 'running', startedAt: now.toISOString(), process: { host: hostname(), supervisorPid: process.pid, childPid: null },
    };
    await writeManifest(runDir, next);
    return next;
  });
}
