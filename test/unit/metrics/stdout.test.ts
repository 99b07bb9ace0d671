// The stdout metric parser: `@runlens` record lines and regex patterns found in raw output
// chunks, whatever the chunking, line endings, encoding or length of the lines around them.
import * as assert from 'node:assert/strict';
import { createStdoutParser } from '../../../src/core/metrics/stdout';
import { type MetricPattern } from '../../../src/core/metrics/patterns';
import { type MetricRecord } from '../../../src/core/metrics/record';

const clock = (): number => 1_000;

/** Records as plain objects (the parser builds prototype-less value maps) for deepEqual. */
function plain(records: MetricRecord[]): MetricRecord[] {
  return records.map((r) => ({ ...r, values: { ...r.values } }));
}

function parseAll(chunks: (string | Buffer)[], patterns: MetricPattern[] = []): { records: MetricRecord[]; bad: number } {
  const p = createStdoutParser(patterns, clock);
  const records: MetricRecord[] = [];
  for (const c of chunks) records.push(...p.push(typeof c === 'string' ? Buffer.from(c) : c));
  records.push(...p.flush());
  return { records: plain(records), bad: p.badLines };
}

describe('stdout metric parser', () => {
  it('reads @runlens lines and ignores everything else', () => {
    const { records, bad } = parseAll([
      'hello\n@runlens {"step":3,"metrics":{"loss":0.2}}\n',
      'x @runlens {"step":4,"metrics":{"loss":0.1}}\n@runlensX {}\n',
      '@runlens\t{"t":12.5,"metrics":{"acc":1}}\n',
    ]);
    assert.deepEqual(records, [
      { time: 1_000, step: 3, values: { loss: 0.2 } },
      { time: 12_500, step: null, values: { acc: 1 } },
    ]);
    assert.equal(bad, 0);
  });

  it('counts malformed record lines as bad, with the reason', () => {
    const p = createStdoutParser([], clock);
    assert.deepEqual(p.push(Buffer.from('@runlens {"metrics":\n@runlens {"step":1}\n@runlens {"metrics":{"a":"x"}}\n')), []);
    assert.equal(p.badLines, 3);
    assert.match(p.lastError ?? '', /metric "a" is not a number/);
  });

  it('keeps NaN and infinities, quoted or bare', () => {
    const { records } = parseAll(['@runlens {"metrics":{"a":NaN,"b":"Infinity","c":-Infinity,"d":"-Infinity"}}\n']);
    const v = records[0]?.values ?? {};
    assert.ok(Number.isNaN(v.a));
    assert.equal(v.b, Infinity);
    assert.equal(v.c, -Infinity);
    assert.equal(v.d, -Infinity);
  });

  it('joins lines split across chunks, even inside a UTF-8 character', () => {
    const line = Buffer.from('@runlens {"step":1,"metrics":{"lösß→€":0.5}}\n');
    for (let cut = 1; cut < line.length; cut++) {
      const { records, bad } = parseAll([line.subarray(0, cut), line.subarray(cut)]);
      assert.deepEqual(records, [{ time: 1_000, step: 1, values: { 'lösß→€': 0.5 } }], `cut at ${cut}`);
      assert.equal(bad, 0);
    }
    const byteByByte = [...line].map((b) => Buffer.from([b]));
    assert.equal(parseAll(byteByByte).records.length, 1);
  });

  it('accepts CRLF, lone CR (progress bars) and a last line without terminator', () => {
    const { records } = parseAll([
      ' 10%|#   |\r 50%|#####  |\r@runlens {"step":1,"metrics":{"a":1}}\r\n',
      '@runlens {"step":2,"metrics":{"a":2}}\r',
      '@runlens {"step":3,"metrics":{"a":3}}',
    ]);
    assert.deepEqual(records.map((r) => r.step), [1, 2, 3]);
  });

  it('skips over-long lines without buffering them, counting only over-long record lines', () => {
    const p = createStdoutParser([], clock, { maxLineBytes: 1024 });
    const big = Buffer.alloc(64 * 1024, 0x61);
    p.push(Buffer.from('@runlens {"metrics":{"a":"'));
    for (let i = 0; i < 50; i++) p.push(big); // 3 MB of one line
    assert.deepEqual(plain(p.push(Buffer.from('"}}\n@runlens {"metrics":{"b":2}}\n'))).map((r) => r.values), [{ b: 2 }]);
    assert.equal(p.badLines, 1);
    p.push(big);
    p.push(Buffer.from('\n'));
    assert.equal(p.badLines, 1, 'a long ordinary line is not a bad metric line');
    assert.deepEqual(plain(p.push(Buffer.from('@runlens {"metrics":{"c":3}}\n'))).map((r) => r.values), [{ c: 3 }]);
  });

  it('survives bytes that are not UTF-8', () => {
    const junk = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x80, 0x0a]);
    const { records, bad } = parseAll([junk, '@runlens {"metrics":{"a":1}}\n', Buffer.from([0x40, 0xff, 0x0a])]);
    assert.equal(records.length, 1);
    assert.equal(bad, 0);
    const r = parseAll([Buffer.concat([Buffer.from('@runlens {"metrics":{"a'), Buffer.from([0xff]), Buffer.from('":1}}\n')])]);
    assert.deepEqual(r.records.map((x) => Object.keys(x.values)), [['a\ufffd']]);
  });
});

describe('stdout regex patterns', () => {
  const epoch: MetricPattern = { regex: 'epoch (?<step>\\d+) loss=(?<loss>\\S+) acc=(?<acc>[\\d.]+)' };

  it('turns named groups into metrics and the step group into the step', () => {
    const { records, bad } = parseAll(['epoch 3 loss=0.21 acc=0.93\nepoch 4 loss=nan acc=0.95\nnothing here\n'], [epoch]);
    assert.deepEqual(records[0], { time: 1_000, step: 3, values: { loss: 0.21, acc: 0.93 } });
    assert.ok(Number.isNaN(records[1]?.values.loss));
    assert.equal(bad, 0);
  });

  it('counts a matching line whose value is not a number as bad', () => {
    const p = createStdoutParser([epoch], clock);
    assert.deepEqual(p.push(Buffer.from('epoch 3 loss=oops acc=0.93\n')), []);
    assert.equal(p.badLines, 1);
    assert.match(p.lastError ?? '', /"loss" is not a number/);
  });

  it('matches through ANSI colours and accepts Python (?P<name>) groups', () => {
    const { records } = parseAll(['\x1b[32mepoch\x1b[0m 7 val_loss=\x1b[1m0.5\x1b[0m\n'], [{ regex: 'epoch (?P<step>\\d+) val_loss=(?P<val_loss>\\S+)' }]);
    assert.deepEqual(records, [{ time: 1_000, step: 7, values: { val_loss: 0.5 } }]);
  });

  it('keyvalue patterns take every name=number pair after the match', () => {
    const kv: MetricPattern = { keyvalue: '^\\[train\\]', step: 'iter', keys: ['loss', 'lr'] };
    const { records } = parseAll(['[train] iter=10 loss=1.5e-2 lr: 0.001 name=abc other=3\n[eval] loss=9\n'], [kv]);
    assert.deepEqual(records, [{ time: 1_000, step: 10, values: { loss: 0.015, lr: 0.001 } }]);
  });

  it('the first matching pattern owns a line', () => {
    const { records } = parseAll(['loss=1 acc=2\n'], [{ regex: 'loss=(?<loss>\\d+)' }, { regex: 'acc=(?<acc>\\d+)' }]);
    assert.deepEqual(records.map((r) => r.values), [{ loss: 1 }]);
  });
});
