// The params input of "Run Experiment": one line prefilled with the defaults (or the sweep), checked
// as you type with the same rules as `runlens run -p`; Enter accepts, Escape cancels. Its title-bar
// button changes where the runs execute (local / Slurm with its options) for this launch only.
import * as vscode from 'vscode';
import { type ExperimentConfig } from '../../core/config/types';
import { formatParamsLine, parseParamsLine, type ParsedParamsLine } from '../../core/params/paramsLine';
import { LOCAL, type Executor } from '../../core/slurm/options';
import { describeExecutor } from '../../core/slurm/executorOverride';
import { askExecutor } from './executorInput';
import { showValidatedInput } from './validatedInput';

/** What the user asked for: the parsed line, or undefined when cancelled. */
export interface ParamsChoice {
  readonly line: string;
  readonly parsed: ParsedParamsLine;
  /** Where to run when the user changed it (else runlens.yaml's `executor:` applies). */
  readonly executor?: Executor;
}

/** The line to start from: every default, with the sweep's values when `sweep` is asked for. */
export function initialLine(exp: ExperimentConfig, sweep: boolean): string {
  return formatParamsLine(exp.params, sweep ? exp.sweep : undefined);
}

/** Describes what Enter will do, for the prompt. */
function promptFor(parsed: ParsedParamsLine, concurrency: number): string {
  if (parsed.runCount === 1) return 'Enter runs once with these params. Comma-separated values (lr=0.01,0.1) make a sweep.';
  return `Enter queues a sweep of ${parsed.runCount} runs, ${concurrency} at a time (setting runlens.sweep.concurrency).`;
}

/** Parses `line`, returning the parse or the message to show. */
export function checkLine(line: string, exp: ExperimentConfig): ParsedParamsLine | string {
  try {
    const parsed = parseParamsLine(line, exp.params);
    return parsed.runCount > 1000 ? `that is ${parsed.runCount} runs; sweep at most 1000 at once` : parsed;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Shows the input; resolves with the accepted line, or undefined on Escape. */
export async function askParams(exp: ExperimentConfig, sweep: boolean, concurrency: number): Promise<ParamsChoice | undefined> {
  const input = vscode.window.createInputBox();
  let executor: Executor | undefined;
  const setTitle = (): void => {
    input.title = `Run ${exp.name}${sweep ? ' (sweep)' : ''} on ${describeExecutor(executor ?? exp.executor ?? LOCAL)}${executor ? ' (changed)' : ''}`;
  };
  setTitle();
  input.buttons = [{ iconPath: new vscode.ThemeIcon('server-environment'), tooltip: 'Where to run: local, or Slurm with its partition, time, GPUs… (executor)' }];
  input.placeholder = Object.keys(exp.params).length === 0 ? 'This experiment declares no params: press Enter to run it' : 'name=value ...';
  input.value = initialLine(exp, sweep);
  input.ignoreFocusOut = false;
  const accepted = await showValidatedInput(input, {
    check: (value) => checkLine(value, exp),
    promptFor: (parsed) => promptFor(parsed, concurrency),
    clearPromptOnError: true,
    onButton: async () => {
      const chosen = await askExecutor(executor ?? exp.executor ?? LOCAL);
      if (chosen) executor = chosen;
      setTitle();
    },
  });
  return accepted && { line: accepted.value, parsed: accepted.parsed, ...(executor ? { executor } : {}) };
}
