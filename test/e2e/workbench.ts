// Drives the VS Code workbench (code-server + chromium) the way a person does: activity bar,
// command palette, editor tabs; saves screenshots under test-results/screenshots (git-ignored).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Frame, type Locator, type Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../runners/browser';
import { startCodeServer, type CodeServer } from '../runners/codeServer';
import { repoRoot } from '../runners/repoRoot';
import { ensureToolchain } from '../runners/toolchain';

/** Folder the screenshots are written to, the e2e suites' and the benches' alike (both bundle this file). */
export const SCREENSHOT_DIR = join(repoRoot(), 'test-results', 'screenshots');

/** Options for a workbench session. */
export interface WorkbenchOptions {
  readonly workspace: string;
  readonly theme?: 'Default Dark Modern' | 'Default Light Modern' | 'Default High Contrast';
  readonly trusted?: boolean;
}

/** A running workbench with helpers for the selectors that work in VS Code 1.139. */
export class Workbench {
  private constructor(readonly page: Page, private readonly server: CodeServer, private readonly browser: BrowserSession) {}

  /** Starts code-server with the packaged extension installed and opens `workspace` in chromium. */
  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const vsix = process.env.RUNLENS_VSIX;
    if (!vsix) throw new Error('RUNLENS_VSIX is not set: run the e2e suite through `npm run test:e2e`');
    const tc = ensureToolchain();
    const dark = !(options.theme ?? 'Default Dark Modern').includes('Light');
    const server = await startCodeServer(tc, {
      install: [vsix],
      trusted: options.trusted,
      // RUNLENS_E2E_STATE keeps code-server's profile and logs there for a post-mortem.
      stateDir: process.env.RUNLENS_E2E_STATE,
      settings: { 'workbench.colorTheme': options.theme ?? 'Default Dark Modern' },
    });
    const browser = await openBrowser(tc, { colorScheme: dark ? 'dark' : 'light' });
    const wb = new Workbench(browser.page, server, browser);
    await browser.page.goto(server.folderUrl(options.workspace));
    await browser.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return wb;
  }

  /** code-server's profile and logs folder (benchmarks find the extension host and its logs by it). */
  get stateDir(): string {
    return this.server.stateDir;
  }

  /** code-server's process id (benchmarks find the extension host among its descendants). */
  get serverPid(): number {
    return this.server.pid;
  }

  /** Clicks a view container's icon in the activity bar. */
  async openContainer(title: string): Promise<void> {
    const icon = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`);
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
  }

  /**
   * Runs a command by its palette title, e.g. "Runlens: Show Runs". The palette closes when focus
   * moves (a webview or tree taking it back while the window settles), so a palette that vanished
   * between opening and typing is opened again, up to three times.
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input[type="text"]');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press('F1');
        await input.waitFor({ timeout: 10_000 });
        await input.fill(`>${title}`, { timeout: 5_000 });
        await row.waitFor({ timeout: 10_000 });
        await this.page.keyboard.press('Enter');
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(500);
      }
    }
  }

  /**
   * Right-clicks `target` and chooses `label` from its context menu. A menu ignores a click that
   * comes right after it opened (the releasing right button must not choose an item), so an item
   * clicked too early is clicked again until the menu closes. Returns when the click that took
   * effect was made (Date.now()), for timings "from the menu click".
   */
  async contextMenu(target: Locator, label: string): Promise<number> {
    await target.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: 10_000 });
    const item = menu.locator('.action-label', { hasText: label });
    if (!(await item.first().waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
      // Say what the menu held and what it was opened on, so a failure here can be diagnosed.
      const labels = (await menu.locator('.action-label').allTextContents().catch(() => [] as string[])).filter((l) => l.trim() !== '');
      const on = await target.textContent({ timeout: 1000 }).catch(() => '(the target is gone)');
      const shot = await this.screenshot(`failed-context-menu-${Date.now()}`);
      throw new Error(`the context menu opened on ${JSON.stringify(on)} has no ${label}: ${labels.join(' | ')} (screenshot ${shot})`);
    }
    for (let attempt = 1; ; attempt++) {
      const clickedAt = Date.now();
      await item.click();
      if (await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false)) return clickedAt;
      if (attempt >= 5) throw new Error(`the context menu item ${label} did not respond`);
    }
  }

  /**
   * The notification containing `text`: its toast, or, when the toast has hidden itself (or a
   * busy window never showed it in time), its entry in the notification center.
   */
  async notification(text: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
    if (await toast.waitFor({ timeout: timeoutMs }).then(() => true, () => false)) return toast;
    await this.runCommand('Notifications: Show Notifications');
    const entry = this.page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
    await entry.waitFor({ timeout: 10_000 });
    return entry;
  }

  /** The editor tab with this title. */
  tab(title: string): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: title });
  }

  /** A pane (view) body's welcome or content area, found by the view's title. */
  pane(title: string): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: title }) });
  }

  /** The frame of the newest webview whose page loads `bundle` (e.g. compare.js), waiting for one. */
  async webviewFrame(bundle: string, timeoutMs = 60_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const f of [...this.page.frames()].reverse()) {
        if (!f.isDetached() && (await f.locator(`script[src*="${bundle}"]`).count().catch(() => 0))) return f;
      }
      if (Date.now() > deadline) throw new Error(`no webview loading ${bundle} appeared`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Saves a full-window screenshot and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Saves a screenshot of one part of the window (e.g. a view), at twice the pixel density. */
  async screenshotOf(locator: Locator, name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await locator.screenshot({ path, scale: 'device' });
    return path;
  }

  /** Closes the browser and stops code-server with its whole process group. */
  async close(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
  }
}
