// Runs the integration suite (test/integration) inside the extension host of a real VS Code:
// code-server with the smoke-test driver, opened with an extension-test payload, as
// @vscode/test-electron would do with a desktop VS Code. A second session opens the workspace in
// Restricted Mode for the `*.untrusted.test.ts` suites. Prints `N passed, N failed` (both) at the end.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'node:util';
import { openBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { ensureToolchain, type VsCodeFlavour } from './toolchain';

const ROOT = resolve(__dirname, '..', '..', '..');
const SUITE_TIMEOUT_MS = 10 * 60_000;
/** Workbench chatter of an offline code-server that says nothing about the suite. */
const OFFLINE_NOISE = /ENOTFOUND|AccountPolicyGate|\[Service Worker\]|\[AgentHost|Creating a socket/;

/** Passed and failed counts of one session. */
interface Counts {
  passed: number;
  failed: number;
}

/**
 * One code-server session running the suite. `trusted: false` opens the workspace in Restricted
 * Mode (workspace trust on), where test/integration/harness.ts runs only the `*.untrusted.test.js` files.
 */
async function session(tc: ReturnType<typeof ensureToolchain>, trusted: boolean): Promise<{ code: number; counts: Counts }> {
  const workspace = mkdtempSync('/tmp/rlws-');
  cpSync(resolve(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  // The built-in git extension shares the extension host with the suite; its background
  // `git check-ignore` calls on the tests' throwaway repositories can die with EPIPE, which mocha
  // would report as an uncaught error of whichever test is running. Runlens runs git itself.
  const server = await startCodeServer(tc, { smokeTestDriver: true, trusted, settings: { 'git.enabled': false } });
  const browser = await openBrowser(tc);
  const counts: Counts = { passed: 0, failed: 0 };
  try {
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const exited = new Promise<number>((done) => {
      void browser.page.exposeFunction('codeAutomationExit', (code: number) => done(code));
    });
    await browser.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...args);
      const m = /^(\d+) passed, (\d+) failed/.exec(line.trim());
      if (m) Object.assign(counts, { passed: Number(m[1]), failed: Number(m[2]) });
      else if (!OFFLINE_NOISE.test(line)) console.log(line);
    });
    await browser.page.goto(server.folderUrl(workspace, [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(resolve(ROOT, 'out', 'test', 'integration', 'harness.js'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]));
    const timeout = new Promise<number>((done) => setTimeout(() => {
      console.error(`integration suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`);
      done(1);
    }, SUITE_TIMEOUT_MS).unref());
    const code = await Promise.race([exited, timeout]);
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    return { code, counts };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  // `--oldest`: the oldest VS Code that engines.vscode claims, instead of the pinned current one.
  const flavour: VsCodeFlavour = process.argv.includes('--oldest') ? 'oldest' : 'current';
  const tc = ensureToolchain(flavour);
  console.log(`VS Code ${tc.vscodeVersion} (code-server)`);
  const total: Counts = { passed: 0, failed: 0 };
  let code = 0;
  try {
    for (const trusted of [true, false]) {
      if (!trusted) console.log('\nRestricted Mode (untrusted workspace):');
      const result = await session(tc, trusted);
      total.passed += result.counts.passed;
      total.failed += result.counts.failed;
      if (result.code !== 0) code = result.code;
    }
  } finally {
    console.log(`\n${total.passed} passed, ${total.failed} failed`);
  }
  return code;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
