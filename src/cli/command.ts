// The shape of a CLI command and the context it runs in: each command declares its options (for
// the parser and the help) and gets the output and the workspace's store lazily, so `--help` and
// usage errors never touch the disk.
import { type OptionSpec, type ParsedArgs } from './args';
import { type Output } from './output';
import { type RunStore } from '../core/store/store';

/** What a command can use while it runs. */
export interface CommandContext {
  readonly output: Output;
  /** The workspace root (resolved on first use). */
  workspace(): string;
  /** The workspace's run store (opened on first use). */
  store(): RunStore;
}

/** One `runlens` command. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage line after `runlens `, e.g. `show RUN [--json]`. */
  readonly usage: string;
  /** Longer explanation shown by `runlens help CMD`. */
  readonly description?: string;
  readonly options: readonly OptionSpec[];
  readonly examples?: readonly string[];
  /** Runs the command; resolves to the process exit code. */
  run(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}

/** The `--json` option shared by every read command. */
export const JSON_OPTION: OptionSpec = { name: 'json', type: 'boolean', help: 'print machine-readable JSON (shapes in docs/cli.md)' };
