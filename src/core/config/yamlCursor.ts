// Where an editor cursor is in runlens.yaml: the path of the mapping or value it is in, and whether
// it is on a key or a value. Read from indentation, not from the parse tree, because a half-typed
// line (`    go`) breaks the parse exactly where completion is asked for.
import { type ConfigPath } from './yaml-positions';

/** The cursor on a key (or where a key would be typed): the mapping it belongs to. */
export interface KeyCursor {
  readonly kind: 'key';
  /** Path of the mapping holding the key (e.g. `['experiments', 'train', 'metrics']`). */
  readonly mapPath: ConfigPath;
  /** The key on the line, or the part typed so far ('' on a blank line). */
  readonly key: string;
  /** 0-based character range of that key on the line. */
  readonly start: number;
  readonly end: number;
}

/** The cursor in a value: after `key:` or after `- ` of a sequence item. */
export interface ValueCursor {
  readonly kind: 'value';
  /** Path of the value (its key, or its index for a sequence item). */
  readonly valuePath: ConfigPath;
  /** The value's text on the line, from its first character to the end of the line. */
  readonly text: string;
  /** 0-based character where the value text starts on the line. */
  readonly start: number;
}

/** What the cursor is on; undefined in a comment or inside a flow collection we do not read. */
export type CursorContext = KeyCursor | ValueCursor;

/** One line's block structure: an optional `- ` item marker, an optional `key:`, then a value. */
interface LineShape {
  readonly blank: boolean;
  /** Column of `-` when the line starts a sequence item. */
  readonly dash: number | undefined;
  /** Column where the item's (or line's) content starts. */
  readonly content: number;
  readonly key: string | undefined;
  /** Column just after the `:` of the key. */
  readonly colon: number;
  readonly rest: string;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{}[\],&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?=\s|$)/;

function shapeOf(line: string): LineShape {
  const indent = /^ */.exec(line)?.[0].length ?? 0;
  const item = /^-(?: +|$)/.exec(line.slice(indent));
  const dash = item ? indent : undefined;
  const content = indent + (item ? item[0].length : 0);
  const rest = line.slice(content);
  const blank = rest.trim() === '' || rest.startsWith('#');
  const m = KEY.exec(rest);
  if (!m || blank) return { blank: blank && dash === undefined, dash, content, key: undefined, colon: content, rest };
  const raw = m[1] ?? '';
  const key = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
  return { blank: false, dash, content, key, colon: content + m[0].length, rest };
}

/**
 * The path of the node that starts at column `col` on line `lineNo` (a key, or with `isItem` a
 * sequence item whose `-` is at `col`), found by walking up to the lines that own it.
 */
export function ownerPath(lines: readonly string[], lineNo: number, col: number, isItem: boolean): ConfigPath {
  const path: (string | number)[] = [];
  let items = 0; // siblings of the current sequence item seen so far (its index)
  for (let i = lineNo - 1; i >= 0 && (col > 0 || isItem); i--) {
    const s = shapeOf(lines[i] ?? '');
    if (s.blank) continue;
    if (isItem) {
      if (s.dash === col) {
        items++; // an earlier item of the same sequence
      } else if (s.key !== undefined && s.content <= col) {
        // `key:` owning the sequence (its items may sit at the key's own column); on a `- key:`
        // line that key is itself in an item of an outer sequence.
        path.unshift(s.key, items);
        ({ col, isItem } = s.dash !== undefined ? { col: s.dash, isItem: true } : { col: s.content, isItem: false });
        items = 0;
      } else if (s.dash !== undefined && s.dash < col) {
        path.unshift(items); // `- - x`: an item of an outer sequence holding this one
        ({ col, isItem } = { col: s.dash, isItem: true });
        items = 0;
      }
      continue;
    }
    if (s.dash !== undefined && s.content === col) {
      // A sibling key on an item's first line: the current key belongs to that item's mapping.
      ({ col, isItem } = { col: s.dash, isItem: true });
      continue;
    }
    if (s.key !== undefined && s.content < col) {
      path.unshift(s.key);
      if (s.dash !== undefined) ({ col, isItem } = { col: s.dash, isItem: true });
      else col = s.content;
    }
  }
  if (isItem) path.unshift(items);
  return path;
}

/** The path of the key whose multi-line scalar line `lineNo` (indented by `indent`) continues, if any. */
function continuedScalar(lines: readonly string[], lineNo: number, indent: number): ConfigPath | undefined {
  for (let i = lineNo - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const s = shapeOf(line);
    if (s.blank || (s.dash === undefined && s.content >= indent)) continue; // an earlier line of the same value
    if (s.key === undefined || s.content >= indent) return undefined;
    // `key:` alone owns a mapping or list below it; `key: |`, `key: >-` or `key: text` a scalar.
    if (line.slice(s.colon).replace(/(^|\s)#.*$/, '').trim() === '') return undefined;
    const owner = s.dash !== undefined ? ownerPath(lines, i, s.dash, true) : ownerPath(lines, i, s.content, false);
    return [...owner, s.key];
  }
  return undefined;
}

/** The cursor context at a 0-based line and character of `text`. Never throws. */
export function cursorContext(text: string, line: number, character: number): CursorContext | undefined {
  const lines = text.split(/\r?\n/);
  const current = lines[line] ?? '';
  const s = shapeOf(current);
  const before = current.slice(0, character);
  if (/^\s*#/.test(current.slice(s.content)) && character > s.content) return undefined;
  if (s.key !== undefined) {
    const keyStart = s.content + (current.slice(s.content).startsWith(s.key) ? 0 : 1);
    const mapPath = s.dash !== undefined ? [...ownerPath(lines, line, s.dash, true)] : [...ownerPath(lines, line, s.content, false)];
    if (character < s.colon) return { kind: 'key', mapPath, key: s.key, start: keyStart, end: keyStart + s.key.length };
    const start = s.colon + (/^ */.exec(current.slice(s.colon))?.[0].length ?? 0);
    return { kind: 'value', valuePath: [...mapPath, s.key], text: current.slice(start), start };
  }
  if (s.dash !== undefined && character >= s.content && !/^[\w.-]*$/.test(before.slice(s.content))) {
    const path = ownerPath(lines, line, s.dash, true);
    return { kind: 'value', valuePath: path, text: current.slice(s.content), start: s.content };
  }
  if (s.dash === undefined && !/^[\w.-]*$/.test(before.slice(s.content))) {
    // Not a key being typed: perhaps a further line of a multi-line value (`command: >-`).
    const valuePath = continuedScalar(lines, line, s.content);
    if (valuePath) return { kind: 'value', valuePath, text: current.slice(s.content), start: s.content };
  }
  // A blank line or a half-typed key: its column decides which mapping it would join.
  const typed = /[\w.-]*$/.exec(before)?.[0] ?? '';
  const col = s.dash !== undefined ? s.content : Math.min(character - typed.length, s.content);
  if (before.slice(col).trim() !== typed.trim()) return undefined;
  const mapPath = s.dash !== undefined ? [...ownerPath(lines, line, s.dash, true)] : [...ownerPath(lines, line, col, false)];
  return { kind: 'key', mapPath, key: typed, start: character - typed.length, end: character };
}
