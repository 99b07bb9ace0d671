// Dataset specs as declared in runlens.yaml: a file, a folder or a glob relative to the workspace.
// Parses one into the folder to walk and a matcher, and refuses anything that leaves the workspace.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DatasetSpecError } from './types';

/** A spec checked and split into what to walk and what to keep. */
export interface ParsedSpec {
  readonly spec: string;
  /** Workspace-relative posix path to walk from ('' = the workspace root). */
  readonly base: string;
  /** Keeps a workspace-relative file path; null for a plain path (every file below `base`). */
  readonly match: ((rel: string) => boolean) | null;
}

const GLOB_CHARS = /[*?{}]/;

/**
 * Parses `spec` against `workspaceRoot`. Supports `*` and `?` (never across `/`), `**` (any number
 * of folders, as a whole segment), `{a,b}` alternatives inside one segment, and `\` to escape one of
 * them on POSIX. Throws DatasetSpecError for an empty spec, a `..` segment, an absolute path outside
 * the workspace or unbalanced braces.
 */
export function parseSpec(workspaceRoot: string, spec: string, kind: 'Dataset' | 'Output' = 'Dataset'): ParsedSpec {
  const what = kind === 'Dataset' ? 'datasets' : 'outputs';
  let text = process.platform === 'win32' ? spec.replace(/\\/g, '/') : spec;
  if (text.trim() === '') throw new DatasetSpecError(spec, 'the path is empty.', kind);
  if (isAbsolute(text)) {
    const rel = relative(resolve(workspaceRoot), resolve(text));
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new DatasetSpecError(spec, `the absolute path is outside the workspace ${workspaceRoot}; declare ${what} relative to it.`, kind);
    }
    text = rel.split(sep).join('/');
  }
  const segments = text.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new DatasetSpecError(spec, `".." is not allowed: ${what} are paths inside the workspace.`, kind);
  }
  const firstGlob = segments.findIndex(isGlobSegment);
  if (firstGlob === -1) return { spec, base: segments.map(unescape).join('/'), match: null };
  const regex = new RegExp(`^${segmentsToRegex(spec, segments)}$`, 'u');
  return { spec, base: segments.slice(0, firstGlob).map(unescape).join('/'), match: (rel) => regex.test(rel) };
}

function isGlobSegment(segment: string): boolean {
  return GLOB_CHARS.test(segment.replace(/\\./g, ''));
}

function unescape(segment: string): string {
  return process.platform === 'win32' ? segment : segment.replace(/\\(.)/g, '$1');
}

function segmentsToRegex(spec: string, segments: string[]): string {
  let out = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') out += last ? '.+' : '(?:[^/]+/)*';
    else out += segmentToRegex(spec, segment) + (last ? '' : '/');
  });
  return out;
}

/** Translates one path segment; braces may nest and hold globs, never a `/`. */
function segmentToRegex(spec: string, segment: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '\\' && process.platform !== 'win32' && i + 1 < segment.length) {
      out += escapeRegex(segment[++i] as string);
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}') {
      if (depth === 0) throw new DatasetSpecError(spec, 'unbalanced "}" in the glob.');
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRegex(c);
    }
  }
  if (depth !== 0) throw new DatasetSpecError(spec, 'unbalanced "{" in the glob (braces may not contain "/").');
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
