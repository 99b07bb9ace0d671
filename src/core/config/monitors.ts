// The data shift parts of runlens.yaml: `monitor:` (named monitors, each a reference and the
// current data to check) and `profile:` (profiling at run start and its budget), read from the
// schema-checked document, with the checks the schema cannot express (which reference form).
import { parseSize } from '../present/format';
import { type ConfigPath } from './yaml-positions';

/** How a monitor names its reference data. */
export type MonitorReference =
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'run'; readonly run: string; readonly dataset?: string }
  | { readonly kind: 'best'; readonly experiment: string; readonly best?: string; readonly mode: 'max' | 'min'; readonly dataset?: string }
  | { readonly kind: 'tag'; readonly tag: string; readonly dataset?: string }
  | { readonly kind: 'version'; readonly version: string; readonly dataset?: string };

/** One monitor of `monitor:`. */
export interface MonitorConfig {
  readonly name: string;
  readonly reference: MonitorReference;
  /** Files, folders or globs of the workspace, judged together. */
  readonly current: readonly string[];
  readonly share?: number;
  readonly columns?: Readonly<Record<string, { readonly test?: 'ks' | 'wasserstein' | 'chi-squared' | 'jensen-shannon' | 'none'; readonly threshold?: number }>>;
}

/** `profile:`: profiling of a run's tabular datasets as it starts. */
export interface ProfileSetting {
  readonly enabled: boolean;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
}

/** Defaults of `profile:`. */
export const DEFAULT_PROFILE_SETTING: ProfileSetting = { enabled: true, maxFileBytes: 1024 ** 3, maxTotalBytes: 4 * 1024 ** 3 };

/** A problem the schema cannot see, at `path`. */
export interface MonitorIssue {
  readonly path: ConfigPath;
  readonly message: string;
}

const FORMS = ['run', 'experiment', 'tag', 'version'] as const;

function reference(raw: unknown, path: ConfigPath, issues: MonitorIssue[]): MonitorReference | undefined {
  if (typeof raw === 'string') return { kind: 'ref', ref: raw };
  const r = raw as Record<string, string | undefined>;
  const forms = FORMS.filter((f) => r[f] !== undefined);
  if (forms.length !== 1) {
    issues.push({ path, message: forms.length === 0 ? 'a reference mapping needs one of run, experiment, tag or version' : `a reference names one run or version: ${forms.join(' and ')} both given` });
    return undefined;
  }
  if ((r.best !== undefined || r.mode !== undefined) && r.experiment === undefined) {
    issues.push({ path: [...path, r.best !== undefined ? 'best' : 'mode'], message: 'best and mode go with experiment' });
    return undefined;
  }
  const dataset = r.dataset === undefined ? {} : { dataset: r.dataset };
  if (r.run !== undefined) return { kind: 'run', run: r.run, ...dataset };
  if (r.tag !== undefined) return { kind: 'tag', tag: r.tag, ...dataset };
  if (r.version !== undefined) return { kind: 'version', version: r.version, ...dataset };
  return { kind: 'best', experiment: r.experiment as string, ...(r.best === undefined ? {} : { best: r.best }), mode: r.mode === 'min' ? 'min' : 'max', ...dataset };
}

/** The monitors of a schema-valid `monitor:` value (invalid entries are skipped, with an issue). */
export function parseMonitors(raw: unknown, issues: MonitorIssue[]): MonitorConfig[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const out: MonitorConfig[] = [];
  for (const [name, value] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    const ref = reference(value.reference, ['monitor', name, 'reference'], issues);
    if (!ref) continue;
    const current = typeof value.current === 'string' ? [value.current] : (value.current as string[]);
    out.push({
      name, reference: ref, current,
      ...(typeof value.share === 'number' ? { share: value.share } : {}),
      ...(value.columns ? { columns: value.columns as MonitorConfig['columns'] } : {}),
    });
  }
  return out;
}

/** The `profile:` setting of a schema-valid value. */
export function parseProfileSetting(raw: unknown): ProfileSetting {
  if (raw === undefined || raw === true) return DEFAULT_PROFILE_SETTING;
  if (raw === false) return { ...DEFAULT_PROFILE_SETTING, enabled: false };
  const r = raw as { enabled?: boolean; maxFileSize?: string | number; maxTotalSize?: string | number };
  const size = (v: string | number | undefined, d: number): number => (v === undefined ? d : typeof v === 'number' ? v : parseSize(v));
  return {
    enabled: r.enabled ?? true,
    maxFileBytes: size(r.maxFileSize, DEFAULT_PROFILE_SETTING.maxFileBytes),
    maxTotalBytes: size(r.maxTotalSize, DEFAULT_PROFILE_SETTING.maxTotalBytes),
  };
}
