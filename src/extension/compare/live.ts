// Follows the compared runs that are still live: each time a run's metrics.jsonl grows, only the
// new complete lines are read (from the offset measured before the snapshot) and posted as points.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { type MetricRecord } from '../../core/metrics/record';
import { type AppendedPoints, type AppendPointsMessage, toWireNumber, type WireNumber } from '../../protocol/compare';
import { type FolderRuns } from '../runs/folderRuns';

/** Groups metric records by metric, in logging order. */
export function pointsByMetric(records: readonly MetricRecord[]): AppendedPoints[] {
  const byMetric = new Map<string, { step: (number | null)[]; time: number[]; value: WireNumber[] }>();
  for (const r of records) {
    for (const [metric, value] of Object.entries(r.values)) {
      let p = byMetric.get(metric);
      if (!p) byMetric.set(metric, (p = { step: [], time: [], value: [] }));
      p.step.push(r.step ?? null);
      p.time.push(r.time);
      p.value.push(toWireNumber(value));
    }
  }
  return [...byMetric].map(([metric, p]) => ({ metric, ...p }));
}

/** The live-points half of a Compare panel. */
export class LiveCompare implements vscode.Disposable {
  private readonly offsets = new Map<string, number>();
  private readonly busy = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly folder: FolderRuns, private readonly ids: () => readonly string[], private readonly post: (m: AppendPointsMessage) => void, private readonly log: vscode.LogOutputChannel) {
    this.subscription = folder.onDidStoreEvent((e) => {
      if (e.kind === 'metrics' && this.offsets.has(e.runId)) this.tail(e.runId);
    });
  }

  /**
   * Follows `liveIds` from the current end of their metrics files. Called before the snapshot's
   * series are read, so a point logged in between may come twice: the page drops repeats.
   */
  async start(liveIds: readonly string[]): Promise<void> {
    this.offsets.clear();
    await Promise.all(liveIds.map(async (id) => {
      const size = await stat(join(this.folder.store.runDir(id), 'metrics.jsonl')).then((s) => s.size, () => 0);
      this.offsets.set(id, size);
    }));
  }

  /** Reads what run `id` appended once more (after it ends, the last lines), then stops following it. */
  finish(id: string): void {
    if (!this.offsets.has(id)) return;
    this.tail(id);
    void (this.busy.get(id) ?? Promise.resolve()).then(() => this.offsets.delete(id));
  }

  /** One tail per run at a time; an event during a tail schedules one more. */
  private tail(id: string): void {
    if (this.busy.has(id)) {
      this.again.add(id);
      return;
    }
    const job = this.readNew(id).finally(() => {
      this.busy.delete(id);
      if (this.again.delete(id)) this.tail(id);
    });
    this.busy.set(id, job);
  }

  private async readNew(id: string): Promise<void> {
    const from = this.offsets.get(id);
    if (from === undefined || !this.ids().includes(id)) return;
    try {
      const { records, offset } = await this.folder.store.tailMetrics(id, from);
      if (this.offsets.has(id)) this.offsets.set(id, offset);
      if (records.length > 0) this.post({ type: 'appendPoints', runId: id, points: pointsByMetric(records) });
    } catch (e) {
      this.log.warn(`Runlens: could not read new metrics of run ${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.offsets.clear();
  }
}
