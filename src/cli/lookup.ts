// Finding what the command line names: the workspace (`--workspace DIR`, else the nearest
// ancestor of the current directory holding runlens.yaml/.yml or a .runlens store, else the current
// directory) and runs (full id, human name or unique id prefix), with errors that say what to do.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '../core/config/configFile';
import { type RunManifest } from '../core/model';
import { type CommandContext } from './command';
import { NotFoundError } from './errors';
import { paint, statusStyle, type Output } from './output';

const MARKERS = [...CONFIG_FILE_NAMES, '.runlens'];

/** Resolves the workspace root. `explicit` (from --workspace) must be an existing directory. */
export function findWorkspace(explicit: string | undefined, cwd: string = process.cwd()): string {
  if (explicit !== undefined) {
    const dir = resolve(cwd, explicit);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new NotFoundError(`workspace ${dir} is not a directory`, 'pass an existing folder to --workspace');
    }
    return dir;
  }
  let dir = resolve(cwd);
  for (;;) {
    if (MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/** The run `key` names; throws NotFoundError (exit 3) with a hint when there is none. */
export async function requireRun(ctx: CommandContext, key: string): Promise<RunManifest> {
  const run = await ctx.store().getRun(key);
  if (run) return run;
  const trashed = (await ctx.store().listTrash()).find((m) => m.id === key || m.id.startsWith(key) || m.name === key);
  if (trashed) {
    throw new NotFoundError(`run "${key}" is in the trash`, `restore it with: runlens restore ${trashed.id}`);
  }
  throw new NotFoundError(`no run "${key}" in ${ctx.workspace()}`,
    'list runs with: runlens ls (an id prefix must match exactly one run)');
}

/** `name (id) status`, coloured by status. */
export function describeRun(o: Output, m: RunManifest): string {
  return `${paint(o, 'bold', m.name)} (${m.id}) ${paint(o, statusStyle(m.status), m.status)}`;
}
