// The code and data links of `runlens run`: datasets hashed before the run is created (a missing
// dataset stops it with exit code 6), the code snapshot taken once the run exists, outputs hashed
// before it is marked ended. Progress is drawn on stderr only when it is a terminal.
import { optFlag, optString, type ParsedArgs } from './args';
import { CliError, ExitCode, UsageError } from './errors';
import { paint, terminalSafe, type Output } from './output';
import { DatasetMissingError, DatasetSpecError, type HashProgress } from '../core/data/types';
import {
  captureRunCode, finishLinks, recordCodeLink, hashInputs, saveInputManifests, startLinks, type DataRequest, type InputLinks,
} from '../core/runner/links';
import { type RunPlan } from '../core/runner/plan';
import { parseSize } from '../core/present/format';
import { type RunDataLinks } from '../core/model';
import { debugSink, errorMessage } from '../core/errors';
import { profileRunInputs, type RunProfileSummary } from '../core/profile/runStart';
import { type RunWriter } from '../core/store/writer';

/** What `run` does around the supervisor to link a run to its code and data. */
export interface RunLinks {
  /** Snapshots the code and records the dataset hashes on the new run. */
  attach(writer: RunWriter, cwd: string): Promise<void>;
  /** Hashes the outputs and checks the datasets; called before the run is marked ended. */
  finish(writer: RunWriter): Promise<void>;
}

function progressPrinter(o: Output): ((what: string, p: HashProgress) => void) | undefined {
  if (!o.tty) return undefined;
  return (what, p) => {
    const mb = (n: number): string => (n / 1e6).toFixed(1);
    const done = p.totalFiles > 0 && p.files >= p.totalFiles;
    process.stderr.write(`\r\x1b[2K${terminalSafe(paint(o, 'dim', `runlens: hashing ${what}: ${p.files}/${p.totalFiles} files, ${mb(p.bytes)}/${mb(p.totalBytes)} MB`), o.color)}${done ? '\n' : ''}`);
  };
}

/** The editor's `runlens.dataCache.maxSize` (RUNLENS_DATA_CACHE_MAX_SIZE), which wins over runlens.yaml: it is this machine's disk. */
function cacheCapFromEnv(): number | undefined {
  const text = process.env.RUNLENS_DATA_CACHE_MAX_SIZE?.trim();
  if (!text) return undefined;
  try {
    return parseSize(text);
  } catch {
    return undefined; // a malformed value from the environment: runlens.yaml's cap or the default applies
  }
}

/**
 * Hashes the plan's datasets. `--no-hash` or RUNLENS_NO_HASH=1 turn hashing off (the code
 * snapshot is still taken); `--missing-data warn` lets a run go ahead without a declared dataset.
 */
export async function prepareRunLinks(o: Output, args: ParsedArgs, plan: RunPlan, storeRoot: string): Promise<RunLinks> {
  const missing = optString(args, 'missing-data') ?? 'error';
  if (missing !== 'error' && missing !== 'warn') throw new UsageError(`--missing-data takes "error" or "warn", not "${missing}"`, 'run --help');
  const req: DataRequest = {
    root: plan.root, storeRoot, datasets: plan.datasets, outputs: plan.outputs, cached: plan.cachedDatasets,
    cacheMaxBytes: cacheCapFromEnv() ?? plan.dataCacheMaxBytes,
    hashing: !optFlag(args, 'no-hash') && !['1', 'true'].includes(process.env.RUNLENS_NO_HASH ?? ''),
    missingData: missing, onProgress: progressPrinter(o),
  };
  let inputs: InputLinks;
  try {
    inputs = await hashInputs(req);
  } catch (e) {
    if (e instanceof DatasetMissingError) {
      throw new CliError(e.message, ExitCode.dataMissing, 'or run anyway with --missing-data warn (recorded as a warning on the run)');
    }
    if (e instanceof DatasetSpecError) throw new CliError(e.message, ExitCode.configInvalid, `fix the ${e.kind === 'Output' ? 'outputs' : 'datasets'} of the experiment in runlens.yaml`);
    throw e;
  }
  inputs.warnings.push(...changedSinceSubmission(plan, inputs));
  for (const w of inputs.warnings) o.err(paint(o, 'yellow', `runlens: warning: ${w}`));
  let started: RunDataLinks | undefined;
  let profiling: Promise<RunProfileSummary> | undefined;
  return {
    async attach(writer, cwd) {
      const [code] = await Promise.all([
        plan.codeLink ? recordCodeLink(writer.dir, plan.codeLink) : captureRunCode(cwd, writer.id, writer.dir, plan.snapshot),
        saveInputManifests(writer.dir, inputs),
      ]);
      if (code.status !== 'ok' && code.message) o.err(paint(o, 'dim', `runlens: code not snapshotted: ${code.message}`));
      started = startLinks(req, inputs);
      await writer.setLinks({ code, data: started });
      // Profiled beside the run (docs/data-shift.md): derived data, so a failure is only a note.
      profiling = profileRunInputs(plan.root, storeRoot, inputs.manifests, plan.profile, debugSink((l) => o.err(l)));
    },
    async finish(writer) {
      const summary = await profiling?.catch((e: unknown) => ({ profiled: 0, stored: 0, skipped: [{ path: '-', reason: errorMessage(e) }] }));
      for (const s of summary?.skipped ?? []) o.err(paint(o, 'dim', `runlens: not profiled: ${s.path}: ${s.reason}`));
      if (!started) return;
      const data = await finishLinks(req, writer.dir, started, inputs);
      for (const w of data.warnings.slice(started.warnings.length)) o.err(paint(o, 'yellow', `runlens: warning: ${w}`));
      await writer.setLinks({ data });
    },
  };
}

/** Datasets whose hash differs from the one taken when the run was submitted (a Slurm task). */
function changedSinceSubmission(plan: RunPlan, inputs: InputLinks): string[] {
  const expected = plan.expectedData;
  if (!expected) return [];
  const now = new Map(inputs.manifests.map((m) => [m.spec, m.hash]));
  return Object.entries(expected).filter(([spec, hash]) => now.has(spec) && now.get(spec) !== hash).map(([spec, hash]) =>
    `dataset "${spec}" changed between submission and the start of this run (hash ${hash.slice(0, 12)} then, ${(now.get(spec) ?? '').slice(0, 12)} now): the run used the data as it is now`);
}
