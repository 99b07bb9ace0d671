// Entry point VS Code calls inside the extension host (`extensionTestsPath`): the integration harness, which
// runs every *.test.js beside this file with mocha. Runner-agnostic: code-server and test-electron both use it.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Runs the suite; rejects when any test fails (the runner turns that into exit code 1). */
export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: resolve(__dirname, '..', '..', '..', 'test', 'support', 'summary-reporter.cjs'),
  });
  // `*.untrusted.test.js` suites need a workspace in Restricted Mode; the others a trusted one.
  const untrusted = !vscode.workspace.isTrusted;
  // RUNLENS_TEST_FILES=compare,detail runs only the files whose name contains one of those words.
  const only = process.env.RUNLENS_TEST_FILES?.split(',').filter(Boolean) ?? [];
  const wanted = (n: string): boolean => only.length === 0 || only.some((w) => n.includes(w));
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.test.js') && n.endsWith('.untrusted.test.js') === untrusted && wanted(n)).sort()) {
    mocha.addFile(join(__dirname, f));
  }
  const failures = await new Promise<number>((done) => mocha.run(done));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
