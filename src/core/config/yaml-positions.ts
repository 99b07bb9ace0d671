// Maps paths inside a parsed runlens.yaml (as JSON Schema reports them) back to source ranges, so
// every config problem points at the exact key or value it is about.
import { type Document, type LineCounter, type Node, type Pair, type YAMLError, type YAMLMap, isCollection, isMap, isNode, isPair, isScalar, isSeq, visit } from 'yaml';

/** A path into the config: map keys and sequence indexes. */
export type ConfigPath = readonly (string | number)[];

/** A 1-based source range, end exclusive (the column just after the last character). */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** What a path leads to: the value node and, when the last step was a map key, the key node. */
export interface Located {
  readonly value: Node | null;
  readonly key: Node | null;
  /** The deepest node on the path that exists (for paths into missing keys). */
  readonly nearest: Node | null;
}

/** Splits a JSON pointer (`/experiments/train/metrics/goal`) into path segments. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// Each mapping's pairs by key text, built on first use: one problem per key of a large mapping
// would otherwise scan the mapping once per problem.
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const text = isPair(p) ? keyText(p.key) : undefined;
      if (text !== undefined && !index.has(text)) index.set(text, p); // the first wins, as with find
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** Finds the nodes a path leads to, tolerating paths that stop early. */
export function locate(doc: Document, path: ConfigPath): Located {
  let current: unknown = doc.contents;
  let key: Node | null = null;
  let nearest: Node | null = isNode(current) ? current : null;
  for (const segment of path) {
    key = null;
    if (isMap(current)) {
      const pair = pairOf(current, String(segment));
      if (!pair) return { value: null, key: null, nearest };
      key = isNode(pair.key) ? pair.key : null;
      current = pair.value;
    } else if (isSeq(current)) {
      current = current.items[Number(segment)];
    } else {
      return { value: null, key: null, nearest };
    }
    if (isNode(current)) nearest = current;
    else if (key) nearest = key;
  }
  return { value: isNode(current) ? current : null, key, nearest };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** The range covering `[start, end)` offsets. */
export function offsetRange(lc: LineCounter, start: number, end: number): SourceRange {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(end, start + 1));
  return { line: Math.max(1, a.line), column: a.col, endLine: Math.max(1, b.line), endColumn: b.col };
}

/** The range of a node (without trailing comments), or of the document start when it has none. */
export function nodeRange(lc: LineCounter, node: Node | null): SourceRange {
  const r = node?.range;
  if (!r) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return offsetRange(lc, r[0], r[1]);
}

/**
 * The range to underline for a problem at `path`: the value itself, or with `preferKey` the key
 * naming it (a missing required key or an unknown key reads best on the key).
 */
export function rangeAt(doc: Document, lc: LineCounter, path: ConfigPath, preferKey = false): SourceRange {
  const found = locate(doc, path);
  if (preferKey && found.key) return nodeRange(lc, found.key);
  if (found.value?.range && found.value.range[1] > found.value.range[0]) return nodeRange(lc, found.value);
  return nodeRange(lc, found.key ?? found.nearest);
}

/**
 * The range of `needle` inside a scalar's source text when it appears there verbatim (e.g. one
 * `${param}` in a command), else the scalar's whole range.
 */
export function rangeInScalar(text: string, lc: LineCounter, node: Node | null, needle: string): SourceRange {
  const r = node?.range;
  if (!r) return nodeRange(lc, node);
  const at = text.slice(r[0], r[1]).indexOf(needle);
  if (at === -1) return nodeRange(lc, node);
  return offsetRange(lc, r[0] + at, r[0] + at + needle.length);
}

/**
 * Where a YAML syntax error reads best. The parser reports where it gave up: for an unclosed quote
 * or bracket that is often the end of the file, so the range is moved to the character that opened
 * it (to the end of its line); an error reported on a line's indentation (a misaligned key) moves
 * to the key itself. Anything else keeps the parser's position.
 */
export function syntaxErrorRange(doc: Document, lc: LineCounter, text: string, error: Pick<YAMLError, 'code' | 'pos'>): SourceRange {
  const [start, end] = error.pos;
  const opener = unclosedOpener(doc, error.code, start);
  if (opener !== undefined) return offsetRange(lc, opener, lineEnd(text, opener));
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0;
  // A tab in the indentation is itself the problem; everything else is about what follows.
  if (error.code !== 'TAB_AS_INDENT' && start < lineStart + indent && lineStart + indent < lineEnd(text, lineStart)) {
    const first = lineStart + indent;
    const key = /^[^\s#][^\n]*?(?=:(\s|$))/.exec(text.slice(first, lineEnd(text, first)));
    return offsetRange(lc, first, key ? first + key[0].length : lineEnd(text, first));
  }
  return offsetRange(lc, start, end);
}

/** The offset of the quote, `[` or `{` left open where an error at `at` was reported, if any. */
function unclosedOpener(doc: Document, code: string, at: number): number | undefined {
  if (code !== 'MISSING_CHAR' && code !== 'BAD_INDENT') return undefined;
  let found: number | undefined;
  visit(doc, {
    Node(_key, node) {
      const r = node.range;
      if (!r || r[1] !== at) return undefined;
      const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      // The innermost open node wins: a quote left open inside an unclosed `[` is the first cause.
      if (quoted || (isCollection(node) && node.flow)) found = r[0];
      return undefined;
    },
  });
  return found;
}

/** Offset of the end of the line holding `offset` (before its line break). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl === -1 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}
