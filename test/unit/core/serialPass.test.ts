// SerialPass: one pass at a time, and a caller asking during a pass waits for one that saw its change.
import * as assert from 'node:assert/strict';
import { SerialPass } from '../../../src/core/serialPass';

/** A pass that records the state it read when it began, and ends when the test releases it. */
function gatedPass(state: { value: number; seen: number[]; concurrent: number; maxConcurrent: number }): { pass: () => Promise<void>; release: () => void } {
  const gates: (() => void)[] = [];
  return {
    pass: async () => {
      state.concurrent++;
      state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
      state.seen.push(state.value);
      await new Promise<void>((r) => gates.push(r));
      state.concurrent--;
    },
    release: () => gates.shift()?.(),
  };
}

/** Lets queued promise callbacks run. */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SerialPass', () => {
  it('makes a caller that asks during a pass wait for a pass that began after its change', async () => {
    const state = { value: 0, seen: [] as number[], concurrent: 0, maxConcurrent: 0 };
    const { pass, release } = gatedPass(state);
    const p = new SerialPass(pass);
    let firstDone = false;
    let secondDone = false;
    void p.run().then(() => { firstDone = true; });
    await settle();
    state.value = 1; // a change made while the first pass runs (it read 0)
    void p.run().then(() => { secondDone = true; });
    release();
    await settle();
    assert.equal(firstDone, true);
    assert.equal(secondDone, false, 'the first pass read the state before the change: not an answer for it');
    release();
    await settle();
    assert.equal(secondDone, true);
    assert.deepEqual(state.seen, [0, 1]);
    assert.equal(state.maxConcurrent, 1);
  });

  it('folds every call made during a pass into one more pass', async () => {
    const state = { value: 0, seen: [] as number[], concurrent: 0, maxConcurrent: 0 };
    const { pass, release } = gatedPass(state);
    const p = new SerialPass(pass);
    void p.run();
    await settle();
    const waits = [p.run(), p.run(), p.run()];
    release();
    await settle();
    release();
    await Promise.all(waits);
    assert.equal(state.seen.length, 2);
  });

  it('hands each caller the value of the pass that answered it', async () => {
    let value = 0;
    const gates: (() => void)[] = [];
    const p = new SerialPass(async () => {
      const seen = value;
      await new Promise<void>((r) => gates.push(r));
      return seen;
    });
    const first = p.run();
    await settle();
    value = 1;
    const second = p.run();
    gates.shift()?.();
    assert.equal(await first, 0);
    await settle();
    gates.shift()?.();
    assert.equal(await second, 1);
  });

  it('runs the queued pass even when the running one fails, and reports the failure to its callers only', async () => {
    let calls = 0;
    let failFirst: (e: Error) => void = () => undefined;
    const p = new SerialPass(() => {
      calls++;
      return calls === 1 ? new Promise<void>((_, fail) => { failFirst = fail; }) : Promise.resolve();
    });
    const first = p.run();
    const second = p.run();
    failFirst(new Error('disk gone'));
    await assert.rejects(first, /disk gone/);
    await second;
    assert.equal(calls, 2);
  });
});
