// Runs the same integration suite with @vscode/test-electron in a desktop VS Code, for machines
// that can download one (a developer's laptop, public CI). Here the code-server runner is used.
import { resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(__dirname, '..', '..', '..');

runTests({
  version: '1.139.1',
  extensionDevelopmentPath: ROOT,
  extensionTestsPath: resolve(ROOT, 'out', 'test', 'integration', 'harness.js'),
  launchArgs: [resolve(ROOT, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
}).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`test-electron could not run the suite: ${String(e)}`);
    process.exit(1);
  },
);
