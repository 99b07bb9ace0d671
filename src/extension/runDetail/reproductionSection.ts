// Run Detail's Reproduction section, host side: which verdict the panel's run shows (its own, or
// its newest reproduction's), read from the store, and when a change elsewhere concerns it (a
// reproduction of the shown run was created or judged).
import { ReproductionIndex } from '../../core/reproduce/reproductions';
import { loadVerdict } from '../../core/reproduce/verdict';
import { type ReproductionMessage } from '../../protocol/reproduction';
import { pairFor, reproductionInfo } from '../../views/reproduction';
import { type FolderRuns } from '../runs/folderRuns';

/** The section's message for run `id` of `folder` (info null: nothing to show). */
export async function reproductionMessage(folder: FolderRuns, id: string): Promise<ReproductionMessage> {
  const runs = await folder.list();
  const run = folder.get(id) ?? (await folder.manifest(id)); // a run deleted meanwhile has no reproduction section
  if (!run) return { type: 'reproduction', info: null };
  const pair = pairFor(run, new ReproductionIndex(runs), (other) => folder.get(other)?.name);
  // The pair is found from summaries; the section shows the reproduction's deviations, in its manifest.
  const reproduction = pair && (await folder.manifest(pair.reproduction.id));
  if (!pair || !reproduction) return { type: 'reproduction', info: null };
  const verdict = reproduction.verdict !== undefined || reproduction.status !== 'running'
    ? await loadVerdict(folder.store.runDir(reproduction.id)) : undefined;
  return { type: 'reproduction', info: reproductionInfo({ ...pair, reproduction, verdict }) };
}

/** True when a change of `changed` runs may alter the section of run `id`. */
export function concernsReproduction(folder: FolderRuns, changed: ReadonlySet<string>, id: string): boolean {
  for (const other of changed) {
    if (other === id) return true;
    const run = folder.get(other);
    // A deleted run is no longer cached: it may have been a reproduction of this one.
    if (!run || run.reproducedFrom === id) return true;
  }
  return false;
}
