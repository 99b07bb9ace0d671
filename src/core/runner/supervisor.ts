// The run supervisor: starts a run's process, passes its output through while capturing it, feeds
// metrics into the store as they arrive, keeps a heartbeat so readers can tell a dead supervisor
// from a live one, and records how the run ended.
import { type Writable } from 'node:stream';
import { hostname } from 'node:os';
import { type ParamValue } from '../model';
import { type MetricRecord } from '../metrics/record';
import { startChild, type RunChild } from './child';
import { startPump, type Pump } from './pump';
import { buildChildEnv } from './env';
import { collectVersions } from './versions';
import { type Stoppable } from './stopping';
import { type RunWriter } from '../store/writer';
import { createStdoutParser, type StdoutMetricParser } from '../metrics/stdout';
import { type MetricPattern } from '../metrics/patterns';
import { markerLinesOnly } from './markerFilter';
import { type RunEnd } from './outcome';
import { recordEnd } from './recordEnd';
import { isNoSpace } from '../fs/space';
import { startWatchdog } from './watchdog';
import { startSystemSampler, type SystemMetricsOptions } from './systemSampler';
import { followReportedVersions } from './reportedVersions';

/** Everything the supervisor needs; the caller has already created the run in the store. */
export interface SuperviseOptions {
  readonly writer: RunWriter;
  readonly argv: readonly string[];
  readonly shell: boolean;
  readonly cwd: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly configEnv: Readonly<Record<string, string>>;
  /** The environment the child inherits (normally `process.env`). */
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly pythonClient: string | null;
  /** Where output is passed through to; null captures only. */
  readonly stdout: Writable | null;
  readonly stderr: Writable | null;
  /** The supervisor's stdout is a terminal (colour and unbuffering hints for the child). */
  readonly terminal: boolean;
  /**
   * Regex metric patterns from runlens.yaml. Output is always scanned for `@runlens` record lines;
   * null turns stdout metric capture off entirely.
   */
  readonly metricPatterns: readonly MetricPattern[] | null;
  readonly graceMs: number;
  /**
   * Work to record after the process ended and before the run is marked ended, e.g. hashing its
   * outputs; the heartbeat keeps going meanwhile so a long hash never looks like a crash.
   */
  readonly beforeFinish?: () => Promise<void>;
  /** Told a warning recorded on the run at its end (e.g. beforeFinish failed). */
  readonly onWarning?: (message: string) => void;
  /** Samples CPU, memory and GPU as `system/*` metrics (systemSampler.ts); null or absent: off. */
  readonly systemMetrics?: SystemMetricsOptions | null;
  /** Told (once each) when the disk fills up: output is no longer saved, or the end waits for space. */
  readonly onDiskFull?: (message: string) => void;
  readonly ingestIntervalMs?: number;
  readonly heartbeatIntervalMs?: number;
}

/** A run being supervised: stop it, kill it, or await how it ended. */
export interface SupervisedRun extends Stoppable {
  readonly runId: string;
  readonly outcome: Promise<RunEnd>;
}

/**
 * One parser per stream; without patterns only marker lines matter, so the fast filter applies.
 * A pattern disabled for blowing its time budget is reported on the supervisor's stderr.
 */
function makeParser(patterns: readonly MetricPattern[] | null, warn: (message: string) => void): StdoutMetricParser | null {
  if (patterns === null) return null;
  const parser = createStdoutParser(patterns, Date.now, { onWarning: warn });
  return patterns.length === 0 ? markerLinesOnly(parser) : parser;
}

/** How long a pipe may stay silent after the child exited before orphans holding it are ignored. */
const PIPE_IDLE_MS = 1000;

/** Starts supervising; the returned `outcome` resolves once the run is recorded as ended. */
export function superviseRun(opts: SuperviseOptions): SupervisedRun {
  let child: RunChild | null = null;
  let pendingStop: NodeJS.Signals | 'SIGKILL' | null = null;
  let stopRequested = false;
  // A stop after the child ended can only mean: stop waiting for disk space to record the end.
  const giveUp = new AbortController();

  const outcome = supervise(opts, (c) => {
    child = c;
    if (pendingStop === 'SIGKILL') c.signal('SIGKILL');
    else if (pendingStop) c.stop(pendingStop, opts.graceMs);
  }, () => stopRequested, giveUp.signal);

  return {
    runId: opts.writer.id,
    outcome,
    // A signal arriving after the child ended on its own must not turn `finished` into `stopped`.
    stop(signal) {
      if (!child) pendingStop ??= signal;
      if (!child || child.stop(signal, opts.graceMs)) stopRequested = true;
      else giveUp.abort();
    },
    kill() {
      if (!child) pendingStop = 'SIGKILL';
      if (!child || child.signal('SIGKILL')) stopRequested = true;
      else giveUp.abort();
    },
  };
}

async function supervise(
  opts: SuperviseOptions,
  onStarted: (child: RunChild) => void,
  stopRequested: () => boolean,
  giveUp: AbortSignal,
): Promise<RunEnd> {
  const { writer } = opts;
  const env = buildChildEnv({
    base: opts.baseEnv, runId: writer.id, runDir: writer.dir, params: opts.params,
    configEnv: opts.configEnv, pythonClient: opts.pythonClient, terminal: opts.terminal,
  });
  const log = writer.openLog();
  const child = startChild({ argv: opts.argv, shell: opts.shell, cwd: opts.cwd, env });
  // Asking Python its version costs a process start: do it while the run's own process starts.
  const versionsPending = collectVersions(opts.argv, opts.shell, opts.cwd, env);
  if (child.pid === null) {
    const exit = await child.exited;
    await log.close();
    return recordEnd({ ...opts, exit, stopped: false, versions: await versionsPending, handOver: () => Promise.resolve(), diskFull: null, giveUp });
  }
  onStarted(child);
  // From here on the child never outlives this process unnoticed, whatever kills it.
  const watchdog = startWatchdog(child.pid, opts.graceMs);
  void child.exited.then(() => watchdog.disarm());

  // Pump at once: the child must never wait on a full pipe while the run's record is written.
  // Parsed records go to metrics.jsonl with the chunk that held them, so what output.log shows is
  // never lost to a kill -9 of this process; only records an append failed on wait in `pending`.
  const pending: MetricRecord[] = [];
  const record = (records: MetricRecord[]): void => {
    if (records.length === 0) return;
    if (pending.length > 0 || !writer.appendMetricsNow(records)) pending.push(...records);
  };
  const parsers: StdoutMetricParser[] = [];
  const pumps: Pump[] = [];
  for (const [source, terminal] of [[child.stdout, opts.stdout], [child.stderr, opts.stderr]] as const) {
    if (!source) continue;
    const parser = makeParser(opts.metricPatterns, (message) => {
      try {
        opts.stderr?.write(`runlens: warning: ${message}\n`);
      } catch {
        // the terminal is gone; the run goes on
      }
    });
    if (parser) parsers.push(parser);
    pumps.push(startPump(source, {
      terminal,
      log,
      onChunk: parser ? (chunk) => record(parser.push(chunk)) : undefined,
    }));
  }
  const versions = await versionsPending;
  try {
    await writer.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: child.pid }, versions);
  } catch (e) {
    // An untracked run must not go on unseen: stop it, then report why.
    child.stop('SIGTERM', opts.graceMs);
    await child.exited;
    for (const p of pumps) p.cutOff();
    await log.close().catch(() => undefined); // a close failure is kept in log.error; the markStarted error thrown next is the one to report
    throw e;
  }

  let reportedBad = 0;
  /** Hands parsed stdout metrics and bad-line counts to the store (without folding them in). */
  const handOver = async (): Promise<void> => {
    const bad = parsers.reduce((n, p) => n + p.badLines, 0);
    if (bad > reportedBad) {
      await writer.addBadLines(bad - reportedBad);
      reportedBad = bad;
    }
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    try {
      await writer.appendMetrics(batch);
    } catch (e) {
      pending.unshift(...batch); // kept for the next try (e.g. once a full disk has space again)
      throw e;
    }
  };
  let diskFull = false;
  /** Tells the user once that the disk filled up (output.log capture stopped, or a metric append failed). */
  const noticeDiskFull = (e: unknown): void => {
    if (diskFull || !isNoSpace(e)) return;
    diskFull = true;
    opts.onDiskFull?.('the disk is full: output still passes through but is no longer saved to the run; ' +
      'its end is recorded once there is space again');
  };
  const flushMetrics = async (): Promise<void> => {
    noticeDiskFull(log.error);
    await handOver().catch((e: unknown) => {
      noticeDiskFull(e);
      throw e;
    });
    await writer.ingest();
  };
  const sampler = opts.systemMetrics ? startSystemSampler(child.pid, opts.systemMetrics, (r) => pending.push(r)) : null;
  const ticker = periodic(opts.ingestIntervalMs ?? 150, flushMetrics);
  const reported = followReportedVersions(writer);
  const heartbeat = periodic(opts.heartbeatIntervalMs ?? 2000, async () => {
    await writer.heartbeat();
    await reported.check();
  });

  const exit = await child.exited;
  await sampler?.stop();
  await drain(pumps);
  await ticker.stop();
  for (const p of parsers) pending.push(...p.flush());
  await log.close().catch(() => undefined); // a close failure is kept in log.error and reported with the end below
  await reported.check().catch(() => undefined); // client-reported versions are extras: unread, the run keeps the supervisor's
  noticeDiskFull(log.error);
  const outputLost = log.error !== undefined && isNoSpace(log.error);
  const end = await recordEnd({
    ...opts, exit, stopped: stopRequested(), versions, handOver, giveUp, diskFull: diskFull ? { outputLost } : null,
  }).finally(() => heartbeat.stop());
  return log.error ? { ...end, captureError: `output capture stopped: ${log.error.message}` } : end;
}

/** Waits for the pipes to end; gives up on a pipe that stays silent (held open by an orphan). */
async function drain(pumps: readonly Pump[]): Promise<void> {
  const idle = setInterval(() => {
    const now = performance.now();
    if (pumps.every((p) => now - p.lastActivity() > PIPE_IDLE_MS)) for (const p of pumps) p.cutOff();
  }, PIPE_IDLE_MS / 4);
  await Promise.all(pumps.map((p) => p.done));
  clearInterval(idle);
}

/** Runs `task` every `ms` without overlapping itself; `stop` waits for a task in flight. */
function periodic(ms: number, task: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    // A failed tick (e.g. a momentarily unreadable file) is retried by the next one and by the
    // final flush, whose errors do propagate.
    running = task().catch(() => undefined).finally(() => { busy = false; });
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
