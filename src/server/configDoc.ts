// What the language server reads from the runlens.yaml being edited: the keys already in a mapping,
// an experiment's params, its primary metric and the metrics its patterns capture. Tolerant of a file that does not parse: whatever
// the yaml parser recovered is used, the rest is simply absent.
import { type Document, isMap, isPair, isScalar, parseDocument } from 'yaml';
import { locate, type ConfigPath } from '../core/config/yaml-positions';
import { type Ranking } from './runHistory';

/** A parsed config text (never throws; broken YAML gives what the parser recovered). */
export class ConfigDoc {
  readonly doc: Document;

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  }

  /**
   * The text with line `line` emptied: the line being typed on is usually what breaks the parse,
   * and without it the rest of the file reads as it did before.
   */
  static withoutLine(text: string, line: number): ConfigDoc {
    const lines = text.split('\n');
    if (line >= 0 && line < lines.length) lines[line] = lines[line]?.endsWith('\r') ? '\r' : '';
    return new ConfigDoc(lines.join('\n'));
  }

  /** The keys of the mapping at `path` (none when it is not a mapping). */
  keysAt(path: ConfigPath): string[] {
    const node = path.length === 0 ? this.doc.contents : locate(this.doc, path).value;
    if (!isMap(node)) return [];
    return node.items.flatMap((p) => (isPair(p) && isScalar(p.key) ? [String(p.key.value)] : []));
  }

  /** The scalar value at `path` as written, if it is one. */
  scalarAt(path: ConfigPath): unknown {
    const node = locate(this.doc, path).value;
    return isScalar(node) ? node.value : undefined;
  }

  /** Params an experiment declares under `params:`, in file order. */
  params(experiment: string): string[] {
    return this.keysAt(['experiments', experiment, 'params']);
  }

  /** The experiment's primary metric and goal as written (goal defaults to min, as the engine's). */
  ranking(experiment: string): Ranking {
    const primary = this.scalarAt(['experiments', experiment, 'metrics', 'primary']);
    const goal = this.scalarAt(['experiments', experiment, 'metrics', 'goal']);
    return { primary: typeof primary === 'string' && primary !== '' ? primary : undefined, goal: goal === 'max' ? 'max' : 'min' };
  }

  /**
   * Metric names the experiment's `metrics.patterns` declare: a regex's named groups and a
   * keyvalue pattern's `keys`, minus each pattern's step. A name nobody logged yet is still known.
   */
  patternMetrics(experiment: string): string[] {
    const patterns = locate(this.doc, ['experiments', experiment, 'metrics', 'patterns']).value;
    const js: unknown = patterns && typeof (patterns as { toJSON?: unknown }).toJSON === 'function' ? (patterns as { toJSON(): unknown }).toJSON() : undefined;
    if (!Array.isArray(js)) return [];
    const names = new Set<string>();
    for (const p of js as unknown[]) {
      if (typeof p !== 'object' || p === null) continue;
      const { regex, keys, step } = p as { regex?: unknown; keys?: unknown; step?: unknown };
      const stepName = typeof step === 'string' ? step : 'step';
      // Python's (?P<name>...) is accepted by the engine too.
      if (typeof regex === 'string') for (const m of regex.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)) if (m[1] !== stepName) names.add(m[1]!);
      if (Array.isArray(keys)) for (const k of keys) if (typeof k === 'string' && k !== stepName) names.add(k);
    }
    return [...names];
  }

  /** Offset of a 0-based line and character. */
  offsetOf(line: number, character: number): number {
    let offset = 0;
    for (let i = 0; i < line; i++) {
      const next = this.text.indexOf('\n', offset);
      if (next === -1) return this.text.length;
      offset = next + 1;
    }
    return offset + character;
  }
}

/**
 * A 0-based position moved inside `text`: a character past the end of its line is the end of that
 * line (LSP clients may send one, and it must not spill onto the next line), a line past the end
 * is the end of the text.
 */
export function clampPosition(text: string, line: number, character: number): { line: number; character: number } {
  const lines = text.split('\n');
  const last = lines.length - 1;
  const l = Math.min(Math.max(0, line), last);
  const content = (lines[l] ?? '').replace(/\r$/, '');
  return { line: l, character: l < line ? content.length : Math.min(Math.max(0, character), content.length) };
}

/** The experiment a config path is inside (`experiments.<name>...`), if any. */
export function experimentOf(path: ConfigPath): string | undefined {
  return path[0] === 'experiments' && path.length >= 2 ? String(path[1]) : undefined;
}

/** The `${name` being typed at the end of `before`, or undefined when the cursor is not in one. */
export function openPlaceholder(before: string): { readonly name: string; readonly start: number } | undefined {
  const m = /(\$+)\{([A-Za-z0-9_.-]*)$/.exec(before);
  if (!m || (m[1] ?? '').length % 2 === 0) return undefined; // `$${` is an escaped literal
  return { name: m[2] ?? '', start: before.length - (m[2] ?? '').length };
}
