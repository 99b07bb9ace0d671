// The parsed node under an offset of runlens.yaml, with its config path: hovers read what is
// already written (flow mappings like `params: { lr: 0.01 }` included) from the yaml AST positions.
import { type Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import { type ConfigPath } from './yaml-positions';

/** The scalar under the cursor: its path, whether it is a key, and its source range (offsets). */
export interface NodeAt {
  /** For a key: the path of the value it names; for a value: the value's path. */
  readonly path: ConfigPath;
  readonly onKey: boolean;
  /** The scalar's text as written (a key's name, a value's source). */
  readonly source: string;
  readonly start: number;
  readonly end: number;
}

function contains(range: readonly number[] | null | undefined, offset: number): boolean {
  return !!range && range[0] !== undefined && range[1] !== undefined && offset >= range[0] && offset <= range[1];
}

/** The key or scalar value at `offset` in a parsed document; undefined between nodes. */
export function nodeAt(doc: Document, text: string, offset: number): NodeAt | undefined {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      let next: unknown;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isScalar(key) && contains(key.range, offset)) {
          const r = key.range ?? [0, 0];
          return { path: [...path, String(key.value)], onKey: true, source: String(key.value), start: r[0], end: r[1] };
        }
        const value = pair.value as { range?: [number, number, number] } | null;
        if (isScalar(key) && value && contains(value.range, offset)) {
          path.push(String(key.value));
          next = value;
          break;
        }
      }
      if (next === undefined) return undefined;
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => contains((item as { range?: number[] } | null)?.range, offset));
      if (i === -1) return undefined;
      path.push(i);
      node = node.items[i];
    } else if (isScalar(node) && node.range) {
      return { path, onKey: false, source: text.slice(node.range[0], node.range[1]), start: node.range[0], end: node.range[1] };
    } else {
      return undefined;
    }
  }
  return undefined;
}
