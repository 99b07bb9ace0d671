// Entry point of the `runlens` command (bundled to dist/cli.js): picks the command, parses its
// options, runs it and turns every failure into `runlens: error: ...` plus a documented exit code.
import { debugSink, errorMessage } from '../core/errors';
import { hoistGlobalOptions, optFlag, optString, parseArgs } from './args';
import { type Command, type CommandContext } from './command';
import { COMMANDS, findCommand } from './registry';
import { CliError, ExitCode, UsageError } from './errors';
import { commandHelp, mainHelp } from './help';
import { holdTerminal, takeHoldRequest } from './hold';
import { paint, processOutput, type Output } from './output';
import { findWorkspace } from './lookup';
import { RunStore, StoreFormatError } from '../core/store/store';
import { isNoSpace } from '../core/fs/space';
import { storeDirFromEnv } from '../core/store/location';
import { RUNLENS_VERSION } from '../core/runner/versions';
import { PulledRunError } from '../core/share/errors';

async function main(words: readonly string[]): Promise<number> {
  const output = processOutput(ownWords(words).includes('--no-color'));
  const argv = hoistGlobalOptions(words);
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    output.out(mainHelp(output, COMMANDS));
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === '--version' || first === '-V') {
    output.out(RUNLENS_VERSION);
    return ExitCode.ok;
  }
  if (first === 'help') {
    const name = rest[0];
    if (name === undefined) {
      output.out(mainHelp(output, COMMANDS));
      return ExitCode.ok;
    }
    output.out(commandHelp(output, requireCommand(name)));
    return ExitCode.ok;
  }
  const command = requireCommand(first);
  const args = parseArgs(command.name, rest, command.options);
  if (optFlag(args, 'help')) {
    output.out(commandHelp(output, command));
    return ExitCode.ok;
  }
  // `runlens ls | head` closes the pipe early: stop quietly, as Unix tools do. Not for `run`,
  // whose supervisor keeps capturing the child's output when the terminal side goes away.
  if (command.name !== 'run') {
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(ExitCode.ok);
    });
  }
  return command.run(makeContext(output, optString(args, 'workspace')), args);
}

/** The words before `--`: what follows belongs to the run's command, never to runlens. */
function ownWords(argv: readonly string[]): readonly string[] {
  const sep = argv.indexOf('--');
  return sep === -1 ? argv : argv.slice(0, sep);
}

function requireCommand(name: string): Command {
  const command = findCommand(name);
  if (!command) {
    const hint = name.startsWith('-') ? ' (only the global options may come before the command)' : '';
    throw new UsageError(`unknown command "${name}"${hint}`);
  }
  return command;
}

function makeContext(output: Output, workspaceFlag: string | undefined): CommandContext {
  let workspace: string | undefined;
  let store: RunStore | undefined;
  const ctx: CommandContext = {
    output,
    workspace: () => (workspace ??= findWorkspace(workspaceFlag)),
    store: () => (store ??= RunStore.open(ctx.workspace(), { storeDir: storeDirFromEnv(ctx.workspace()) })),
  };
  return ctx;
}

/** Prints a failure as `runlens: error: <message>` with its hint and returns its exit code. */
function report(output: Output, e: unknown): number {
  if (e instanceof CliError) {
    output.err(`${paint(output, 'red', 'runlens: error:')} ${e.message}`);
    if (e.hint) output.err(`  ${e.hint}`);
    return e.code;
  }
  if (e instanceof PulledRunError) return report(output, new CliError(e.message, ExitCode.conflict, 'a run is changed by its author, who pushes it again'));
  const err = e as NodeJS.ErrnoException;
  if (isNoSpace(err)) {
    const where = err.path ? ` (writing ${err.path})` : '';
    output.err(`${paint(output, 'red', 'runlens: error:')} the disk is full: no space left on the device${where}`);
    output.err('  free some space, then try again; what was recorded before is intact');
    return ExitCode.failure;
  }
  output.err(`${paint(output, 'red', 'runlens: error:')} ${err?.message ?? String(e)}`);
  if (e instanceof StoreFormatError && e.hint) output.err(`  ${e.hint}`);
  else if (err?.code === 'EACCES' || err?.code === 'EROFS') output.err('  check that the workspace folder is writable');
  else if (process.env.RUNLENS_DEBUG) output.err(err?.stack ?? '');
  else output.err('  set RUNLENS_DEBUG=1 for the stack trace');
  return ExitCode.failure;
}

// Read (and removed from the environment) before anything starts: see hold.ts.
const holding = takeHoldRequest();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = report(processOutput(ownWords(process.argv.slice(2)).includes('--no-color')), e);
  },
).then(async () => {
  if (holding) process.exitCode = await holdTerminal(processOutput(false), Number(process.exitCode ?? 0), holding.marker);
}).catch((e: unknown) => debugSink((l) => process.stderr.write(`${l}\n`))('hold the terminal open', errorMessage(e)));
