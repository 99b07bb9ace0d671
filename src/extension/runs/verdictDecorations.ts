// The lasting ✓/✗ of reproduction in the Runs view: a file decoration (badge and colour, as git
// marks changed files) on a reproduction's row by its verdict, and on the original's row by its
// newest judged reproduction. Rows carry a `runlens-run:` resource URI naming folder and run.
import * as vscode from 'vscode';
import { describeReproduction, ReproductionIndex, verdictMark } from '../../core/reproduce/reproductions';
import { type RunSummary } from '../../core/store/summary';
import { type FolderRuns, type RunsChange } from './folderRuns';
import { type RunsView } from './runsView';
import { followFolders } from './followFolders';

/** The URI scheme of run rows (never opened: only decorations are looked up by it). */
export const RUN_URI_SCHEME = 'runlens-run';

/** The resource URI of a run's row. */
export function runUri(folder: vscode.WorkspaceFolder, id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_URI_SCHEME, path: `/${id}`, query: folder.uri.toString() });
}

/** Decorates run rows with their reproduction verdict. */
export class VerdictDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changeEmitter.event;
  private readonly indexes = new WeakMap<FolderRuns, Promise<ReproductionIndex<RunSummary>>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly view: RunsView) {
    this.subscriptions = [
      followFolders(view, (c) => void this.onChange(c)),
      vscode.window.registerFileDecorationProvider(this),
    ];
  }

  async provideFileDecoration(uri: vscode.Uri): Promise<vscode.FileDecoration | undefined> {
    if (uri.scheme !== RUN_URI_SCHEME) return undefined;
    const folder = this.view.folderRuns().find((f) => f.folder.uri.toString() === uri.query);
    const run = folder?.get(uri.path.slice(1));
    if (!folder || !run) return undefined;
    const state = (await this.indexOf(folder)).stateOf(run);
    if (!state || state.verdict === null) return undefined;
    const ok = state.verdict === 'reproduced';
    const tooltip = describeReproduction(state, (id) => folder.get(id)?.name ?? id);
    return new vscode.FileDecoration(verdictMark(state.verdict), tooltip, new vscode.ThemeColor(ok ? 'testing.iconPassed' : 'testing.iconFailed'));
  }

  /** The decoration's words for a row (tests and the accessibility label read it). */
  async describe(folder: FolderRuns, id: string): Promise<string | undefined> {
    const run = folder.get(id);
    const state = run && (await this.indexOf(folder)).stateOf(run);
    return state ? describeReproduction(state, (other) => folder.get(other)?.name ?? other) : undefined;
  }

  private indexOf(folder: FolderRuns): Promise<ReproductionIndex<RunSummary>> {
    let index = this.indexes.get(folder);
    if (!index) {
      index = folder.list().then((runs) => new ReproductionIndex(runs), () => new ReproductionIndex<RunSummary>([]));
      this.indexes.set(folder, index);
    }
    return index;
  }

  private async onChange(c: RunsChange): Promise<void> {
    // A reload names no run: every row may have changed (not on the first listing: the index is built from it).
    if (c.changed.size === 0 && !c.firstListing) {
      this.indexes.delete(c.folder);
      this.changeEmitter.fire(undefined);
      return;
    }
    // The index is rebuilt (a walk over every run) only when a reproduction came, went or changed:
    // a store of 100,000 runs must not be walked for each new value of a live run.
    const index = this.indexes.get(c.folder);
    const built = index && (await index);
    if (built && [...c.changed].some((id) => built.holds(id) || c.folder.get(id)?.reproducedFrom)) this.indexes.delete(c.folder);
    else if (!built) this.indexes.delete(c.folder);
    // A changed reproduction changes its original's mark too.
    const ids = new Set(c.changed);
    for (const id of [...ids]) {
      const from = c.folder.get(id)?.reproducedFrom;
      if (from) ids.add(from);
    }
    this.changeEmitter.fire([...ids].map((id) => runUri(c.folder.folder, id)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changeEmitter.dispose();
  }
}
