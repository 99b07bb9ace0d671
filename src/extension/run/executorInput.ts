// The executor step of the run input: one line (`local`, or `slurm: { partition: gpu, time:
// "02:00:00", gpus: 1 }`) prefilled with where the run would go, checked as you type by the JSON
// Schema of `executor:` in runlens.yaml; Enter accepts, Escape keeps what was chosen before.
import * as vscode from 'vscode';
import { type Executor } from '../../core/slurm/options';
import { formatExecutor, parseExecutorOverride } from '../../core/slurm/executorOverride';
import { showValidatedInput } from './validatedInput';

/** Asks where to run, starting from `current`; resolves with the choice, or undefined on Escape. */
export async function askExecutor(current: Executor): Promise<Executor | undefined> {
  const input = vscode.window.createInputBox();
  input.title = 'Where to run (executor; the same keys as executor: in runlens.yaml)';
  input.placeholder = 'local   or   slurm: { partition: gpu, time: "02:00:00", gpus: 1, cpus: 4, mem: 16G }';
  input.value = formatExecutor(current);
  const accepted = await showValidatedInput(input, {
    check: parseExecutorOverride,
    promptFor: (chosen) => (chosen.kind === 'local' ? 'Enter runs on this machine.' : 'Enter submits to Slurm with these options (options left out come from runlens.yaml).'),
  });
  return accepted?.parsed;
}
