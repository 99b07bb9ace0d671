// Hovers in runlens.yaml: a key's schema description; on a param (under `params`, under `sweep`, or
// a `${name}` in the command) what each of its values produced in past runs; on an experiment's
// name its runs, statuses and best run. Pure apart from the runs it is handed.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { placeholders } from '../core/config/params';
import { descriptionAt } from '../core/config/schemaNav';
import { cursorContext } from '../core/config/yamlCursor';
import { nodeAt } from '../core/config/yamlNodeAt';
import { type ConfigPath } from '../core/config/yaml-positions';
import { escapeMarkdown } from '../core/present/markdown';
import { ConfigDoc, clampPosition, experimentOf } from './configDoc';
import { type RunsResult } from './runCache';
import { experimentMarkdown, paramHistoryMarkdown } from './runHistory';

/** Looks up the past runs of an experiment, or why they could not be read. */
export type RunsResultOf = (experiment: string) => Promise<RunsResult>;

/** What is under the cursor, in config terms. */
type Target =
  | { readonly kind: 'key'; readonly path: ConfigPath; readonly start: number; readonly end: number }
  | { readonly kind: 'placeholder'; readonly experiment: string; readonly param: string; readonly start: number; readonly end: number };

/**
 * The hover at a 0-based line and character of a runlens.yaml text (a position past the end of its
 * line counts as the end of that line); null when there is nothing to say. `rendered`: the client
 * renders Markdown (tables get a gutter, see markdownTable). Never throws.
 */
export async function hoverAt(text: string, line: number, character: number, runsOf: RunsResultOf, rendered = false): Promise<Hover | null> {
  ({ line, character } = clampPosition(text, line, character));
  const doc = new ConfigDoc(text);
  const target = targetAt(doc, line, character);
  if (!target) return null;
  const value = await hoverText(doc, target, runsOf, rendered);
  if (value === undefined) return null;
  const lineStart = doc.offsetOf(line, 0);
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: { line, character: target.start - lineStart }, end: { line, character: target.end - lineStart } },
  };
}

/** Offsets here are into the whole text; the parse tree first, the line's indentation as fallback. */
function targetAt(doc: ConfigDoc, line: number, character: number): Target | undefined {
  const offset = doc.offsetOf(line, character);
  const node = nodeAt(doc.doc, doc.text, offset);
  if (node?.onKey) return { kind: 'key', path: node.path, start: node.start, end: node.end };
  if (node) return placeholderIn(node.path, node.source, node.start, offset);
  const lineStart = doc.offsetOf(line, 0);
  const cursor = cursorContext(doc.text, line, character);
  if (cursor?.kind === 'key' && cursor.key !== '') {
    return { kind: 'key', path: [...cursor.mapPath, cursor.key], start: lineStart + cursor.start, end: lineStart + cursor.end };
  }
  if (cursor?.kind === 'value') return placeholderIn(cursor.valuePath, cursor.text, lineStart + cursor.start, offset);
  return undefined;
}

/** The `${name}` of an experiment's command that `offset` is on, if any. */
function placeholderIn(path: ConfigPath, source: string, start: number, offset: number): Target | undefined {
  const experiment = experimentOf(path);
  if (experiment === undefined || path[2] !== 'command') return undefined;
  const hit = placeholders(source).find((p) => offset >= start + p.index && offset <= start + p.index + p.length);
  return hit && { kind: 'placeholder', experiment, param: hit.name, start: start + hit.index, end: start + hit.index + hit.length };
}

async function hoverText(doc: ConfigDoc, target: Target, runsOf: RunsResultOf, rendered: boolean): Promise<string | undefined> {
  if (target.kind === 'placeholder') return paramHover(doc, target.experiment, target.param, runsOf, rendered);
  const path = target.path;
  const experiment = experimentOf(path);
  if (experiment !== undefined && path.length === 2) {
    const result = await runsOf(experiment);
    return result.ok ? experimentMarkdown(experiment, result.runs, doc.ranking(experiment)) : unreadable(experiment, result.message);
  }
  if (experiment !== undefined && path.length === 4 && (path[2] === 'params' || path[2] === 'sweep')) {
    return paramHover(doc, experiment, String(path[3]), runsOf, rendered);
  }
  return descriptionAt(path);
}

async function paramHover(doc: ConfigDoc, experiment: string, param: string, runsOf: RunsResultOf, rendered: boolean): Promise<string> {
  const result = await runsOf(experiment);
  return result.ok ? paramHistoryMarkdown(experiment, param, result.runs, doc.ranking(experiment), rendered) : unreadable(param, result.message);
}

/** A store that could not be read still gives a hover: the name and a plain note instead of run data. */
function unreadable(name: string, message: string): string {
  return `**${escapeMarkdown(name)}**\n\nPast runs could not be read: ${escapeMarkdown(message)}`;
}
