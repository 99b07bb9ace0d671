// `runlens lsp --stdio`: the language server for runlens.yaml, for editors other than VS Code
// (Neovim, Helix, Emacs...). It is the very server the extension starts, dist/server.js beside this
// CLI, loaded into this process and speaking LSP over stdin and stdout (docs/language-server.md).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { optFlag, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';

/** Where the server bundle sits: beside the CLI bundle (both are in dist/). */
export function serverBundle(cliDir: string = __dirname): string {
  return join(cliDir, 'server.js');
}

function run(_ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError('lsp takes no arguments', 'lsp --help');
  // The transport is required, as other language servers do: an editor names it, a person who
  // types `runlens lsp` by mistake gets a usage line instead of a process waiting on stdin.
  if (!optFlag(args, 'stdio')) throw new UsageError('lsp needs --stdio (the transport editors start it with: runlens lsp --stdio)', 'lsp --help');
  const bundle = serverBundle();
  if (!existsSync(bundle)) throw new CliError(`the language server is missing: ${bundle}`, ExitCode.failure, 'rebuild Runlens (npm run build) or reinstall the extension');
  // The server reads its transport (`--stdio`) from process.argv and serves until the client says
  // exit or closes stdin; it is loaded at run time, so other commands never pay for it.
  createRequire(__filename)(bundle);
  return new Promise<number>(() => undefined);
}

/** The `lsp` command. */
export const lspCommand: Command = {
  name: 'lsp',
  summary: 'serve runlens.yaml to an editor (Language Server Protocol over stdio)',
  usage: 'lsp --stdio',
  description:
    'Diagnostics, completion and hovers for runlens.yaml in any editor with an LSP client (Neovim, Helix, Emacs...): ' +
    'the same server VS Code runs. Past runs come from the .runlens store beside the config file. ' +
    'The editor starts this command; see docs/language-server.md for each editor\'s configuration.',
  options: [{ name: 'stdio', type: 'boolean', help: 'speak LSP on stdin and stdout (required: the one transport)' }],
  examples: ['runlens lsp --stdio'],
  run,
};
