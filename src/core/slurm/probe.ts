// Checks at submission that the compute nodes see the store: a tiny job writes a token into a probe
// file under the store, and only when this process then reads that token back is the store shared.
// A success is remembered for a day per store and sbatch options, so sweeps do not each pay a job.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { type SlurmCommands } from './commands';
import { jobEnded } from './jobState';
import { sbatchOptionArgs, type SlurmOptions } from './options';
import { squeueStates } from './reconcile';
import { slurmDir } from './record';
import { probeScript, slurmPathLiteral, writeScript } from './script';

/** Extra sbatch options that hold a job back or tie it to others: the probe must run now, on its own. */
const NOT_FOR_PROBE = /^(--hold|-H$|--array|-a$|--dependency|-d$|--begin|-b$)/;

/** How long a good probe is trusted. */
const PROBE_VALID_MS = 24 * 3600_000;

/** The store is not reachable from the compute nodes (or the probe could not tell in time). */
export class StoreNotSharedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreNotSharedError';
  }
}

/** Options of {@link probeStore}. */
export interface ProbeOptions {
  /** Give up waiting for the probe job after this long (it may wait in a busy queue). */
  readonly timeoutMs: number;
  /** Told what the probe is waiting for (a progress line). */
  readonly onWait?: (message: string) => void;
}

/**
 * Submits the probe job and waits until its token is readable (the store is shared) or the job
 * ended without writing it (not shared). Reads the file often and asks squeue rarely (every 5 s).
 */
export async function probeStore(storeRoot: string, slurm: SlurmCommands, options: SlurmOptions, probe: ProbeOptions): Promise<void> {
  const dir = join(slurmDir(storeRoot), 'probe');
  await fsp.mkdir(dir, { recursive: true });
  const key = JSON.stringify(options);
  const memo = join(dir, 'ok.json');
  const remembered = await fsp.readFile(memo, 'utf8').then((t) => JSON.parse(t) as { key: string; at: number }, () => undefined);
  if (remembered && remembered.key === key && Date.now() - remembered.at < PROBE_VALID_MS) return;

  const token = randomBytes(12).toString('hex');
  const file = join(dir, `${token}.txt`);
  const script = join(dir, 'probe.sh');
  await writeScript(script, probeScript());
  const out = await slurm.run('sbatch', [
    '--parsable', '--job-name=runlens-probe', `--output=${slurmPathLiteral(join(dir, 'probe-%j.out'))}`, '--time=5',
    ...sbatchOptionArgs({ ...options, extra: (options.extra ?? []).filter((e) => !NOT_FOR_PROBE.test(e)) }), script, file, token,
  ]);
  const jobId = out.trim().split(';')[0] ?? '';
  probe.onWait?.(`checking that the compute nodes see the store (probe job ${jobId})`);
  const started = Date.now();
  let lastAsked = 0;
  let endedAt: number | undefined;
  for (;;) {
    const text = await fsp.readFile(file, 'utf8').catch(() => ''); // not written (yet): the job has not run, or cannot see the store
    if (text.trim() === token) {
      await fsp.rm(file, { force: true });
      await writeFileAtomic(memo, JSON.stringify({ key, at: Date.now() }));
      return;
    }
    // The job ended: its file may take a moment to show on a network filesystem (attribute caches).
    if (endedAt !== undefined && Date.now() - endedAt > 5000) {
      throw new StoreNotSharedError(`the store ${storeRoot} is not reachable from the compute nodes: the probe job ${jobId} ran but its file ` +
        'never appeared here. Put the workspace (or RUNLENS_STORE) on a filesystem the nodes share (e.g. your home or project directory), not on a node-local disk such as /tmp');
    }
    if (Date.now() - started > probe.timeoutMs) {
      await slurm.run('scancel', [jobId]).catch(() => undefined); // the refusal below is what matters; a probe left queued ends by its own 5-minute limit
      throw new StoreNotSharedError(`the probe job ${jobId} did not run within ${Math.round(probe.timeoutMs / 1000)} s, so Runlens could not check that ` +
        `the compute nodes see the store ${storeRoot}; try again when the queue is shorter, or pass --no-probe if you know it is shared`);
    }
    if (endedAt === undefined && Date.now() - lastAsked >= 5000) {
      lastAsked = Date.now();
      const state = (await squeueStates(slurm, [jobId])).get(jobId);
      if (!state || jobEnded(state.state)) endedAt = Date.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
