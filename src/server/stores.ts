// Which run store a runlens.yaml reads its past runs from: the store of the workspace folder
// holding it (the client sends each folder's `runlens.storePath`), else `.runlens` beside the file.
import { dirname, join, relative, isAbsolute } from 'node:path';
import { type FolderStore } from '../protocol/languageServer';

/** The store directory for the config file at `file` (an absolute path). */
export function storeDirFor(file: string, stores: readonly FolderStore[]): string {
  let best: FolderStore | undefined;
  for (const s of stores) {
    const rel = relative(s.folder, file);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    // Nested folders: the innermost one wins, as VS Code's getWorkspaceFolder does.
    if (inside && (!best || s.folder.length > best.folder.length)) best = s;
  }
  return best ? best.storeDir : join(dirname(file), '.runlens');
}
