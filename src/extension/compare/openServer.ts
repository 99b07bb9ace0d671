// The extension's end of `runlens compare --open`: a socket in a private temp folder (mode 0700,
// so only this user can reach it) named in the integrated terminals' environment. A request names
// a workspace folder and run ids; the answer says whether a panel opened.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMPARE_SOCKET_ENV, listenOpenCompare, type OpenCompareRequest } from '../../core/compare/openRequest';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';

/** The listening socket. */
export interface OpenServer {
  readonly path: string;
  dispose(): void;
}

/** The open workspace folder that holds `path` (the CLI sends its workspace root). */
function folderHolding(view: RunsView, path: string): FolderRuns | undefined {
  const exact = view.folderOf(path);
  if (exact) return exact;
  const uri = vscode.Uri.file(path);
  const ws = vscode.workspace.getWorkspaceFolder(uri);
  return ws ? view.folderOf(ws.uri) : undefined;
}

/** Starts listening and sets the terminals' variable; resolves undefined when no socket could be made. */
export async function startOpenServer(
  context: vscode.ExtensionContext, view: RunsView, log: vscode.LogOutputChannel,
  open: (folder: FolderRuns, ids: readonly string[], baseline: string | null) => void,
): Promise<OpenServer | undefined> {
  try {
    const dir = process.platform === 'win32' ? '' : await mkdtemp(join(tmpdir(), 'runlens-'));
    const path = process.platform === 'win32' ? `\\\\?\\pipe\\runlens-${process.pid}-${Date.now()}` : join(dir, 'compare.sock');
    const handle = async (r: OpenCompareRequest): Promise<{ ok: true } | { ok: false; error: string }> => {
      const folder = folderHolding(view, r.folder);
      if (!folder) return { ok: false, error: `${r.folder} is not open in this VS Code window` };
      await folder.list();
      const unknown = r.ids.filter((id) => !folder.get(id));
      if (unknown.length > 0) return { ok: false, error: `no run ${unknown.join(', ')} in ${folder.folder.name}` };
      open(folder, r.ids, r.baseline ?? null);
      return { ok: true };
    };
    const server = await listenOpenCompare(path, handle);
    context.environmentVariableCollection.replace(COMPARE_SOCKET_ENV, path);
    return {
      path,
      dispose: () => {
        server.close();
        if (dir) void rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    log.warn(`Runlens: \`runlens compare --open\` will not work in this window: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
