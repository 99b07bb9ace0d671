// What differs between two runs (`runlens diff A B`): params, code, data and environment, in one
// documented JSON shape (docs/cli.md). Reads only the two runs' directories and, for the code, the
// workspace's git repository.
import { type ParamValue, type RunManifest, type RunStatus } from '../model';
import { diffCode, isSameCode, type CodeDiff } from './code';
import { diffData, isSameData, type DataDiff } from './data';
import { diffEnvironment, diffParams, isEmptyEnvironmentDiff, isEmptyRecordDiff, type EnvironmentDiff, type RecordDiff } from './records';
import { readRunLinkFiles } from './runFiles';

/** Which run a side of the diff is. */
export interface RunRef {
  readonly id: string;
  readonly name: string;
  readonly status: RunStatus;
  readonly experiment: string | null;
}

/** The whole comparison of run A (before) and run B (after). */
export interface RunDiff {
  readonly a: RunRef;
  readonly b: RunRef;
  /** True when no section reports a difference (code that could not be compared counts as different). */
  readonly identical: boolean;
  readonly params: RecordDiff<ParamValue>;
  readonly code: CodeDiff;
  readonly data: DataDiff;
  readonly environment: EnvironmentDiff;
  /** Link files of a run that exist but could not be used (the data diff lacks their file lists). */
  readonly problems: string[];
}

/** A run to compare: its manifest and its directory in the store. */
export interface DiffInput {
  readonly manifest: RunManifest;
  readonly dir: string;
}

function ref(m: RunManifest): RunRef {
  return { id: m.id, name: m.name, status: m.status, experiment: m.experiment };
}

/**
 * Compares run `a` with run `b`. `repoDir` is where git looks for the snapshots (the workspace).
 * Never throws for missing or partial link records: those become notes in the sections.
 */
export async function diffRuns(repoDir: string, a: DiffInput, b: DiffInput, options: { signal?: AbortSignal } = {}): Promise<RunDiff> {
  const [filesA, filesB, code] = await Promise.all([
    readRunLinkFiles(a.dir),
    readRunLinkFiles(b.dir),
    diffCode(repoDir, a.manifest.code, b.manifest.code, options),
  ]);
  const params = diffParams(a.manifest, b.manifest);
  const data = diffData(a.manifest.data, b.manifest.data, filesA, filesB);
  const environment = diffEnvironment(a.manifest, b.manifest);
  return {
    a: ref(a.manifest),
    b: ref(b.manifest),
    identical: isEmptyRecordDiff(params) && isSameCode(code) && isSameData(data) && isEmptyEnvironmentDiff(environment),
    params, code, data, environment,
    problems: [...filesA.problems, ...filesB.problems],
  };
}
