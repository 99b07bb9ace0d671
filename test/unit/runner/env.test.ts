// The child's environment: RUNLENS_* variables, the client prepended to PYTHONPATH, the config's
// env winning over the caller's, and terminal hints that never override the user's own settings.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChildEnv, findPythonClient } from '../../../src/core/runner/env';

const base = { runId: 'r1', runDir: '/runs/r1', params: { lr: 0.1, name: 'x' }, configEnv: {}, pythonClient: '/client' };

describe('buildChildEnv', () => {
  it('sets the run variables and prepends the client to PYTHONPATH', () => {
    const env = buildChildEnv({ ...base, base: { PATH: '/bin', PYTHONPATH: '/mine' }, terminal: false });
    assert.equal(env.RUNLENS_RUN_ID, 'r1');
    assert.equal(env.RUNLENS_RUN_DIR, '/runs/r1');
    assert.deepEqual(JSON.parse(env.RUNLENS_PARAMS ?? ''), { lr: 0.1, name: 'x' });
    assert.equal(env.PYTHONPATH, '/client:/mine');
    assert.equal(env.PATH, '/bin');
    assert.equal(env.FORCE_COLOR, undefined, 'no terminal, no colour hint');
    assert.equal(env.PYTHONUNBUFFERED, undefined);
  });

  it('on a terminal hints colour and unbuffered output, unless the user decided otherwise', () => {
    const tty = buildChildEnv({ ...base, base: {}, terminal: true });
    assert.equal(tty.FORCE_COLOR, '1');
    assert.equal(tty.PYTHONUNBUFFERED, '1');
    const noColor = buildChildEnv({ ...base, base: { NO_COLOR: '1', PYTHONUNBUFFERED: '' }, terminal: true });
    assert.equal(noColor.FORCE_COLOR, undefined);
    assert.equal(noColor.PYTHONUNBUFFERED, '');
    const own = buildChildEnv({ ...base, base: { FORCE_COLOR: '0' }, terminal: true });
    assert.equal(own.FORCE_COLOR, '0');
  });

  it("lets the experiment's env override the caller's, but not the run variables", () => {
    const env = buildChildEnv({ ...base, base: { SEED: '1' }, configEnv: { SEED: '2', RUNLENS_RUN_ID: 'fake' }, terminal: false });
    assert.equal(env.SEED, '2');
    assert.equal(env.RUNLENS_RUN_ID, 'r1');
  });
});

describe('findPythonClient', () => {
  it('prefers RUNLENS_PYTHON_CLIENT, else finds src/python above the bundle', () => {
    assert.equal(findPythonClient({ RUNLENS_PYTHON_CLIENT: '/opt/client' }), '/opt/client');
    const dir = mkdtempSync(join(tmpdir(), 'runlens-env-'));
    try {
      mkdirSync(join(dir, 'src', 'python', 'runlens'), { recursive: true });
      mkdirSync(join(dir, 'dist'));
      assert.equal(findPythonClient({}, join(dir, 'dist')), join(dir, 'src', 'python'));
      assert.equal(findPythonClient({}, tmpdir()), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
