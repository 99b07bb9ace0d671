// Launches Debian's chromium through playwright-core with the flags this closed network needs
// (no background networking, no sandbox as root) and a throwaway profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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
  const home = mkdtempSync('/tmp/rlbr-');
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
  return {
    browser, context, page,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
