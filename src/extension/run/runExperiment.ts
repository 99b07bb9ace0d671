// "Runlens: Run Experiment" and "Runlens: Run Sweep": pick an experiment, edit its params (Enter
// accepts the defaults), and start it through the CLI in a terminal: one run, or with
// comma-separated values a sweep queued in the store, locally or on Slurm (the executor can be
// changed in the input). Tests and CodeLenses pass their choices as arguments and skip the UI.
import * as vscode from 'vscode';
import { type ExperimentConfig } from '../../core/config/types';
import { type ParsedParamsLine } from '../../core/params/paramsLine';
import { configOf, type FolderArg, pickExperiment, reportProblems, resolveFolder } from './experiments';
import { askParams, checkLine } from './paramsInput';
import { pythonFor } from './python';
import { experimentSlot, launchCli, type Launch } from './terminal';
import { ensureTrusted } from './trust';
import { own } from '../../core/dict';
import { type Executor } from '../../core/slurm/options';
import { executorArgs, parseExecutorOverride } from '../../core/slurm/executorOverride';

/** Arguments of `runlens.runExperiment` / `runlens.runSweep`; each one given skips its step of the UI. */
export interface RunExperimentArgs {
  readonly folder?: FolderArg;
  readonly experiment?: string;
  /** A params line (`lr=0.01,0.1 epochs=10`); '' runs the defaults; absent: ask. */
  readonly params?: string;
  /** Start from the experiment's `sweep:` values in the params input. */
  readonly sweep?: boolean;
  /** Where to run instead of runlens.yaml's `executor:` (`local`, `slurm: { partition: gpu }`); absent: as configured. */
  readonly executor?: string;
}

/** How many runs of a sweep run at once (setting `runlens.sweep.concurrency`). */
export function sweepConcurrency(folder: vscode.WorkspaceFolder): number {
  const n = vscode.workspace.getConfiguration('runlens', folder.uri).get<number>('sweep.concurrency', 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** `-p` arguments for the params that differ from the experiment's defaults. */
function changedParams(exp: ExperimentConfig, parsed: ParsedParamsLine): string[] {
  return parsed.assignments.filter((a) => {
    const name = a.slice(0, a.indexOf('='));
    return !Object.is(own(parsed.params, name), own(exp.params, name));
  }).flatMap((a) => ['-p', a]);
}

async function findExperiment(folder: vscode.WorkspaceFolder, args: RunExperimentArgs): Promise<ExperimentConfig | undefined> {
  const config = await configOf(folder);
  if (!config) return undefined;
  const hasErrors = config.problems.some((p) => p.severity === 'error');
  if (args.experiment !== undefined) {
    const exp = config.experiments.get(args.experiment);
    if (exp) return exp;
    if (hasErrors) reportProblems(config, `experiment "${args.experiment}" cannot run`);
    else {
      const known = [...config.experiments.keys()];
      void vscode.window.showErrorMessage(`Runlens: runlens.yaml has no experiment "${args.experiment}". ${known.length > 0 ? `Experiments: ${known.join(', ')}.` : 'It declares none.'}`);
    }
    return undefined;
  }
  if (config.experiments.size === 0) {
    if (hasErrors) reportProblems(config, 'no experiment can run');
    else void vscode.window.showInformationMessage('Runlens: runlens.yaml declares no experiments yet. Add one under "experiments:".');
    return undefined;
  }
  if (args.sweep && ![...config.experiments.values()].some((e) => e.sweep)) {
    void vscode.window.showInformationMessage('Runlens: no experiment has a "sweep:" in runlens.yaml. Use Run Experiment and type several values, e.g. lr=0.01,0.1.');
    return undefined;
  }
  return pickExperiment(config, args.sweep === true);
}

/** Starts the parsed params of `exp`: `runlens run` for one run, `runlens sweep` for a grid. */
export async function startExperiment(
  context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, exp: ExperimentConfig, parsed: ParsedParamsLine, executor?: Executor,
): Promise<Launch> {
  const common = ['--python', await pythonFor(folder), ...(executor ? executorArgs(executor) : [])];
  const slot = experimentSlot(exp.name);
  if (parsed.runCount === 1) return launchCli(context, folder, `Runlens: ${exp.name}`, ['run', exp.name, ...changedParams(exp, parsed), ...common], undefined, slot);
  const concurrency = sweepConcurrency(folder);
  return launchCli(context, folder, `Runlens sweep: ${exp.name} (${parsed.runCount} runs)`, [
    'sweep', exp.name, ...changedParams(exp, parsed), ...parsed.gridArgs.flatMap((g) => ['--grid', g]),
    '--concurrency', String(concurrency), ...common,
  ], undefined, slot);
}

/** The command: resolves to the launch, or undefined when nothing was started (and the user was told why). */
export async function runExperiment(context: vscode.ExtensionContext, args: RunExperimentArgs = {}): Promise<Launch | undefined> {
  if (!ensureTrusted(args.sweep ? 'run a sweep' : 'run an experiment')) return undefined;
  const folder = await resolveFolder(args.folder, 'Workspace folder whose experiment to run');
  if (!folder) return undefined;
  const exp = await findExperiment(folder, args);
  if (!exp) return undefined;
  let parsed: ParsedParamsLine;
  let executor: Executor | undefined;
  if (args.executor !== undefined) {
    const checked = parseExecutorOverride(args.executor);
    if (typeof checked === 'string') {
      void vscode.window.showErrorMessage(`Runlens: executor of ${exp.name}: ${checked}`);
      return undefined;
    }
    executor = checked;
  }
  if (args.params !== undefined) {
    const checked = checkLine(args.params, exp);
    if (typeof checked === 'string') {
      void vscode.window.showErrorMessage(`Runlens: params of ${exp.name}: ${checked}`);
      return undefined;
    }
    parsed = checked;
  } else {
    const choice = await askParams(exp, args.sweep === true, sweepConcurrency(folder));
    if (!choice) return undefined;
    parsed = choice.parsed;
    executor = choice.executor ?? executor;
  }
  return startExperiment(context, folder, exp, parsed, executor);
}
