// Every `runlens` command, in the order `runlens --help` lists them.
import { type Command } from './command';
import { cacheCommand } from './commands/cache';
import { compareCommand } from './commands/compare';
import { datasetsCommand } from './commands/datasets';
import { diffCommand } from './commands/diff';
import { driftCommand } from './commands/drift';
import { noteCommand, renameCommand, starCommand, tagCommand } from './commands/edit';
import { hashCommand } from './commands/hash';
import { lineageCommand } from './commands/lineage';
import { logsCommand } from './commands/logs';
import { lsCommand } from './commands/ls';
import { lspCommand } from './commands/lsp';
import { metricsCommand } from './commands/metrics';
import { monitorCommand } from './commands/monitor';
import { profileCommand } from './commands/profile';
import { reproduceCommand } from './commands/reproduce';
import { rerunCommand } from './commands/rerun';
import { runCommand } from './commands/run';
import { pullCommand, pushCommand } from './commands/share';
import { showCommand } from './commands/show';
import { statusCommand } from './commands/status';
import { stopCommand } from './commands/stop';
import { sweepCommand } from './commands/sweep';
import { slurmCommand } from './commands/slurm';
import { slurmTaskCommand } from './commands/slurmTask';
import { restoreCommand, rmCommand, trashCommand } from './commands/trash';

/** All commands, grouped: run, read, act, annotate, then the editor integration. */
export const COMMANDS: readonly Command[] = [
  runCommand, sweepCommand, rerunCommand, reproduceCommand, lsCommand, showCommand, logsCommand, metricsCommand, compareCommand, diffCommand, statusCommand, lineageCommand, datasetsCommand, hashCommand, cacheCommand, profileCommand, driftCommand, monitorCommand,
  stopCommand, rmCommand, restoreCommand, trashCommand, renameCommand, tagCommand, starCommand, noteCommand, pushCommand, pullCommand, slurmCommand, lspCommand, slurmTaskCommand,
];

/** The command called `name`, if any. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
