// Puts the bundled `runlens` command on the PATH of VS Code's integrated terminals, so a data
// scientist can type `runlens run ...` without installing Node or anything else: a small shim in
// the extension's storage runs dist/cli.js with the extension host's own runtime.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type * as vscode from 'vscode';

/** The shim's text: the runtime and the CLI as absolute, single-quoted paths (no expansion). */
export function shimScript(runtime: string, cli: string): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  // Electron (desktop VS Code) behaves as plain Node with ELECTRON_RUN_AS_NODE; Node ignores it.
  return `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${q(runtime)} ${q(cli)} "$@"\n`;
}

/** Windows equivalent of {@link shimScript}. */
export function shimCmd(runtime: string, cli: string): string {
  return `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${runtime}" "${cli}" %*\r\n`;
}

/**
 * Writes the shim into the extension's global storage and prepends its folder to the terminals'
 * PATH. Returns the folder, or undefined when it could not be written (terminals then simply
 * lack the command; everything else works).
 */
export async function putCliOnPath(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const bin = join(context.globalStorageUri.fsPath, 'bin');
  const cli = context.asAbsolutePath(join('dist', 'cli.js'));
  try {
    await mkdir(bin, { recursive: true });
    if (process.platform === 'win32') {
      await writeFile(join(bin, 'runlens.cmd'), shimCmd(process.execPath, cli));
    } else {
      const shim = join(bin, 'runlens');
      await writeFile(shim, shimScript(process.execPath, cli));
      await chmod(shim, 0o755);
    }
  } catch (e) {
    log.warn(`Runlens could not put the runlens command on the terminal PATH: ${String(e)}`);
    return undefined;
  }
  const env = context.environmentVariableCollection;
  env.description = 'Adds the `runlens` command to the terminal.';
  env.prepend('PATH', `${bin}${delimiter}`);
  return bin;
}
