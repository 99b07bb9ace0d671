// The stat fingerprint of a monitor's current files: what the editor's periodic sweep compares to
// notice new or changed data when the file watcher said nothing (watchers drop events under load,
// on network drives, or for folders created just before). Stats only: no file is read or hashed.
import { errorMessage } from '../errors';
import { parseSpec } from '../data/spec';
import { walkSpec } from '../data/walk';
import { walkPrint } from '../data/walkPrint';

/**
 * One string that changes whenever a file matching `specs` below `workspaceRoot` appears, goes, or
 * changes size, mtime or inode. A spec that cannot be walked (invalid, unreadable entries) is
 * printed as its error, so the print is stable while the problem lasts.
 */
export async function monitorFilesPrint(workspaceRoot: string, specs: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const spec of specs) {
    try {
      const walk = await walkSpec(workspaceRoot, parseSpec(workspaceRoot, spec));
      parts.push(walkPrint(walk) ?? `errors:${JSON.stringify([walk.exists, walk.errors])}`);
    } catch (e) {
      parts.push(`error:${errorMessage(e)}`);
    }
  }
  return parts.join('\n');
}
