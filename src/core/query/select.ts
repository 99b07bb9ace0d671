// Choosing and ordering runs from a listing of any size (`runlens ls`, and any front end that pages
// through a big store): each record is read once, tested, reduced to what the sort needs and dropped,
// so 100,000 runs are filtered and sorted with core's one filter and one sort in little memory.
import { type ListedRun } from '../model';
import { type IndexRecord, type RunListing } from '../store/listing';
import { NEWEST_FIRST, sortRuns, type RunSort } from './sort';

/** What to keep from a listing, in which order, and how many. */
export interface Selection<T> {
  /** Which runs to keep (all when absent). */
  readonly test?: (run: T) => boolean;
  readonly sort?: RunSort;
  readonly limit?: number;
}

/** Just what {@link sortRuns} reads of a run, plus where the run sits in its listing. */
interface SortStub extends ListedRun {
  readonly index: number;
}

/**
 * Positions in `listing` of the runs `selection` keeps, in its order (ties newest first), at most
 * `limit`. Without a test and with the default order, no record is read at all.
 */
export async function selectRuns<T extends IndexRecord & ListedRun>(listing: RunListing<T>, selection: Selection<T>): Promise<number[]> {
  const sort = selection.sort ?? NEWEST_FIRST;
  const limit = Math.min(selection.limit ?? Number.MAX_SAFE_INTEGER, listing.size);
  if (!selection.test && sort.by === 'newest') return Array.from({ length: limit }, (_, i) => i);
  const stubs: SortStub[] = [];
  await listing.forEach((run, index) => {
    if (selection.test && !selection.test(run)) return;
    const metric = sort.by === 'metric' && Object.hasOwn(run.metrics, sort.metric) ? run.metrics[sort.metric] : undefined;
    stubs.push({
      index, id: run.id, name: sort.by === 'name' ? run.name : '', experiment: null, status: run.status, params: {},
      metrics: metric && sort.by === 'metric' ? { [sort.metric]: metric } : {}, tags: [], note: '',
    });
  });
  return sortRuns(stubs, sort).slice(0, limit).map((s) => s.index);
}
