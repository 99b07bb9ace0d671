// Read-only documents of a file at a commit (`runlens-snapshot:` URIs) for VS Code's diff editor:
// "Open diff against HEAD" shows the file as the workspace's HEAD has it beside the run's snapshot.
import * as vscode from 'vscode';
import { decodeLenient } from '../../core/logs/tail';
import { readFileAt } from '../../views/detail/gitFiles';

/** The URI scheme of file-at-commit documents. */
export const SNAPSHOT_SCHEME = 'runlens-snapshot';

interface SnapshotQuery {
  readonly repo: string;
  readonly rev: string;
}

/** The URI of `path` (repository-relative) at `rev` in the repository at `repo`. */
export function snapshotUri(repo: string, rev: string, path: string, label: string): vscode.Uri {
  const query: SnapshotQuery = { repo, rev };
  // The label goes into the path's first segment, so editor tabs say which side is which.
  return vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${label}/${path}`, query: JSON.stringify(query) });
}

function parse(uri: vscode.Uri): { query: SnapshotQuery; path: string } | undefined {
  try {
    const q = JSON.parse(uri.query) as Partial<SnapshotQuery>;
    const path = uri.path.replace(/^\/[^/]*\//, '');
    return typeof q.repo === 'string' && typeof q.rev === 'string' ? { query: { repo: q.repo, rev: q.rev }, path } : undefined;
  } catch {
    // Not a snapshot URI of ours (hand-edited query): no document.
    return undefined;
  }
}

/** Serves file-at-commit documents; a file the commit does not have reads as empty. */
export class SnapshotDocuments implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = parse(uri);
    if (!parsed) return '';
    const bytes = await readFileAt(parsed.query.repo, parsed.query.rev, parsed.path);
    if (!bytes) return '';
    // Binary content would show as noise: say what it is instead.
    if (bytes.subarray(0, 8000).includes(0)) return `(binary file, ${bytes.length} bytes)`;
    return decodeLenient(bytes);
  }
}

/** Opens VS Code's diff editor: `path` at HEAD on the left, as the run's snapshot had it on the right. */
export async function openSnapshotDiff(repo: string, snapshot: string, path: string, runName: string): Promise<void> {
  const left = snapshotUri(repo, 'HEAD', path, 'HEAD');
  const right = snapshotUri(repo, snapshot, path, `run ${snapshot.slice(0, 8)}`);
  await vscode.commands.executeCommand('vscode.diff', left, right, `${path} (HEAD ↔ run ${runName})`, { preview: true });
}
