// runlens.yaml loading: valid configs become ExperimentConfigs with defaults; YAML, schema and
// semantic problems come back with exact positions and messages that say what is allowed.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, loadConfig, parseConfig } from '../../../src/core/config/config';
import { type ConfigProblem } from '../../../src/core/config/types';

/** Problems as `line:col-endLine:endCol severity message` for compact assertions. */
function brief(problems: ConfigProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity} ${p.message}`);
}

describe('runlens.yaml parsing', () => {
  it('builds experiments with defaults filled in', () => {
    const c = parseConfig(
      [
        'version: 1',
        'experiments:',
        '  train:',
        '    command: python train.py --lr ${lr}',
        '    params: { lr: 0.01, layers: 2, name: "a b", flag: true, nothing: null }',
        '    datasets: [data/*.csv, { path: big/, cache: true }]',
        '    outputs: [outputs/]',
        '    env: { OMP_NUM_THREADS: 4 }',
        '    sweep: { lr: [0.1, 0.01] }',
        '    metrics: { primary: val_loss }',
        '  bare:',
        '    command: [echo, hi]',
      ].join('\n'),
      'runlens.yaml',
    );
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.experiments.get('train'), {
      name: 'train',
      command: 'python train.py --lr ${lr}',
      shell: false,
      params: { lr: 0.01, layers: 2, name: 'a b', flag: true, nothing: null },
      datasets: [{ path: 'data/*.csv', cache: false }, { path: 'big/', cache: true }],
      outputs: ['outputs/'],
      env: { OMP_NUM_THREADS: '4' },
      sweep: { lr: [0.1, 0.01] },
      metrics: { primary: 'val_loss', goal: 'min', patterns: [] },
    });
    assert.deepEqual(c.experiments.get('bare'), {
      name: 'bare', command: ['echo', 'hi'], shell: false, params: {}, datasets: [], outputs: [], env: {},
      metrics: { goal: 'min', patterns: [] },
    });
  });

  it('reports schema errors at the offending node, saying what is allowed', () => {
    const c = parseConfig(
      [
        'experiments:',
        '  train:',
        '    command: python t.py',
        '    metrics:',
        '      goal: minimise',
        '    comand: x',
        '    shell: "yes"',
        '  "bad name":',
        '    params: [1]',
        'extra: 1',
      ].join('\n'),
      'cfg.yaml',
    );
    assert.deepEqual(brief(c.problems), [
      '5:13-5:21 error goal must be one of: min, max (got "minimise")',
      '6:5-6:11 error unknown key "comand" in experiment "train"; allowed: command, shell, cwd, executor, params, sweep, datasets, outputs, env, reproduce, metrics',
      '7:12-7:17 error shell must be true or false (got the string "yes")',
      '8:3-8:13 error invalid experiment name "bad name": use letters, digits, "_", "." and "-", starting with a letter or digit',
      '8:3-8:13 error experiment "bad name" is missing the required key "command"',
      '9:13-9:16 error params must be a mapping (got a list)',
      '10:1-10:6 error unknown key "extra" at the top level; allowed: version, experiments, snapshot, systemMetrics, monitor, profile, remote, dataCache',
    ]);
    assert.equal(c.experiments.size, 0);
  });

  it('reads the snapshot limits as bytes, and reports a size it cannot read', () => {
    const ok = parseConfig('version: 1\nsnapshot:\n  maxFileSize: 1K\n  maxTotalSize: "1.5M"\nexperiments: {}\n', 'runlens.yaml');
    assert.deepEqual(brief(ok.problems), []);
    assert.deepEqual(ok.snapshot, { maxFileBytes: 1024, maxTotalBytes: 1.5 * 1024 * 1024 });
    assert.deepEqual(parseConfig('version: 1\nsnapshot: { maxFileSize: 2048 }\nexperiments: {}\n', 'runlens.yaml').snapshot, { maxFileBytes: 2048 });
    assert.equal(parseConfig('version: 1\nexperiments: {}\n', 'runlens.yaml').snapshot, undefined);
    const bad = parseConfig('version: 1\nsnapshot:\n  maxFileSize: lots\nexperiments: {}\n', 'runlens.yaml');
    assert.equal(bad.snapshot, undefined, 'an unreadable limit is not half applied');
    assert.deepEqual(brief(bad.problems), ['3:16-3:20 error maxFileSize must be a size: a number of bytes, or a number with K, M, G or T (e.g. 500K, 5M, 1.5G) (got the string "lots")']);
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    const syntax = parseConfig('experiments:\n  a: [1, 2\n', 'f.yaml');
    assert.equal(syntax.problems[0]?.severity, 'error');
    assert.match(syntax.problems[0]?.message ?? '', /Flow sequence/);
    assert.ok((syntax.problems[0]?.line ?? 0) >= 2, 'at or after the unclosed [');
    const dup = parseConfig('experiments:\n  a: {command: x}\n  a: {command: y}\n', 'f.yaml');
    assert.deepEqual(brief(dup.problems), ['3:3-3:4 error Map keys must be unique']);
    assert.deepEqual(brief(parseConfig('', 'f.yaml').problems), ['1:1-1:2 error the file is empty; it needs an "experiments:" mapping']);
    assert.deepEqual(brief(parseConfig('- 1\n', 'f.yaml').problems), ['1:1-2:1 error the file must be a mapping (got a list)']);
  });

  it('puts an unclosed quote or bracket at the character that opened it, not at the end of the file', () => {
    const quote = parseConfig('experiments:\n  train:\n    command: "python train.py\n    params:\n      lr: 0.1\n', 'f.yaml');
    assert.deepEqual(brief(quote.problems), ['3:14-3:30 error Missing closing "quote']);
    const single = parseConfig("a: 'x'\nb: 'it''s\r\nc: 1\n", 'f.yaml');
    assert.deepEqual(brief(single.problems), ["2:4-2:10 error Missing closing 'quote"]);
    // A quote left open inside a flow list: both the quote and the list point at the first cause.
    const inList = parseConfig("experiments:\n  a:\n    command: ['python t.py, x]\n", 'f.yaml');
    assert.deepEqual(brief(inList.problems).map((p) => p.split(' ')[0]), ['3:15-3:31', '3:15-3:31']);
    const list = parseConfig('experiments:\n  a: [1, 2\n  b: 3\n', 'f.yaml');
    assert.deepEqual(brief(list.problems).map((p) => p.split(' ')[0]), ['2:6-2:11']);
    const map = parseConfig('experiments:\n  a: {x: 1, y: 2\n  b: 3\n', 'f.yaml');
    assert.deepEqual(brief(map.problems).map((p) => p.split(' ')[0]), ['2:6-2:17']);
  });

  it('puts an indentation error on the misaligned key, not on column 1', () => {
    const c = parseConfig('experiments:\n  train:\n    command: python t.py\n   params:\n      lr: 0.1\n', 'f.yaml');
    assert.deepEqual(brief(c.problems), ['4:4-4:10 error All mapping items must start at the same column']);
    // A tab is itself the problem: it stays underlined.
    assert.deepEqual(brief(parseConfig('a:\n  b: 1\n\tc: 2\n', 'f.yaml').problems).map((p) => p.split(' ')[0]), ['3:1-3:2']);
  });

  it('checks params used by the command, sweeps and patterns (semantic errors)', () => {
    const c = parseConfig(
      [
        'experiments:',
        '  a:',
        '    command: python t.py --lr ${lr} --seed ${seed} --x $${literal}',
        '    params: { lr: 0.1 }',
        '    sweep: { lr: [1, "x"], batch: [1] }',
        '    metrics:',
        '      primary: acc',
        '      patterns:',
        '        - regex: "loss=(?<loss>[0-9.]+"',
        '        - regex: "no groups here"',
        '        - { regex: "(?<step>\\\\d+) (?<loss>\\\\S+)", keys: [loss] }',
        '        - {}',
        '        - regex: "epoch (?<step>\\\\d+) loss=(?<loss>\\\\S+)"',
      ].join('\n'),
      'r.yaml',
    );
    assert.deepEqual(brief(c.problems), [
      '3:44-3:51 error ${seed} is not a declared param; declare it under params (declared: lr)',
      '5:22-5:25 warning sweep value "x" is a string but param "lr" defaults to a number',
      '5:28-5:33 error sweep over "batch", which is not a declared param (declared: lr)',
      '7:16-7:19 warning primary metric "acc" is captured by no pattern (they capture: loss); it must come from the client or @runlens lines',
      '9:18-9:40 error invalid regular expression: /loss=(?<loss>[0-9.]+/u: Unterminated group',
      '10:18-10:34 error the regex has no named group for a metric; name one like (?<loss>[\\d.]+)',
      '11:57-11:63 error "keys" only applies to keyvalue patterns; name the metrics as groups instead',
      '12:11-12:13 error a pattern needs exactly one of "regex" (named groups are metrics) or "keyvalue" (name=value pairs)',
    ]);
    assert.equal(c.experiments.size, 0);
  });

  it('keeps experiments that have only warnings, drops those with errors', () => {
    const c = parseConfig(
      'experiments:\n  ok:\n    command: x ${a}\n    params: {a: 1}\n    sweep: {a: ["s"]}\n  broken:\n    command: y ${b}\n',
      'r.yaml',
    );
    assert.deepEqual([...c.experiments.keys()], ['ok']);
    assert.deepEqual(c.problems.map((p) => p.severity), ['warning', 'error']);
  });

  it('never throws on mangled input', () => {
    const base = 'version: 1\nexperiments:\n  t:\n    command: "python x.py ${lr}"\n    params: {lr: 1}\n    sweep: {lr: [1, 2]}\n    datasets: [a, {path: b}]\n    metrics: {primary: loss, goal: max, patterns: [{regex: "l=(?<loss>\\\\d)"}, {keyvalue: "^x", keys: [a]}]}\n';
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 1000; i++) {
      let text = base;
      for (let k = 0; k < 1 + rnd(4); k++) {
        const at = rnd(text.length);
        text = rnd(2) ? text.slice(0, at) + text.slice(at + 1 + rnd(8)) : text.slice(0, at) + '{}[]:,- "\'\n#&*!|>'[rnd(17)] + text.slice(at);
      }
      const c = parseConfig(text, 'm.yaml');
      for (const p of c.problems) assert.ok(p.line >= 1 && p.column >= 1 && p.message.length > 0, JSON.stringify(p));
    }
  });

  it('formats problems as file:line:col: severity: message', () => {
    const [p] = parseConfig('experiments:\n  a:\n    command: x\n    metrics: {goal: up}\n', 'dir/runlens.yaml').problems;
    assert.ok(p);
    assert.equal(formatProblem(p), 'dir/runlens.yaml:4:21: error: goal must be one of: min, max (got "up")');
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns undefined without a config, and reads runlens.yaml before runlens.yml', async () => {
    assert.equal(await loadConfig(dir), undefined);
    writeFileSync(join(dir, 'runlens.yml'), 'experiments:\n  yml: {command: x}\n');
    assert.deepEqual([...((await loadConfig(dir))?.experiments.keys() ?? [])], ['yml']);
    writeFileSync(join(dir, 'runlens.yaml'), 'experiments:\n  yaml: {command: x}\n');
    const c = await loadConfig(dir);
    assert.equal(c?.file, join(dir, 'runlens.yaml'));
    assert.deepEqual([...(c?.experiments.keys() ?? [])], ['yaml']);
  });
});
