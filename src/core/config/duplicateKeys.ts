// Duplicate mapping keys in runlens.yaml, found in one pass: the yaml package's own check
// (`uniqueKeys: true`) compares each key with every earlier one, which made a mapping of tens of
// thousands of keys take seconds to minutes to load.
import { type Document, isMap, isNode, isPair, isScalar, type Node } from 'yaml';

/** One duplicate key: its start offset in the text (where yaml would report it). */
export interface DuplicateKey {
  readonly offset: number;
}

/**
 * Every key of a mapping that repeats an earlier scalar key of the same mapping (compared by
 * value, as yaml does: `1` and `"1"` differ), in document order.
 */
export function findDuplicateKeys(doc: Document): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) found.push({ offset: pair.key.range?.[0] ?? 0 });
          else seen.add(pair.key.value);
        } else if (isNode(pair.key)) {
          stack.push(pair.key);
        }
        stack.push(pair.value);
      }
    } else if (isNode(node) && 'items' in node) {
      for (const item of (node as Node & { items: unknown[] }).items) stack.push(item);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
