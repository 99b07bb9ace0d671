// Follows one run for the detail page: builds the snapshot, then turns store events into
// incremental messages (new points from metrics.jsonl, new log lines from output.log), reading each
// file from the byte offset the previous read stopped at, one read at a time.
import { type RunManifest, TERMINAL_STATUSES } from '../../core/model';
import { readLogFrom, skippedNote } from '../../views/detail/logLines';
import { dataInfo, gitInfo, runInfo, seriesData } from '../../views/detail/present';
import { DETAIL_MAX_POINTS, pointsByMetric, readDetailSeries } from '../../views/detail/series';
import { downsample } from '../../core/series/downsample';
import { LOG_TAIL_LINES, type AppendLogMessage, type AppendPointsMessage, type GitInfo, type RunChangedMessage, type SnapshotMessage } from '../../protocol/runDetail';
import { type FolderRuns } from '../runs/folderRuns';
import { hasCommit, repoToplevel } from '../../views/detail/gitFiles';
import { GitMissingError } from '../../core/git/exec';

/** Where the page is in each file of the run: new data is read from here. */
interface Offsets {
  metrics: number;
  log: number;
}

/** The reading side of one run's detail page. */
export class RunFollower {
  private offsets: Offsets | undefined;
  /** The repository the run's snapshot lives in (for diffs), once looked up. */
  repo: string | undefined;

  constructor(readonly folder: FolderRuns, readonly id: string) {}

  /** The run's manifest (kept by the folder once read); undefined when the run is gone. */
  async manifest(): Promise<RunManifest | undefined> {
    return this.folder.manifest(this.id);
  }

  /** The whole page; resets the offsets so updates continue from what it contains. */
  async snapshot(pinned: boolean): Promise<SnapshotMessage | undefined> {
    const run = await this.manifest();
    if (!run) return undefined;
    const terminal = TERMINAL_STATUSES.includes(run.status);
    const dir = this.folder.store.runDir(run.id);
    const logPath = this.folder.store.logPath(run.id);
    const [series, log, git] = await Promise.all([
      readDetailSeries(dir, Object.keys(run.metrics), { terminal, maxPoints: DETAIL_MAX_POINTS }),
      readLogFrom(logPath, 0, { final: terminal, maxLines: LOG_TAIL_LINES }),
      this.git(run),
    ]);
    this.offsets = { metrics: series.offset, log: log.offset };
    return {
      type: 'snapshot', folder: this.folder.folder.uri.fsPath, pinned,
      run: runInfo(run, this.folder.goalOf(run)), git, data: dataInfo(run),
      series: series.series.map(seriesData), log: log.lines, logNote: skippedNote(log.skippedBytes, logPath),
    };
  }

  /** The header and text sections after a manifest change; undefined when the run is gone. */
  async changed(): Promise<RunChangedMessage | undefined> {
    const run = await this.folder.manifest(this.id);
    return run ? { type: 'runChanged', run: runInfo(run, this.folder.goalOf(run)), data: dataInfo(run) } : undefined;
  }

  /** Points logged since the last read (downsampled when a burst exceeds what a chart draws). */
  async newPoints(): Promise<AppendPointsMessage | undefined> {
    if (!this.offsets) return undefined;
    const { records, offset } = await this.folder.store.tailMetrics(this.id, this.offsets.metrics);
    this.offsets.metrics = offset;
    if (records.length === 0) return undefined;
    const series = [...pointsByMetric(records)].map(([metric, pts]) => seriesData(downsample(metric, pts, DETAIL_MAX_POINTS)));
    return { type: 'appendPoints', series };
  }

  /** Log lines written since the last read (a burst is cut to the page's tail length). */
  async newLogLines(final: boolean): Promise<AppendLogMessage | undefined> {
    if (!this.offsets) return undefined;
    const chunk = await readLogFrom(this.folder.store.logPath(this.id), this.offsets.log, { final, maxLines: LOG_TAIL_LINES });
    this.offsets.log = chunk.offset;
    if (chunk.lines.length === 0) return undefined;
    const lines = chunk.skippedBytes > 0 ? [`[runlens: ${chunk.skippedBytes} bytes of output skipped]`, ...chunk.lines] : chunk.lines;
    return { type: 'appendLog', lines };
  }

  /** The git section, with what the machine can tell: no git, no repository, snapshot collected. */
  private async git(run: RunManifest): Promise<GitInfo> {
    const info = gitInfo(run);
    if (!info.snapshot && !info.commit) return info;
    try {
      this.repo = (await repoToplevel(run.cwd).catch(() => undefined)) ?? (await repoToplevel(this.folder.folder.uri.fsPath)); // the run's folder may be gone: the workspace folder's repository is tried next
      if (!this.repo) return { ...info, changed: info.changed.map((f) => ({ ...f, diffable: false })), notes: [...info.notes, 'The run\'s folder is no longer in a git repository, so its snapshot cannot be opened.'] };
      if (info.snapshot && !(await hasCommit(this.repo, info.snapshot))) {
        return { ...info, changed: info.changed.map((f) => ({ ...f, diffable: false })), notes: [...info.notes, `The snapshot commit ${info.snapshot.slice(0, 12)} is no longer in ${this.repo} (its ref was deleted and git collected it).`] };
      }
      return info;
    } catch (e) {
      const why = e instanceof GitMissingError ? 'git is not installed or not on PATH, so diffs cannot be opened.' : `git failed: ${(e as Error).message}`;
      return { ...info, changed: info.changed.map((f) => ({ ...f, diffable: false })), notes: [...info.notes, why] };
    }
  }
}
