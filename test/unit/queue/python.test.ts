// Which interpreter a run uses: a leading bare python/python3 is replaced, anything else is not.
import * as assert from 'node:assert/strict';
import { isBarePython, withPython } from '../../../src/core/runner/python';

describe('withPython', () => {
  it('replaces a leading bare python or python3 in an argv', () => {
    assert.deepEqual(withPython(['python', 'train.py'], false, '/venv/bin/python'), ['/venv/bin/python', 'train.py']);
    assert.deepEqual(withPython(['python3', '-m', 'x'], false, '/opt/py 3/python'), ['/opt/py 3/python', '-m', 'x']);
  });

  it('leaves other commands, paths and versioned names alone', () => {
    for (const first of ['./python', '/usr/bin/python3', 'python3.11', 'pythonw', 'bash', 'PYTHON']) {
      assert.deepEqual(withPython([first, 'a.py'], false, '/venv/bin/python'), [first, 'a.py'], first);
    }
    assert.deepEqual(withPython(['echo', 'python'], false, '/p'), ['echo', 'python']);
  });

  it('changes nothing without an interpreter or a command', () => {
    assert.deepEqual(withPython(['python', 'a.py'], false, undefined), ['python', 'a.py']);
    assert.deepEqual(withPython(['python', 'a.py'], false, ''), ['python', 'a.py']);
    assert.deepEqual(withPython([], false, '/p'), []);
  });

  it('replaces the first word of a shell command line, quoted', () => {
    assert.deepEqual(withPython(['python3 train.py | tee log'], true, "/it's/python"), [`'/it'\\''s/python' train.py | tee log`]);
    assert.deepEqual(withPython(['  python a.py'], true, '/p'), ["  '/p' a.py"]);
    assert.deepEqual(withPython(['cd x && python a.py'], true, '/p'), ['cd x && python a.py']);
    assert.deepEqual(withPython(['python3.11 a.py'], true, '/p'), ['python3.11 a.py']);
  });

  it('knows bare names', () => {
    assert.ok(isBarePython('python') && isBarePython('python3'));
    assert.ok(!isBarePython('python2') && !isBarePython('/usr/bin/python'));
  });
});
