// Reads the full link records a run keeps beside run.json (datasets.json, outputs.json, code.json),
// which run.json only summarises. Each file is checked for the shape diffing relies on: a file from
// another tool or a torn copy reads as "not available", never as a wrong answer.
import { join } from 'node:path';
import { type CodeLink } from '../git/capture';
import { type DatasetManifest } from '../data/types';
import { LINK_FILES } from '../runner/links';
import { readJsonFile } from '../fs/atomic';

/** A run's full manifests; null where the file does not exist or cannot be used (with why in `problems`). */
export interface RunLinkFiles {
  readonly datasets: DatasetManifest[] | null;
  readonly outputs: DatasetManifest[] | null;
  /** One sentence per file that exists but could not be used. */
  readonly problems: string[];
}

function isFileEntry(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return typeof f.path === 'string' && typeof f.size === 'number' && typeof f.sha256 === 'string';
}

/** True for a value with the fields of a DatasetManifest that diffing reads. */
export function isDatasetManifest(v: unknown): v is DatasetManifest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return typeof m.spec === 'string' && typeof m.hash === 'string' && Array.isArray(m.files) && m.files.every(isFileEntry);
}

async function readManifests(file: string, problems: string[]): Promise<DatasetManifest[] | null> {
  let value: unknown;
  try {
    value = await readJsonFile(file);
  } catch (e) {
    problems.push(`${file} cannot be read: ${(e as Error).message}`);
    return null;
  }
  if (value === undefined) return null;
  if (!Array.isArray(value) || !value.every(isDatasetManifest)) {
    problems.push(`${file} is not a list of dataset manifests`);
    return null;
  }
  return value;
}

/** Reads datasets.json and outputs.json of the run in `runDir`. Never throws. */
export async function readRunLinkFiles(runDir: string): Promise<RunLinkFiles> {
  const problems: string[] = [];
  const [datasets, outputs] = await Promise.all([
    readManifests(join(runDir, LINK_FILES.datasets), problems),
    readManifests(join(runDir, LINK_FILES.outputs), problems),
  ]);
  return { datasets, outputs, problems };
}

/**
 * The full code record (code.json: every changed and untracked path, where run.json keeps at most
 * 100 of each). Undefined when the file is absent or not a code record.
 */
export async function readCodeRecord(runDir: string): Promise<CodeLink | undefined> {
  try {
    const v = await readJsonFile(join(runDir, LINK_FILES.code));
    if (typeof v !== 'object' || v === null) return undefined;
    const c = v as Record<string, unknown>;
    return typeof c.status === 'string' && Array.isArray(c.changed) && Array.isArray(c.untracked) ? (v as CodeLink) : undefined;
  } catch {
    // No code.json (or a damaged one): the run shows no code link.
    return undefined;
  }
}
