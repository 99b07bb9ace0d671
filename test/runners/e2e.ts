// Runs the e2e suites (test/e2e/*.test.js) with mocha against the packaged extension: builds the
// .vsix once, then each suite starts its own code-server and chromium. Prints `N passed, N failed`.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Mocha from 'mocha';
import { packageVsix } from './package';
import { ensureToolchain } from './toolchain';

const ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  ensureToolchain();
  process.env.RUNLENS_VSIX = packageVsix();
  const dir = join(ROOT, 'out', 'test', 'e2e');
  const mocha = new Mocha({ timeout: 120_000, reporter: join(ROOT, 'test', 'support', 'summary-reporter.cjs') });
  const only = process.argv[2];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.js') && (!only || n.includes(only))).sort()) {
    mocha.addFile(join(dir, f));
  }
  return new Promise((done) => mocha.run((failures) => done(failures > 0 ? 1 : 0)));
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
