// Screenshots land in the repository's test-results/screenshots wherever the workbench helper is
// bundled: the e2e suites (out/test/e2e), the benches (out/bench) and this test (out/test/unit/...).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SCREENSHOT_DIR } from '../../e2e/workbench';
import { repoRoot } from '../../runners/repoRoot';

describe('screenshot folder', () => {
  it('is the repository\'s test-results/screenshots, found from a bundle at any depth', () => {
    const root = repoRoot();
    assert.ok(existsSync(join(root, 'esbuild.mjs')));
    assert.equal(relative(root, SCREENSHOT_DIR), join('test-results', 'screenshots'));
    const fake = mkdtempSync(join(tmpdir(), 'runlens-root-'));
    try {
      for (const f of ['package.json', 'esbuild.mjs']) writeFileSync(join(fake, f), '');
      for (const bundle of [join('out', 'bench'), join('out', 'test', 'e2e'), join('out', 'test', 'unit', 'runners')]) {
        mkdirSync(join(fake, bundle), { recursive: true });
        assert.equal(repoRoot(join(fake, bundle)), fake, bundle);
      }
      assert.throws(() => repoRoot(tmpdir()), /repository root not found/);
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
