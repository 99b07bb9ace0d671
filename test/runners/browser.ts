// Launches Debian's chromium through playwright-core with the flags this closed network needs
// (no background networking, no sandbox as root) and a throwaway profile. Its process is recorded
// (children.ts), so a runner killed outright does not leave it running.
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { forgetChild, ownChildren, recordChild, sweepOrphans } from './children';
import { type Toolchain } from './toolchain';

/** A browser with one page, and how to close both. */
export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Opens chromium headless with a fresh user-data dir and a 1440x900 viewport. */
export async function openBrowser(tc: Toolchain, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserSession> {
  sweepOrphans();
  const home = mkdtempSync('/tmp/rlbr-');
  // playwright does not say which process it started: the new chromium child of this process is it.
  const before = new Set(ownChildren('chrom'));
  const browser = await chromium.launch({
    executablePath: tc.chromium,
    headless: true,
    env: { ...process.env, HOME: home },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'dark',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  const pids = ownChildren('chrom').filter((p) => !before.has(p));
  for (const pid of pids) recordChild(pid, 'chromium', [home]);
  return {
    browser, context, page,
    async close() {
      await browser.close().catch(() => undefined);
      for (const pid of pids) forgetChild(pid);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
