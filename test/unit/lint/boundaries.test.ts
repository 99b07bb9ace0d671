// Proves the layer rules of eslint.config.mjs bite: code that imports across a forbidden boundary
// fails lint, and the allowed imports pass. Lints in-memory sources at paths inside each layer.
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  assert.ok(result, 'eslint returned a result');
  // A parse failure would hide the rule under test, so it fails the test instead of counting.
  assert.deepEqual(result.messages.filter((m) => m.fatal).map((m) => m.message), []);
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('lint: layer boundaries', function () {
  this.timeout(60_000);

  it('rejects `import * as vscode from "vscode"` in src/core', async () => {
    const errors = await importErrors('src/core/lintFixture.ts', "import * as vscode from 'vscode';\nexport const x = vscode.version;\n");
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0] ?? '', /Only src\/extension may import vscode/);
  });

  it('rejects vscode in src/cli and src/server too', async () => {
    for (const dir of ['src/cli', 'src/server']) {
      const errors = await importErrors(`${dir}/lintFixture.ts`, "import { window } from 'vscode';\nexport const w = window;\n");
      assert.equal(errors.length, 1, `${dir}: ${errors.join('\n')}`);
    }
  });

  it('rejects src/core importing the CLI', async () => {
    const errors = await importErrors('src/core/lintFixture.ts', "import * as cli from '../cli/main';\nexport const c = cli;\n");
    assert.equal(errors.length, 1, errors.join('\n'));
  });

  it('rejects src/core importing src/protocol or src/views', async () => {
    const protocol = await importErrors('src/core/lintFixture.ts', "import { type WireSeries } from '../protocol/compare';\nexport type W = WireSeries;\n");
    assert.equal(protocol.length, 1, protocol.join('\n'));
    assert.match(protocol[0] ?? '', /src\/core imports only src\/core/);
    const views = await importErrors('src/core/lintFixture.ts', "import { sparkline } from '../views/present/sparkline';\nexport const s = sparkline;\n");
    assert.equal(views.length, 1, views.join('\n'));
  });

  it('lets src/views import core and protocol, and nothing outer', async () => {
    const ok = await importErrors('src/views/lintFixture.ts',
      "import { type WireSeries } from '../protocol/compare';\nimport { STARTER_CONFIG } from '../core/starterConfig';\nexport const x: [string, WireSeries | undefined] = [STARTER_CONFIG, undefined];\n");
    assert.deepEqual(ok, []);
    for (const code of [
      "import * as vscode from 'vscode';\nexport const v = vscode.version;\n",
      "import { RunsView } from '../extension/runs/runsView';\nexport const r = RunsView;\n",
      "import * as cli from '../cli/main';\nexport const c = cli;\n",
    ]) {
      const errors = await importErrors('src/views/lintFixture.ts', code);
      assert.equal(errors.length, 1, `${code}: ${errors.join('\n')}`);
    }
  });

  it('rejects webview code importing anything of src/ but src/protocol', async () => {
    const bad = await importErrors('webview/compare/lintFixture.ts', "import { STARTER_CONFIG } from '../../src/core/starterConfig';\nexport const s = STARTER_CONFIG;\n");
    assert.equal(bad.length, 1, bad.join('\n'));
    const nodeImport = await importErrors('webview/compare/lintFixture.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    assert.equal(nodeImport.length, 1, nodeImport.join('\n'));
    const ok = await importErrors('webview/compare/lintFixture.ts', "import { type Host } from '../shared/host';\nimport type * as P from '../../src/protocol/compare';\nexport type H = Host<P.CompareFromWebview, null>;\n");
    assert.deepEqual(ok, []);
  });

  it('rejects node:* in src/protocol', async () => {
    const errors = await importErrors('src/protocol/lintFixture.ts', "import { EventEmitter } from 'node:events';\nexport const e = EventEmitter;\n");
    assert.equal(errors.length, 1, errors.join('\n'));
  });

  it('rejects console in src/server: over stdio its stdout is the protocol', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText("console.log('hello');\nexport const x = 1;\n", { filePath: resolve(ROOT, 'src/server/lintFixture.ts') });
    assert.deepEqual(result?.messages.map((m) => m.ruleId), ['no-console']);
  });

  it('allows src/extension to import vscode and core', async () => {
    const errors = await importErrors('src/extension/lintFixture.ts',
      "import * as vscode from 'vscode';\nimport { STARTER_CONFIG } from '../core/starterConfig';\nexport const x = [vscode.version, STARTER_CONFIG];\n");
    assert.deepEqual(errors, []);
  });
});
