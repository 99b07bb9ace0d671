// The data step of `runlens push` (and the editor's Push Runs), after the runs step: uploads the
// data of the same runs to the data remote of runlens.yaml. Without one it does nothing (the runs
// travel alone); a `remote:` that cannot be used is reported, never guessed around.
import { type PushRequest } from '../share/push';
import { type PushStep } from '../share/steps';
import { formatBytes } from '../present/format';
import { planPush } from './runObjects';
import { RemoteRecord } from './record';
import { describeRemote } from './spec';
import { type DataPushResult, pushRunData } from './sync';

/** What the data step did: pushed, skipped (no remote; with why), or planned (dry run). */
export type DataStepResult =
  | ({ readonly status: 'pushed' } & DataPushResult)
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'planned'; readonly remote: string; readonly objects: number; readonly bytes: number }
  | { readonly status: 'error'; readonly message: string };

/** Uploads the data of the selected runs to the configured data remote. */
async function pushData(req: PushRequest): Promise<DataStepResult> {
  // Loaded on demand, as runner/plan.ts does: the YAML parser and schema cost a command's start-up.
  const { loadConfig } = await import('../config/config.js');
  const config = await loadConfig(req.workspace).catch(() => undefined); // a config that cannot be read has no remote: the runs travel alone
  if (config?.remoteError !== undefined) return { status: 'error', message: `remote: in runlens.yaml cannot be used, so no data was pushed: ${config.remoteError}` };
  const spec = config?.remote;
  if (!spec) return { status: 'skipped', reason: 'no data remote is configured (remote: in runlens.yaml), so only the runs were pushed' };
  const ids = req.select?.ids && req.select.ids.length > 0 ? new Set(req.select.ids) : undefined;
  const runs = (await req.store.listSummaries())
    .filter((r) => (!ids || ids.has(r.id)) && (req.select?.experiment === undefined || r.experiment === req.select.experiment))
    .map((run) => ({ run, dir: req.store.runDir(run.id) }));
  if (req.dryRun) {
    const record = await RemoteRecord.open(req.store.root, spec);
    const todo = (await planPush(req.store.root, req.store.workspaceRoot, runs, record)).objects.filter((o) => !record.hasObject(o.sha256));
    return { status: 'planned', remote: describeRemote(spec), objects: new Set(todo.map((o) => o.sha256)).size, bytes: todo.reduce((n, o) => n + o.size, 0) };
  }
  const result = await pushRunData(req.store, spec, runs, {
    ...(req.signal ? { signal: req.signal } : {}),
    onProgress: (p) => req.onProgress?.({ phase: 'data', done: p.done, total: p.total, message: `uploading data: ${p.done}/${p.total} file(s), ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}` }),
  });
  return { status: 'pushed', ...result };
}

/** The data step of a push. */
export const DATA_STEP: PushStep<DataStepResult> = { name: 'data', run: pushData };

/** The data step's result among a push's step results, if it ran. */
export function dataResult(results: readonly { readonly name: string; readonly result: unknown }[]): DataStepResult | undefined {
  return results.find((r) => r.name === DATA_STEP.name)?.result as DataStepResult | undefined;
}

/** One line saying what the data step did, for the CLI and the editor. */
export function describeDataStep(r: DataStepResult): string {
  switch (r.status) {
    case 'pushed': return `data: pushed ${r.uploaded} file(s), ${formatBytes(r.uploadedBytes)}, to ${r.remote}; ${r.present} already there`;
    case 'planned': return `data: would push up to ${r.objects} file(s), ${formatBytes(r.bytes)}, to ${r.remote}`;
    case 'skipped': return `data: ${r.reason}`;
    case 'error': return `data: ${r.message}`;
  }
}
