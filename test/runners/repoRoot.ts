// The repository's root for runners, e2e helpers and benches: found upwards from the bundle that
// runs (out/test/..., out/bench/...), so a path built on it does not depend on where esbuild put it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json and esbuild.mjs above `from` (default: this bundle's folder). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repository root not found above ${from}`);
    dir = parent;
  }
  return dir;
}
