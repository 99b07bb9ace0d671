// The supervisor's system-metrics sampler: every few seconds, CPU and memory of the run's process
// tree (/proc) and GPU utilisation and memory (nvidia-smi / rocm-smi), handed over as `system/*`
// metric records beside the run's own. On by default; `system_metrics: false` in runlens.yaml,
// RUNLENS_NO_SYSTEM_METRICS=1 or `runlens run --no-system-metrics` turn it off.
import { type MetricRecord } from '../metrics/record';
import { gpuMetricNames, SYSTEM_METRICS, type SystemMetricsSetting } from '../metrics/system';
import { GpuSampler } from './gpuStats';
import { TreeSampler } from './procStats';

/** Default seconds between samples (W&B samples every 15 s; a short run deserves a few points). */
export const DEFAULT_SYSTEM_INTERVAL_S = 5;

/** How the sampler runs; null (in SuperviseOptions) turns it off. */
export interface SystemMetricsOptions {
  readonly intervalMs: number;
  /** Where nvidia-smi / rocm-smi are looked up (the run's PATH). */
  readonly env: NodeJS.ProcessEnv;
  /** The /proc to read (tests point it elsewhere only to prove the parsing). */
  readonly proc?: string;
}

/** The environment variable that turns sampling off (the editor's `runlens.systemMetrics.enabled`). */
export const NO_SYSTEM_METRICS_ENV = 'RUNLENS_NO_SYSTEM_METRICS';

/**
 * The sampler's options for a run, or null when it is off: by `--no-system-metrics` (`flagOff`),
 * by RUNLENS_NO_SYSTEM_METRICS=1, or by `systemMetrics: false` in runlens.yaml.
 */
export function systemMetricsFor(setting: SystemMetricsSetting | undefined, env: NodeJS.ProcessEnv, flagOff: boolean): SystemMetricsOptions | null {
  if (flagOff || ['1', 'true'].includes(env[NO_SYSTEM_METRICS_ENV] ?? '') || setting?.enabled === false) return null;
  return { intervalMs: (setting?.intervalS ?? DEFAULT_SYSTEM_INTERVAL_S) * 1000, env };
}

/** A running sampler. */
export interface SystemSampler {
  /** Stops sampling; waits for a sample in flight. */
  stop(): Promise<void>;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

/** One sample as a metric record (undefined when there was nothing to record). */
async function sampleOnce(tree: TreeSampler | null, gpus: GpuSampler): Promise<MetricRecord | undefined> {
  const values: Record<string, number> = Object.create(null) as Record<string, number>;
  const usage = await tree?.sample().catch(() => undefined); // a process tree that vanished mid-sample: this sample has no CPU/memory, the next one tries again
  if (usage) {
    if (usage.cpuPercent !== null) values[SYSTEM_METRICS.cpuPercent] = round(usage.cpuPercent, 1);
    values[SYSTEM_METRICS.memoryMb] = round(usage.rssMb, 1);
    if (usage.memoryPercent !== null) values[SYSTEM_METRICS.memoryPercent] = round(usage.memoryPercent, 2);
  }
  for (const g of await gpus.sample()) {
    const names = gpuMetricNames(g.index);
    if (g.utilizationPercent !== null) values[names.utilization] = g.utilizationPercent;
    if (g.memoryUsedMb !== null) values[names.memoryMb] = round(g.memoryUsedMb, 1);
    if (g.memoryUsedMb !== null && g.memoryTotalMb) values[names.memoryPercent] = round((g.memoryUsedMb / g.memoryTotalMb) * 100, 2);
  }
  return Object.keys(values).length > 0 ? { time: Date.now(), step: null, values } : undefined;
}

/**
 * Samples the tree of `rootPid` every `intervalMs` and passes each record to `onRecord`. The first
 * pass only sets the CPU baseline (and asks for GPUs), so the first record comes one interval in.
 */
export function startSystemSampler(rootPid: number, opts: SystemMetricsOptions, onRecord: (r: MetricRecord) => void): SystemSampler {
  const tree = new TreeSampler(rootPid, opts.proc);
  const gpus = new GpuSampler(opts.env);
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const start = async (): Promise<void> => {
    const useTree = await tree.available() ? tree : null;
    await useTree?.sample().catch(() => undefined); // the first sample only primes CPU deltas; a failure there is retried by the first tick
    const tick = (): void => {
      if (stopped) return;
      inFlight = sampleOnce(useTree, gpus).then((r) => { if (r && !stopped) onRecord(r); }, () => undefined).finally(() => {
        if (!stopped) schedule();
      });
    };
    // Never what keeps the supervisor alive: it stops the sampler when the run ends.
    const schedule = (): void => { timer = setTimeout(tick, opts.intervalMs).unref(); };
    if (!stopped) schedule();
  };
  inFlight = start().catch(() => undefined); // sampling is optional: a sampler that cannot start records no system/* metrics, the run goes on
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
