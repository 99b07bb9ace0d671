// The stat print of a monitor's files: it changes when a matching file comes, goes or is rewritten
// (even at the same size), stays the same otherwise, and ignores files the globs do not match.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorFilesPrint } from '../../../src/core/drift/monitorPrint';

describe('monitorFilesPrint', () => {
  let ws: string;
  const print = (): Promise<string> => monitorFilesPrint(ws, ['data/incoming/*.csv']);

  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'rl-mprint-'));
    mkdirSync(join(ws, 'data', 'incoming'), { recursive: true });
    writeFileSync(join(ws, 'data', 'incoming', 'day1.csv'), 'a\n1\n');
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('is stable while nothing changes, and ignores files the globs do not match', async () => {
    const first = await print();
    writeFileSync(join(ws, 'data', 'incoming', 'notes.txt'), 'not data');
    writeFileSync(join(ws, 'data', 'other.csv'), 'a\n2\n');
    assert.equal(await print(), first);
  });

  it('changes when a matching file arrives, is rewritten at the same size, or goes', async () => {
    const first = await print();
    writeFileSync(join(ws, 'data', 'incoming', 'day2.csv'), 'a\n3\n');
    const second = await print();
    assert.notEqual(second, first, 'a new file');
    const day2 = join(ws, 'data', 'incoming', 'day2.csv');
    writeFileSync(day2, 'a\n4\n');
    utimesSync(day2, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    const third = await print();
    assert.notEqual(third, second, 'an in-place rewrite of the same size');
    rmSync(day2);
    assert.equal(await print(), first, 'back to the first set of files');
  });

  it('prints a missing folder or an invalid spec stably instead of failing', async () => {
    rmSync(join(ws, 'data'), { recursive: true });
    const missing = await print();
    assert.equal(await print(), missing);
    const invalid = await monitorFilesPrint(ws, ['../outside/*.csv']);
    assert.match(invalid, /^error:/);
    mkdirSync(join(ws, 'data', 'incoming'), { recursive: true });
    writeFileSync(join(ws, 'data', 'incoming', 'day1.csv'), 'a\n1\n');
    assert.notEqual(await print(), missing, 'the folder came back');
  });
});
