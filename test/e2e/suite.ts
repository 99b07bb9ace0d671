// The one setup every e2e suite shares: a workspace made before the window opens, the workbench
// opened on it, and at the end the background runs stopped, the window closed and the workspace
// removed. Plus the small waits and frames several suites use.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { type FrameLocator } from 'playwright-core';
import { exampleWorkspace, stopBackgroundRuns } from './cli';
import { Workbench, type WorkbenchOptions } from './workbench';

/** How a suite's workspace is made and its window opened. */
export interface SuiteOptions extends Omit<WorkbenchOptions, 'workspace'> {
  /** A copy of docs/example in a temp folder of this name (it shows in the window title)... */
  readonly example?: string;
  /** ...or a folder this function makes; the suite removes it (and its temp parent) afterwards. */
  readonly workspace?: () => string;
  /** Runs in the workspace before the window opens: runs, edits, a git history. */
  readonly prepare?: (workspace: string) => void | Promise<void>;
  /** Runs once the window is open, before the first test (open a view, wait for a row). */
  readonly opened?: (wb: Workbench, workspace: string) => Promise<void>;
  /** Logs the page's console errors (a webview's failure to render shows there first). */
  readonly logPageErrors?: boolean;
}

/** The session of one suite: read `wb` and `workspace` in tests (they are set by its `before`). */
export interface WorkbenchSuite {
  readonly wb: Workbench;
  readonly workspace: string;
}

/**
 * Registers the suite's `before` (make the workspace, open the window) and `after` (stop the
 * runs started with `runlensInBackground`, close the window, remove the workspace) in the calling
 * `describe`. Hooks registered after this call see `wb` and `workspace` set.
 */
export function useWorkbench(options: SuiteOptions): WorkbenchSuite {
  let wb: Workbench | undefined;
  let workspace: string | undefined;
  before(async () => {
    workspace = options.workspace ? options.workspace() : exampleWorkspace(options.example ?? 'workspace');
    await options.prepare?.(workspace);
    wb = await Workbench.open({ ...options, workspace });
    if (options.logPageErrors) wb.page.on('console', (m) => { if (m.type() === 'error') console.log(`  [page error] ${m.text()}`); });
    await options.opened?.(wb, workspace);
  });
  after(async () => {
    stopBackgroundRuns();
    await wb?.close();
    // An example copy lives in its own temp parent (named for the window title): remove both.
    if (workspace) rmSync(options.workspace ? workspace : dirname(workspace), { recursive: true, force: true });
  });
  return {
    get wb(): Workbench {
      if (!wb) throw new Error('the workbench is not open yet: read `wb` inside a hook or test');
      return wb;
    },
    get workspace(): string {
      if (!workspace) throw new Error('the workspace is not made yet: read `workspace` inside a hook or test');
      return workspace;
    },
  };
}

/** The page inside the active webview (VS Code nests it in two iframes). */
export function activeWebview(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** Polls `probe` (a failing probe counts as false) until it holds, or fails naming `what`. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
