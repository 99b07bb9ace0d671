// Keyboard navigation between nodes: the arrow keys move to the nearest node in that direction
// (left: towards the data a node came from, right: towards what it made), weighing distance
// across the direction more than along it, so moves follow ranks and rows as the eye does.
import { type Box } from './layout';

/** An arrow direction. */
export type Arrow = 'left' | 'right' | 'up' | 'down';

/** The arrow a key means, if any. */
export function arrowOf(key: string): Arrow | undefined {
  return ({ ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' } as Record<string, Arrow>)[key];
}

/**
 * The id of the node nearest to `from` in direction `arrow`, or undefined when there is none.
 * `neighbours` (the nodes joined to `from` by an edge) win among candidates in that direction.
 */
export function nextNode(boxes: ReadonlyMap<string, Box>, from: string, arrow: Arrow, neighbours: ReadonlySet<string> = new Set()): string | undefined {
  const a = boxes.get(from);
  if (!a) return undefined;
  let best: string | undefined;
  let bestCost = Infinity;
  for (const [id, b] of boxes) {
    if (id === from) continue;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const along = arrow === 'left' ? -dx : arrow === 'right' ? dx : arrow === 'up' ? -dy : dy;
    const across = arrow === 'left' || arrow === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 1) continue;
    // Sideways moves are cheap between ranks (left/right) and dear within a column (up/down).
    const cost = (along + across * (arrow === 'left' || arrow === 'right' ? 2 : 4)) * (neighbours.has(id) ? 0.25 : 1);
    if (cost < bestCost) {
      bestCost = cost;
      best = id;
    }
  }
  return best;
}

/** The runs selected for Compare: toggled with Ctrl/Shift+click or Space. */
export class Selection {
  private readonly ids = new Set<string>();

  toggle(id: string): void {
    if (!this.ids.delete(id)) this.ids.add(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Keeps only ids still in the graph (after a live update). */
  retain(present: ReadonlySet<string>): void {
    for (const id of this.ids) if (!present.has(id)) this.ids.delete(id);
  }

  clear(): void {
    this.ids.clear();
  }

  get size(): number {
    return this.ids.size;
  }

  values(): string[] {
    return [...this.ids];
  }
}
