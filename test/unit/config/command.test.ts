// Command templates: tokenised before substitution so a param value is always exactly one
// argument; in shell mode values are quoted so the shell never interprets them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ExperimentConfig } from '../../../src/core/config/types';
import { expandCommand, shellQuote, tokenizeCommand } from '../../../src/core/config/command';

function experiment(command: string | string[], params: ExperimentConfig['params'], shell = false): ExperimentConfig {
  return { name: 'e', command, shell, params, datasets: [], outputs: [], env: {}, metrics: { goal: 'min', patterns: [] } };
}

const NASTY = [`a b`, `'; touch PWNED; '`, `$(touch PWNED)`, '`touch PWNED`', `"quoted"`, `back\\slash`, `${'${x}'}`, '', 'new\nline', '*'];

describe('command tokenising', () => {
  it('splits like a POSIX shell without expanding anything', () => {
    assert.deepEqual(tokenizeCommand(`python  train.py --name 'a b' --x "c \\"d\\" \\$e" f\\ g '' "" *.csv $HOME`), [
      'python', 'train.py', '--name', 'a b', '--x', 'c "d" $e', 'f g', '', '', '*.csv', '$HOME',
    ]);
    assert.deepEqual(tokenizeCommand(`a'b'"c"d`), ['abcd']);
    assert.deepEqual(tokenizeCommand('  '), []);
    assert.throws(() => tokenizeCommand(`echo 'open`), /unterminated ' quote at column 6/);
    assert.throws(() => tokenizeCommand(`echo "open`), /unterminated " quote/);
  });
});

describe('expandCommand', () => {
  it('substitutes params inside tokens: a value never splits or joins arguments', () => {
    const exp = experiment('python train.py --lr ${lr} --name "${name}" --tag=${tag} --flag ${flag}', { lr: 0.01, name: 'x', tag: 't', flag: true });
    for (const value of NASTY) {
      const { argv, shell } = expandCommand(exp, { name: value, tag: value });
      assert.equal(shell, false);
      assert.deepEqual(argv, ['python', 'train.py', '--lr', '0.01', '--name', value, `--tag=${value}`, '--flag', 'true']);
    }
  });

  it('uses defaults, formats null as empty, and unescapes $${', () => {
    const exp = experiment(['run', '${a}', '${ b }', '$${a}', 'x${a}y'], { a: 1, b: null });
    assert.deepEqual(expandCommand(exp, {}).argv, ['run', '1', '', '${a}', 'x1y']);
  });

  it('throws on an unknown placeholder, listing the params', () => {
    const exp = experiment('python t.py ${lr} ${oops}', { lr: 1 });
    assert.throws(() => expandCommand(exp, {}), /unknown param \$\{oops\} in the command; params: lr/);
  });

  it('in shell mode quotes every value so the shell sees it as data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-shell-'));
    try {
      const exp = experiment('printf "%s|" ${v} && printf "%s|" ${w}', { v: '', w: 'plain' }, true);
      for (const value of NASTY) {
        const { argv, shell } = expandCommand(exp, { v: value });
        assert.equal(shell, true);
        assert.equal(argv.length, 1);
        const r = spawnSync('/bin/sh', ['-c', argv[0] ?? ''], { cwd: dir, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `${value}|plain|`);
        assert.equal(existsSync(join(dir, 'PWNED')), false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shellQuote escapes single quotes', () => {
    assert.equal(shellQuote(`it's`), `'it'\\''s'`);
  });
});
