// The one door to the Slurm command-line tools (sbatch, squeue, scancel, scontrol): argv arrays,
// never a shell, and every call counted, so the poller's restraint can be measured (bench).
import { execFile } from 'node:child_process';

/** The Slurm tools Runlens calls. */
export type SlurmTool = 'sbatch' | 'squeue' | 'scancel' | 'scontrol';

/** A Slurm tool failed; `stderr` holds Slurm's own words. */
export class SlurmCommandError extends Error {
  constructor(readonly tool: SlurmTool, readonly code: number | null, readonly stderr: string) {
    super(`${tool} failed${code === null ? '' : ` (exit ${code})`}: ${stderr.trim() || 'no message'}`);
    this.name = 'SlurmCommandError';
  }
}

/** Slurm is not installed where Runlens runs. */
export class SlurmMissingError extends Error {
  constructor(tool: SlurmTool) {
    super(`${tool} was not found: Slurm's command-line tools must be on PATH on the machine that submits (a login node)`);
    this.name = 'SlurmMissingError';
  }
}

/** Runs Slurm tools; `calls` counts every call made through it, by tool. */
export interface SlurmCommands {
  run(tool: SlurmTool, args: readonly string[]): Promise<string>;
  readonly calls: Record<SlurmTool, number>;
}

/** The real tools from PATH with `env` (SLURM_CONF and the like pass through). */
export function slurmCommands(env: NodeJS.ProcessEnv = process.env): SlurmCommands {
  const calls: Record<SlurmTool, number> = { sbatch: 0, squeue: 0, scancel: 0, scontrol: 0 };
  return {
    calls,
    run(tool, args) {
      calls[tool] += 1;
      return new Promise((resolve, reject) => {
        execFile(tool, [...args], { env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
          if (!err) {
            resolve(stdout);
            return;
          }
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') reject(new SlurmMissingError(tool));
          else reject(new SlurmCommandError(tool, typeof err.code === 'number' ? err.code : null, stderr || err.message));
        });
      });
    },
  };
}

/** Cluster limits that decide how a sweep is split into job arrays. */
export interface ClusterLimits {
  /** Array indices must stay below this (Slurm's default is 1001). */
  readonly maxArraySize: number;
  /** Most jobs the controller holds at once (each array task counts as one). */
  readonly maxJobCount: number;
}

/** Slurm's own defaults, used for what `scontrol show config` does not say. */
export const DEFAULT_LIMITS: ClusterLimits = { maxArraySize: 1001, maxJobCount: 10000 };

/** The limits in the output of `scontrol show config` (`Key = value` lines). */
export function parseClusterLimits(text: string): ClusterLimits {
  const value = (key: string): number | undefined => {
    const m = new RegExp(`^${key}\\s*=\\s*(\\d+)`, 'm').exec(text);
    const n = m ? Number(m[1]) : NaN;
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  return {
    maxArraySize: value('MaxArraySize') ?? DEFAULT_LIMITS.maxArraySize,
    maxJobCount: value('MaxJobCount') ?? DEFAULT_LIMITS.maxJobCount,
  };
}

/** Asks the controller for its limits (one `scontrol show config`). */
export async function readClusterLimits(slurm: SlurmCommands): Promise<ClusterLimits> {
  return parseClusterLimits(await slurm.run('scontrol', ['show', 'config']));
}
