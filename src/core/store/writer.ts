// The writing side of one run, used only by its supervisor: status transitions, metric appends
// and ingest into series and summaries, heartbeat, output log. One RunWriter per run.
import { appendFileSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type ProcessInfo, type ReproduceVerdict, type RunDataLinks, type RunManifest } from '../model';
import { type CodeLink } from '../git/capture';
import { formatMetricRecord, type MetricRecord } from '../metrics/record';
import { ingestFields, ingestRun, type IngestResult } from '../series/ingest';
import { appendOnce } from '../fs/atomic';
import { withLock } from '../fs/lock';
import { openLogFile, type LogFile } from './logFile';
import { RUN_FILES, type StoreLayout } from './layout';
import { readManifest, writeManifest } from './manifest';
import { journalChange } from './run-index';

/** How a run ended, as the supervisor saw it. */
export interface RunResult {
  readonly status: 'finished' | 'failed' | 'stopped';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly error?: string | null;
}

/** Writes one run. Created by RunStore.createRun. */
export class RunWriter {
  readonly id: string;
  readonly dir: string;
  /** Absolute path of metrics.jsonl; the child appends here too (RUNLENS_RUN_DIR/metrics.jsonl). */
  readonly metricsFile: string;
  private current: RunManifest;
  private reportedBad = 0;
  /** The last metrics append failed, perhaps after writing part of a line (a full disk). */
  private torn = false;

  /** @internal Use RunStore.createRun. */
  constructor(private readonly layout: StoreLayout, manifest: RunManifest) {
    this.id = manifest.id;
    this.dir = layout.runDir(manifest.id);
    this.metricsFile = join(this.dir, RUN_FILES.metrics);
    this.current = manifest;
  }

  /** A copy of the manifest as this writer last wrote it. */
  manifest(): RunManifest {
    return structuredClone(this.current);
  }

  /** Records the process and tool versions and sets the run `running`. */
  async markStarted(proc: ProcessInfo, versions: Record<string, string>): Promise<void> {
    await this.heartbeat();
    await this.save((m) => ({ ...m, status: 'running', startedAt: new Date().toISOString(), process: { ...proc }, versions: { ...versions } }));
  }

  /** Records the run's links to its code and data (docs/code-snapshots.md, docs/data-hashing.md). */
  async setLinks(links: { code?: CodeLink | null; data?: RunDataLinks | null }): Promise<void> {
    await this.save((m) => ({ ...m, ...(links.code !== undefined ? { code: links.code } : {}), ...(links.data !== undefined ? { data: links.data } : {}) }));
  }

  /** Appends records to metrics.jsonl with O_APPEND in one write (never interleaves with the child's appends). */
  async appendMetrics(records: readonly MetricRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await appendOnce(this.metricsFile, this.metricLines(records));
      this.torn = false;
    } catch (e) {
      this.torn = true;
      throw e;
    }
  }

  /** The records as lines; after a failed append a newline first ends the fragment it may have left. */
  private metricLines(records: readonly MetricRecord[]): string {
    return (this.torn ? '\n' : '') + records.map(formatMetricRecord).join('');
  }

  /**
   * Appends records at once (one synchronous O_APPEND write), for the supervisor's output capture:
   * a record is in metrics.jsonl as soon as its line is in output.log. False when the write failed
   * (e.g. a full disk); the caller keeps the records for {@link appendMetrics} to retry.
   */
  appendMetricsNow(records: readonly MetricRecord[]): boolean {
    try {
      appendFileSync(this.metricsFile, this.metricLines(records));
      this.torn = false;
      return true;
    } catch {
      // The caller counts the lost append; `torn` makes the next append start on a fresh line.
      this.torn = true;
      return false;
    }
  }

  /** Folds everything appended to metrics.jsonl since the last ingest into series and summaries. */
  async ingest(): Promise<{ records: number; bad: number }> {
    const result = await ingestRun(this.dir, { reportedBad: this.reportedBad });
    if (!result) return { records: 0, bad: 0 }; // a reader is catching up right now; next time
    await this.applyIngest(result);
    return { records: result.records, bad: result.bad };
  }

  /**
   * Counts metric lines from other sources (stdout capture, regex) that could not be parsed.
   * Cheap (memory only): the count reaches the manifest with the next ingest() or finish().
   */
  addBadLines(n: number): Promise<void> {
    this.reportedBad += n;
    return Promise.resolve();
  }

  /** Proves the supervisor is alive (readers report a silent run as crashed after 30 s). */
  async heartbeat(): Promise<void> {
    const path = join(this.dir, RUN_FILES.heartbeat);
    const now = new Date();
    try {
      await fsp.utimes(path, now, now);
    } catch {
      // No heartbeat file yet: created instead of touched.
      await fsp.writeFile(path, '');
    }
  }

  /** Opens output.log for appending raw bytes (stdout and stderr combined, as they arrive). */
  openLog(): LogFile {
    return openLogFile(this.dir);
  }

  /** Final ingest (an unterminated last line counts too), result, end time; returns the final manifest. */
  async finish(result: RunResult): Promise<RunManifest> {
    let ingest: IngestResult | undefined;
    for (let waited = 0; !(ingest = await ingestRun(this.dir, { final: true, reportedBad: this.reportedBad })) && waited < 10_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // One manifest write for the last metrics and the end: each write is a locked, fsynced rename.
    const done = await this.save((m) => ({
      ...m, ...(ingest ? ingestFields(m, ingest) : undefined), status: result.status, exitCode: result.exitCode, signal: result.signal, error: result.error ?? null, endedAt: new Date().toISOString(),
    }));
    await journalChange(this.layout, this.id);
    return done;
  }

  /** Adds tool versions the run's own process reported (e.g. torch, CUDA) to those recorded at start. */
  async addVersions(versions: Readonly<Record<string, string>>): Promise<void> {
    await this.save((m) => ({ ...m, versions: { ...m.versions, ...versions } }));
  }

  /** Records a reproduction's verdict in run.json once it is judged (after {@link finish}). */
  async recordVerdict(verdict: ReproduceVerdict): Promise<void> {
    await this.save((m) => ({ ...m, verdict }));
    await journalChange(this.layout, this.id);
  }

  private async applyIngest(result: IngestResult): Promise<void> {
    const fields = ingestFields(this.current, result);
    if (result.records === 0 && fields.badMetricLines === this.current.badMetricLines) return;
    await this.save((m) => ({ ...m, ...ingestFields(m, result) }));
  }

  /**
   * Read-modify-write of run.json under the run's lock. User edits made meanwhile (name, tags,
   * star, note) and a reader's crash verdict are read from disk first, so only the supervisor's
   * own fields come from memory and no edit is lost.
   */
  private async save(change: (m: RunManifest) => RunManifest): Promise<RunManifest> {
    return withLock(join(this.dir, RUN_FILES.lock), async () => {
      // Only the user's edits (name, tags, note) are taken from disk: unreadable, the writer's own record stands.
      const disk = await readManifest(this.dir, this.id).catch(() => undefined);
      const base: RunManifest = disk
        ? { ...this.current, name: disk.name, tags: disk.tags, starred: disk.starred, note: disk.note }
        : this.current;
      const next = change(base);
      await writeManifest(this.dir, next);
      // A reader declared this run crashed (a missed heartbeat): the index cached that; undo it.
      if (disk?.status === 'crashed' && next.status !== 'crashed') await journalChange(this.layout, this.id);
      this.current = next;
      return structuredClone(next);
    });
  }
}

