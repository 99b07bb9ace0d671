// Remembers the layout of each connected part of a lineage by its shape, so a part shaped like one
// laid out before (the next round of the same pipeline, or the same part on a live update) is not
// laid out again: dagre is deterministic, so the same input up to node names gives the same layout.
import { type LineageViewEdge } from '../../src/protocol/lineage';

/** A part's layout by position in its node list, relative to the part's top-left corner. */
export interface PartShape {
  readonly boxes: readonly { readonly x: number; readonly y: number }[];
  readonly points: readonly (readonly { readonly x: number; readonly y: number }[])[];
  readonly width: number;
  readonly height: number;
}

/**
 * Everything dagre sees of a part, names left out: the mode, the node count, and each edge as the
 * positions of its ends in `ids`, in the order they are added (every node has the same size).
 */
export function partKey(ids: readonly string[], edges: readonly LineageViewEdge[], thorough: boolean): string {
  const at = new Map<string, number>();
  ids.forEach((id, i) => at.set(id, i));
  const parts: string[] = [thorough ? 't' : 'f', String(ids.length)];
  for (const e of edges) parts.push(`${at.get(e.from) ?? -1}>${at.get(e.to) ?? -1}`);
  return parts.join(',');
}

/** How many shapes are kept: enough for the distinct parts of a large project, bounded for memory. */
const MAX_SHAPES = 500;

/** Part shapes laid out in this page, newest last. */
export class PartCache {
  private readonly shapes = new Map<string, PartShape>();
  /** Shapes found and shapes laid out (the unit tests read them). */
  hits = 0;
  misses = 0;

  /** The shape under `key`, laying it out with `compute` when it is not known yet. */
  get(key: string, compute: () => PartShape): PartShape {
    const known = this.shapes.get(key);
    if (known) {
      this.hits++;
      // Refreshes its place, so the least recently used shape is the one dropped.
      this.shapes.delete(key);
      this.shapes.set(key, known);
      return known;
    }
    this.misses++;
    const shape = compute();
    this.shapes.set(key, shape);
    if (this.shapes.size > MAX_SHAPES) this.shapes.delete(this.shapes.keys().next().value as string);
    return shape;
  }
}
