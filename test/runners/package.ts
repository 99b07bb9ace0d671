// Packages the extension as a .vsix with vsce (which runs the production build through
// `vscode:prepublish`), for the e2e tests and the demo: both test what a user installs.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Builds out/runlens.vsix and returns its path. */
export function packageVsix(): string {
  const out = join(ROOT, 'out', 'runlens.vsix');
  const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}
