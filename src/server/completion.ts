// Completion in runlens.yaml: keys the schema allows at the cursor (minus those present), enum
// values, `${param}` in a command, param names under `sweep:`, and for `metrics.primary` the
// metrics past runs logged. Pure apart from the runs it is handed.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { keysAt, valuesAt } from '../core/config/schemaNav';
import { cursorContext, type KeyCursor, type ValueCursor } from '../core/config/yamlCursor';
import { type ConfigPath } from '../core/config/yaml-positions';
import { ConfigDoc, clampPosition, experimentOf, openPlaceholder } from './configDoc';
import { isSystemMetric } from '../core/metrics/system';
import { type HistoryRun } from './runHistory';

/** Looks up the past runs of an experiment (empty when there are none or the store is unreadable). */
export type RunsOf = (experiment: string) => Promise<readonly HistoryRun[]>;

/** What the client can take, from its capabilities and `initializationOptions`. */
export interface CompletionFeatures {
  /** The client expands snippets (`completionItem.snippetSupport`); without it every item is plain text. */
  readonly snippets: boolean;
  /** A client command that opens the suggestions again (VS Code's `editor.action.triggerSuggest`), if the client named one. */
  readonly suggestCommand: string | undefined;
}

/** A client that declared nothing: plain text, no client commands. */
export const PLAIN_CLIENT: CompletionFeatures = { snippets: false, suggestCommand: undefined };

/**
 * Completion items at a 0-based line and character of a runlens.yaml text (a position past the end
 * of its line counts as the end of that line). Never throws.
 */
export async function completionsAt(text: string, line: number, character: number, runsOf: RunsOf, features: CompletionFeatures = PLAIN_CLIENT): Promise<CompletionItem[]> {
  ({ line, character } = clampPosition(text, line, character));
  const cursor = cursorContext(text, line, character);
  if (!cursor) return [];
  // The line being typed is left out of the parse: it is usually what breaks it.
  const doc = ConfigDoc.withoutLine(text, line);
  const current = text.split(/\r?\n/)[line] ?? '';
  return cursor.kind === 'key' ? keyItems(cursor, doc, line, features) : valueItems(cursor, doc, line, current.slice(0, character), runsOf);
}

function range(line: number, start: number, end: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: { line, character: start }, end: { line, character: end } };
}

function keyItems(cursor: KeyCursor, doc: ConfigDoc, line: number, features: CompletionFeatures): CompletionItem[] {
  const present = new Set(doc.keysAt(cursor.mapPath));
  const at = cursor.mapPath;
  const experiment = experimentOf(at);
  if (experiment !== undefined && at.length === 3 && at[2] === 'sweep') {
    // A sweep may only vary declared params.
    return doc.params(experiment).filter((p) => !present.has(p)).map((p, i) => ({
      label: p,
      sortText: String(i).padStart(5, '0'),
      kind: CompletionItemKind.Variable,
      detail: `param of ${experiment}`,
      // With snippets the cursor lands inside `[]`; plain text stops after `: ` for the values.
      ...(features.snippets
        ? { textEdit: { range: range(line, cursor.start, cursor.end), newText: `${snippetText(p)}: [$1]` }, insertTextFormat: InsertTextFormat.Snippet }
        : { textEdit: { range: range(line, cursor.start, cursor.end), newText: `${p}: ` }, insertTextFormat: InsertTextFormat.PlainText }),
    }));
  }
  return keysAt(at).filter((k) => !present.has(k.name)).map((k) => ({
    label: k.name,
    kind: CompletionItemKind.Property,
    documentation: k.description ? { kind: MarkupKind.Markdown, value: k.description } : undefined,
    textEdit: { range: range(line, cursor.start, cursor.end), newText: k.block ? `${k.name}:` : `${k.name}: ` },
    // A key with known values goes straight on to them (goal: min|max); others would pop up "No suggestions".
    command: features.suggestCommand !== undefined && hasValues([...at, k.name]) ? { title: 'Suggest', command: features.suggestCommand } : undefined,
  }));
}

/** `text` as literal snippet text (`$`, `}` and `\\` escaped). */
function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** Whether completion has values to offer for the key at `path` (an enum, a boolean, metric names). */
function hasValues(path: ConfigPath): boolean {
  return valuesAt(path).length > 0 || (path.length === 4 && path[2] === 'metrics' && path[3] === 'primary');
}

async function valueItems(cursor: ValueCursor, doc: ConfigDoc, line: number, before: string, runsOf: RunsOf): Promise<CompletionItem[]> {
  const path = cursor.valuePath;
  const experiment = experimentOf(path);
  // A chosen value replaces the whole value written there, not only what precedes the cursor.
  const typedStart = cursor.start;
  const typedEnd = Math.max(typedStart, before.length, cursor.start + cursor.text.replace(/(^|\s+)#.*$/, '').trimEnd().length);
  if (experiment !== undefined && path[2] === 'command') {
    const open = openPlaceholder(before);
    if (!open) return [];
    const closes = /^[A-Za-z0-9_.-]*\}/.exec(cursor.text.slice(before.length - cursor.start));
    const end = before.length + (closes ? closes[0].length : 0);
    return doc.params(experiment).map((p, i) => ({
      label: p,
      kind: CompletionItemKind.Variable,
      detail: `param of ${experiment} (default ${JSON.stringify(doc.scalarAt(['experiments', experiment, 'params', p])) ?? 'none'})`,
      sortText: String(i).padStart(5, '0'), // in the order the params are declared
      filterText: p,
      textEdit: { range: range(line, open.start, end), newText: `${p}}` },
    }));
  }
  if (experiment !== undefined && path.length === 4 && path[2] === 'metrics' && path[3] === 'primary') {
    const counts = new Map<string, number>();
    // System metrics (CPU, memory, GPU) are logged by every run but are never a primary metric.
    for (const run of await runsOf(experiment)) for (const m of Object.keys(run.metrics)) if (!isSystemMetric(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
    const logged = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    // Then the names the experiment's patterns capture that no run logged yet (a new experiment).
    const declared = doc.patternMetrics(experiment).filter((m) => !counts.has(m));
    return [...logged.map(([m, n]) => ({ m, detail: `logged by ${n} run${n === 1 ? '' : 's'} of ${experiment}` })),
      ...declared.map((m) => ({ m, detail: `captured by a metric pattern of ${experiment}` }))].map(({ m, detail }, i) => ({
      label: m,
      kind: CompletionItemKind.Value,
      detail,
      sortText: String(i).padStart(5, '0'),
      textEdit: { range: range(line, typedStart, typedEnd), newText: m },
    }));
  }
  return valuesAt(path).map((v) => ({
    label: v,
    kind: CompletionItemKind.EnumMember,
    textEdit: { range: range(line, typedStart, typedEnd), newText: v },
  }));
}
