// The `runlens` command in VS Code's integrated terminals: the extension writes a shim that runs
// the bundled CLI with the extension host's runtime and prepends its folder to the terminal PATH.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunlensApi } from '../../src/extension/extension';
import { activateRunlens } from './activate';

describe('runlens on the terminal PATH', () => {
  let api: RunlensApi;

  before(async () => {
    ({ api } = await activateRunlens());
  });

  it('writes a shim that runs the bundled CLI', async () => {
    const bin = await api.cliBin;
    assert.ok(bin, 'the shim folder was written');
    const out = execFileSync(join(bin, 'runlens'), ['--version'], { encoding: 'utf8' });
    assert.match(out.trim(), /^\d+\.\d+\.\d+$/);
    const help = execFileSync(join(bin, 'runlens'), ['--help'], { encoding: 'utf8' });
    assert.match(help, /runlens — track ML runs/);
  });

  it('prepends the shim folder to the PATH of integrated terminals', async () => {
    const bin = await api.cliBin;
    assert.ok(bin);
    const out = join(mkdtempSync(join(tmpdir(), 'rlpath-')), 'result.txt');
    // A terminal whose shell reports which `runlens` it finds; VS Code applies the extension's
    // environment collection to every terminal it starts.
    const terminal = vscode.window.createTerminal({
      name: 'runlens PATH check', shellPath: '/bin/sh',
      shellArgs: ['-c', `command -v runlens > "${out}.tmp"; runlens --version >> "${out}.tmp"; mv "${out}.tmp" "${out}"`],
    });
    try {
      const deadline = Date.now() + 20_000;
      while (!existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const [found, version] = readFileSync(out, 'utf8').trim().split('\n');
      assert.equal(found, join(bin, 'runlens'));
      assert.match(version ?? '', /^\d+\.\d+\.\d+$/);
    } finally {
      terminal.dispose();
    }
  });
});
