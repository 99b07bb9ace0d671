// Every `runlens` command, in the order `runlens --help` lists them, each loaded only when asked
// for: a call evaluates its own command's modules (and the Node built-ins they need), not all 31.
import { type Command } from './command';

/** Loads one command's module (a dynamic import: the bundle evaluates that module on first use). */
type Loader = () => Promise<Command>;

/** All commands by name, grouped: run, read, act, annotate, then the editor integration. */
const LOADERS: readonly (readonly [string, Loader])[] = [
  ['run', async () => (await import('./commands/run.js')).runCommand],
  ['sweep', async () => (await import('./commands/sweep.js')).sweepCommand],
  ['rerun', async () => (await import('./commands/rerun.js')).rerunCommand],
  ['reproduce', async () => (await import('./commands/reproduce.js')).reproduceCommand],
  ['ls', async () => (await import('./commands/ls.js')).lsCommand],
  ['show', async () => (await import('./commands/show.js')).showCommand],
  ['logs', async () => (await import('./commands/logs.js')).logsCommand],
  ['metrics', async () => (await import('./commands/metrics.js')).metricsCommand],
  ['compare', async () => (await import('./commands/compare.js')).compareCommand],
  ['diff', async () => (await import('./commands/diff.js')).diffCommand],
  ['status', async () => (await import('./commands/status.js')).statusCommand],
  ['lineage', async () => (await import('./commands/lineage.js')).lineageCommand],
  ['datasets', async () => (await import('./commands/datasets.js')).datasetsCommand],
  ['hash', async () => (await import('./commands/hash.js')).hashCommand],
  ['cache', async () => (await import('./commands/cache.js')).cacheCommand],
  ['profile', async () => (await import('./commands/profile.js')).profileCommand],
  ['drift', async () => (await import('./commands/drift.js')).driftCommand],
  ['monitor', async () => (await import('./commands/monitor.js')).monitorCommand],
  ['stop', async () => (await import('./commands/stop.js')).stopCommand],
  ['rm', async () => (await import('./commands/trash.js')).rmCommand],
  ['restore', async () => (await import('./commands/trash.js')).restoreCommand],
  ['trash', async () => (await import('./commands/trash.js')).trashCommand],
  ['rename', async () => (await import('./commands/edit.js')).renameCommand],
  ['tag', async () => (await import('./commands/edit.js')).tagCommand],
  ['star', async () => (await import('./commands/edit.js')).starCommand],
  ['note', async () => (await import('./commands/edit.js')).noteCommand],
  ['push', async () => (await import('./commands/share.js')).pushCommand],
  ['pull', async () => (await import('./commands/share.js')).pullCommand],
  ['slurm', async () => (await import('./commands/slurm.js')).slurmCommand],
  ['lsp', async () => (await import('./commands/lsp.js')).lspCommand],
  ['slurm-task', async () => (await import('./commands/slurmTask.js')).slurmTaskCommand],
];

/** The names of every command, in help order (no module is loaded). */
export const COMMAND_NAMES: readonly string[] = LOADERS.map(([name]) => name);

/** Every command, loaded (for the overview, which shows each one's summary). */
export async function allCommands(): Promise<Command[]> {
  return Promise.all(LOADERS.map(([, load]) => load()));
}

/** The command called `name`, if any; only its own modules are loaded. */
export async function findCommand(name: string): Promise<Command | undefined> {
  const entry = LOADERS.find(([n]) => n === name);
  if (!entry) return undefined;
  const command = await entry[1]();
  // The table's key and the command's own name must agree, or help and dispatch would drift apart.
  if (command.name !== name) throw new Error(`runlens: command table names "${name}" but its module says "${command.name}"`);
  return command;
}
