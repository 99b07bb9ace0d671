// Which store changes can change the stale verdicts: a run ending, going or otherwise settled. A run
// queued or starting is neither judged nor yet a producer (its outputs are recorded when it ends), so
// re-judging 100,000 runs for it would only hold the extension host while its row should appear.
import { type RunStatus, TERMINAL_STATUSES } from '../../core/model';

/**
 * Whether any of `changed` can change what is stale: a run gone (`statusOf` undefined) or in a
 * terminal status. False when every changed run is still queued or running.
 */
export function affectsLineage(changed: Iterable<string>, statusOf: (id: string) => RunStatus | undefined): boolean {
  for (const id of changed) {
    const status = statusOf(id);
    if (status === undefined || TERMINAL_STATUSES.includes(status)) return true;
  }
  return false;
}
