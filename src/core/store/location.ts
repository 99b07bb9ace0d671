// Where a workspace's store is: `.runlens` in the workspace unless RUNLENS_STORE names another
// folder (the editor's `runlens.storePath`). One rule for the CLI and the language server.
import { join, resolve } from 'node:path';
import { STORE_DIR } from './layout';

/** Environment variable naming the store directory, relative to the workspace (the editor's `runlens.storePath`). */
export const STORE_ENV = 'RUNLENS_STORE';

/** The store directory `RUNLENS_STORE` names for `workspace`, or undefined for the default `.runlens`. */
export function storeDirFromEnv(workspace: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[STORE_ENV]?.trim();
  return value ? resolve(workspace, value) : undefined;
}

/** The store directory of `workspace`: the one `RUNLENS_STORE` names, else `<workspace>/.runlens`. */
export function workspaceStoreDir(workspace: string, env: NodeJS.ProcessEnv = process.env): string {
  return storeDirFromEnv(workspace, env) ?? join(workspace, STORE_DIR);
}
