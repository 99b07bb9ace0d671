// runlens.yaml: loading a config into the experiment types of ./types, with every problem (YAML
// syntax, JSON Schema, semantic checks) located at file:line:col.
import { type Document, LineCounter, type YAMLError, parseDocument } from 'yaml';
import { parseSystemMetricsSetting } from '../metrics/system';
import { readConfigFile } from './configFile';
import { dirname } from 'node:path';
import { credentialKeyMessage, parseDataCacheMax, parseRemoteConfig, type RemoteIssue } from './remoteConfig';
import { findDuplicateKeys } from './duplicateKeys';
import { parseMonitors, parseProfileSetting, type MonitorConfig, type MonitorIssue } from './monitors';
import { parseSize } from '../present/format';
import { toExperiment } from './normalize';
import { validateAgainstSchema } from './schema-validate';
import { checkExperiment } from './semantic';
import { type ConfigProblem, type ExperimentConfig, type LoadedConfig, type SnapshotLimits } from './types';
import { type ConfigPath, type SourceRange, locate, offsetRange, rangeAt, rangeInScalar, syntaxErrorRange } from './yaml-positions';

// The other halves of the config API live beside this module; re-exported so front ends import one place.
export { expandCommand, expandOutputs, tokenizeCommand } from './command';
export { MAX_SWEEP_POINTS, parseParamAssignment, sweepGrid, SweepTooLargeError } from './params';

/** The `snapshot:` block as bytes; undefined when absent (or invalid: the schema reported it). */
function snapshotLimits(data: unknown, invalid: boolean): SnapshotLimits | undefined {
  const raw = (data as { snapshot?: { maxFileSize?: string | number; maxTotalSize?: string | number } }).snapshot;
  if (invalid || typeof raw !== 'object' || raw === null) return undefined;
  const bytes = (v: string | number | undefined): number | undefined => (v === undefined ? undefined : typeof v === 'number' ? v : parseSize(v));
  const maxFileBytes = bytes(raw.maxFileSize);
  const maxTotalBytes = bytes(raw.maxTotalSize);
  return { ...(maxFileBytes !== undefined ? { maxFileBytes } : {}), ...(maxTotalBytes !== undefined ? { maxTotalBytes } : {}) };
}

/** Longest config text parseConfig reads (characters; about as many bytes for YAML): 1 MiB. */
export const MAX_CONFIG_CHARS = 1024 * 1024;

/** `file:line:col: error: message`, the form terminals and VS Code problem matchers link. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

function problem(file: string, range: SourceRange, message: string, severity: ConfigProblem['severity']): ConfigProblem {
  return { file, ...range, message, severity };
}

/** The experiment a path is inside, if any. */
function experimentOf(path: ConfigPath): string | undefined {
  return path[0] === 'experiments' && path.length >= 2 ? String(path[1]) : undefined;
}

function yamlProblems(doc: Document, lc: LineCounter, text: string, file: string): ConfigProblem[] {
  const toProblem = (e: YAMLError, severity: ConfigProblem['severity']): ConfigProblem =>
    problem(file, syntaxErrorRange(doc, lc, text, e), e.message.split('\n')[0] ?? e.message, severity);
  return [...doc.errors.map((e) => toProblem(e, 'error')), ...doc.warnings.map((w) => toProblem(w, 'warning'))];
}

/**
 * Parses and checks a config text. Never throws on bad input: experiments with errors are left
 * out of `experiments` and their problems are in `problems` (warnings do not exclude).
 */
export function parseConfig(text: string, file: string): LoadedConfig {
  const lc = new LineCounter();
  if (text.length > MAX_CONFIG_CHARS) {
    const size = `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB`;
    const message = `the file is ${size}; Runlens reads config files up to ${MAX_CONFIG_CHARS / 1024 / 1024} MB (a config holds experiments, not data: move long value lists into files the command reads)`;
    return { file, experiments: new Map(), problems: [problem(file, { line: 1, column: 1, endLine: 1, endColumn: 2 }, message, 'error')] };
  }
  // Duplicate keys are found by findDuplicateKeys in one pass: yaml's own check is quadratic.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  const problems = yamlProblems(doc, lc, text, file);
  if (doc.errors.length === 0) {
    for (const d of findDuplicateKeys(doc)) problems.push(problem(file, offsetRange(lc, d.offset, d.offset + 1), 'Map keys must be unique', 'error'));
  }
  const experiments = new Map<string, ExperimentConfig>();
  if (problems.some((p) => p.severity === 'error')) return sorted({ file, experiments, problems });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    problems.push(problem(file, offsetRange(lc, 0, 1), (e as Error).message, 'error'));
    return { file, experiments, problems };
  }
  if (data === null || data === undefined) {
    problems.push(problem(file, offsetRange(lc, 0, 1), 'the file is empty; it needs an "experiments:" mapping', 'error'));
    return { file, experiments, problems };
  }
  const broken = new Set<string>();
  const schemaPaths = new PathSet();
  let rootBroken = false; // the file or `experiments` itself is malformed, not one experiment
  const remoteSchemaMessages: string[] = [];
  for (const issue of validateAgainstSchema(data)) {
    const message = credentialKeyMessage(issue.path) ?? issue.message;
    problems.push(problem(file, rangeAt(doc, lc, issue.path, issue.onKey), message, 'error'));
    if (issue.path[0] === 'remote') remoteSchemaMessages.push(message);
    // A missing key says nothing about the values that are there; any other error does.
    if (issue.keyword !== 'required') schemaPaths.add(issue.path);
    const exp = experimentOf(issue.path);
    if (exp !== undefined) broken.add(exp);
    else if (issue.path.length === 0 || issue.path[0] === 'experiments') rootBroken = true;
  }
  const snapshot = snapshotLimits(data, schemaPaths.around(['snapshot']));
  const systemMetrics = schemaPaths.around(['systemMetrics'])
    ? undefined : parseSystemMetricsSetting((data as { systemMetrics?: unknown }).systemMetrics);
  const monitorIssues: MonitorIssue[] = [];
  const monitors = schemaPaths.around(['monitor']) ? [] : parseMonitors((data as { monitor?: unknown }).monitor, monitorIssues);
  for (const issue of monitorIssues) problems.push(problem(file, rangeAt(doc, lc, issue.path, false), issue.message, 'error'));
  const rawProfile = (data as { profile?: unknown }).profile;
  const profile = rawProfile === undefined || schemaPaths.around(['profile']) ? undefined : parseProfileSetting(rawProfile);
  const remoteIssues: RemoteIssue[] = [];
  const remote = schemaPaths.around(['remote']) ? undefined : parseRemoteConfig((data as { remote?: unknown }).remote, dirname(file), remoteIssues);
  for (const issue of remoteIssues) problems.push(problem(file, rangeAt(doc, lc, issue.path, false), issue.message, 'error'));
  const remoteError = [...remoteSchemaMessages, ...remoteIssues.map((i) => i.message)][0];
  const rawCache = (data as { dataCache?: unknown }).dataCache;
  const dataCacheMaxBytes = rawCache === undefined || schemaPaths.around(['dataCache']) ? undefined : parseDataCacheMax(rawCache);
  const withSnapshot = {
    ...(snapshot ? { snapshot } : {}), ...(systemMetrics ? { systemMetrics } : {}),
    ...(monitors.length > 0 ? { monitors } : {}), ...(profile ? { profile } : {}),
    ...(remote ? { remote } : {}), ...(remoteError !== undefined ? { remoteError } : {}), ...(dataCacheMaxBytes !== undefined ? { dataCacheMaxBytes } : {}),
  };
  const raw = (data as { experiments?: unknown }).experiments;
  if (rootBroken || typeof raw !== 'object' || raw === null) return sorted({ file, experiments, problems, ...withSnapshot });
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    // Semantic checks run on schema-broken experiments too (the editor shows every problem at
    // once), minus findings about a value the schema already rejected.
    const exp = toExperiment(name, value);
    let ok = !broken.has(name);
    for (const issue of checkExperiment(exp)) {
      if (schemaPaths.related(issue.path)) continue;
      const range = issue.needle
        ? rangeInScalar(text, lc, locate(doc, issue.path).value, issue.needle)
        : rangeAt(doc, lc, issue.path, issue.onKey);
      problems.push(problem(file, range, issue.message, issue.severity));
      if (issue.severity === 'error') ok = false;
    }
    if (ok) experiments.set(name, exp);
  }
  return sorted({ file, experiments, problems, ...withSnapshot, ...(monitors.length > 0 ? { monitors: withPrimaryMetrics(monitors, experiments) } : {}) });
}

/** A `{experiment: X}` reference without `best` picks by X's primary metric and goal, when it declares one. */
function withPrimaryMetrics(monitors: MonitorConfig[], experiments: Map<string, ExperimentConfig>): MonitorConfig[] {
  return monitors.map((m) => {
    const r = m.reference;
    const primary = r.kind === 'best' && r.best === undefined ? experiments.get(r.experiment)?.metrics : undefined;
    return primary?.primary === undefined || r.kind !== 'best' ? m : { ...m, reference: { ...r, best: primary.primary, mode: primary.goal } };
  });
}

/** A path as a string key (`a/b/` and `a/bc/` differ). */
function pathKey(path: ConfigPath): string {
  return path.map((s) => `${String(s)}\u0000`).join('');
}

/**
 * The paths the schema rejected, answering "is this path one of them, inside one, or around one"
 * in time proportional to the path's depth (a list scanned per issue made many problems quadratic).
 */
class PathSet {
  private readonly exact = new Set<string>();
  private readonly prefixes = new Set<string>();

  add(path: ConfigPath): void {
    this.exact.add(pathKey(path));
    for (let i = 0; i <= path.length; i++) this.prefixes.add(pathKey(path.slice(0, i)));
  }

  /** True when `path` is a rejected path or contains one. */
  around(path: ConfigPath): boolean {
    return this.prefixes.has(pathKey(path));
  }

  /** True when `path` is a rejected path, lies inside one, or contains one. */
  related(path: ConfigPath): boolean {
    if (this.around(path)) return true;
    for (let i = 0; i < path.length; i++) if (this.exact.has(pathKey(path.slice(0, i)))) return true;
    return false;
  }
}

function sorted(config: LoadedConfig): LoadedConfig {
  config.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return config;
}
/** Loads runlens.yaml (or runlens.yml) from a workspace root; undefined when there is none. */
export async function loadConfig(workspaceRoot: string): Promise<LoadedConfig | undefined> {
  const found = await readConfigFile(workspaceRoot);
  return found && parseConfig(found.text, found.file);
}
