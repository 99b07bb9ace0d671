// "Rerun Stale Chain" (docs/lineage.md): on a stale run, `runlens rerun --stale-chain` in a terminal,
// which reruns its stale upstream runs first, in order, each with its own params, through the queue,
// then the run itself. Cancellable like a sweep (Ctrl+C, Cancel Queued Run); refused when untrusted.
import * as vscode from 'vscode';
import { type StaleVerdict } from '../../core/lineage/stale';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { type StaleRuns } from '../runs/staleRuns';
import { pythonFor } from './python';
import { resolveRun, type RunTarget } from './runActions';
import { launchCli, type Launch } from './terminal';
import { ensureTrusted, UNTRUSTED } from './trust';

/** The stale runs of every folder, for the palette's pick. */
function staleRunsOf(view: RunsView, stale: StaleRuns): { folder: FolderRuns; verdict: StaleVerdict }[] {
  return view.folderRuns().flatMap((folder) => stale.verdicts(folder).filter((v) => v.stale).map((verdict) => ({ folder, verdict })));
}

/** From the palette: pick one of the stale runs. */
async function pickStale(view: RunsView, stale: StaleRuns): Promise<RunTarget> {
  const all = staleRunsOf(view, stale);
  if (all.length === 0) {
    void vscode.window.showInformationMessage('Runlens: no run is stale: every current result is up to date with its data and upstream runs.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(all.map(({ folder, verdict }) => ({
    label: verdict.name,
    description: `${verdict.experiment ?? ''}${view.folderRuns().length > 1 ? ` · ${folder.folder.name}` : ''}`,
    detail: verdict.reasons[0]?.message,
    folder, id: verdict.run,
  })), { title: 'Rerun Stale Chain', placeHolder: 'The stale run to bring up to date (its stale upstream runs rerun first)' });
  return picked ? { folder: picked.folder, id: picked.id } : undefined;
}

/**
 * Runs "Rerun Stale Chain" on `target` (a Runs view row), or on a stale run picked from a list.
 * Returns the launch, undefined when there was nothing to do, or UNTRUSTED when refused.
 */
export async function rerunStaleChain(context: vscode.ExtensionContext, view: RunsView, stale: StaleRuns, target?: RunTarget): Promise<Launch | typeof UNTRUSTED | undefined> {
  if (!ensureTrusted('rerun a stale chain')) return UNTRUSTED;
  const found = await resolveRun(view, target ?? await pickStale(view, stale));
  if (!found) return undefined;
  const { folder, run } = found;
  // The mark may predate the last data edit: judge again before queueing anything.
  await stale.check(folder);
  if (!stale.staleOf(folder, run.id)) {
    void vscode.window.showInformationMessage(`Runlens: ${run.name} is not stale: nothing it depends on changed, so there is nothing to rerun.`);
    return undefined;
  }
  const python = await pythonFor(folder.folder);
  return launchCli(context, folder.folder, `Runlens: stale chain of ${run.name}`, ['rerun', run.id, '--stale-chain', '--python', python], undefined, `stale-chain:${run.id}`);
}
