// The redraw pacer of the Runs view: batching, the longer gap between redraws of one row, a row's
// first redraw after the short gap only, and a whole-view redraw that does not wait behind pending
// rows. Timers never fire early, so "not yet" checks are safe; "by now" checks leave seconds of slack.
import * as assert from 'node:assert/strict';
import { RedrawPacer } from '../../../../src/views/present/redrawPacer';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

describe('RedrawPacer', () => {
  let fired: (string | undefined)[][];
  let pacer: RedrawPacer<string>;
  const make = (all: number, rows: number): RedrawPacer<string> => {
    fired = [];
    let batch: (string | undefined)[] | undefined;
    // Fires of one flush arrive synchronously together: group them into one batch.
    return new RedrawPacer<string>((n) => {
      if (!batch) { batch = []; fired.push(batch); queueMicrotask(() => { batch = undefined; }); }
      batch.push(n);
    }, { all, rows });
  };
  afterEach(() => pacer.dispose());

  it('fires the rows changed together once each, in one batch', async () => {
    pacer = make(10, 10);
    for (const n of ['a', 'b', 'a', 'c']) pacer.schedule(n);
    await until(() => fired.length > 0);
    await sleep(50);
    assert.deepEqual(fired, [['a', 'b', 'c']]);
  });

  it('replaces pending rows with one whole-view redraw', async () => {
    pacer = make(10, 10);
    pacer.schedule('a');
    pacer.schedule(undefined);
    pacer.schedule('b');
    await until(() => fired.length > 0);
    await sleep(50);
    assert.deepEqual(fired, [[undefined]]);
  });

  it('keeps redraws of the same row apart by the rows gap', async () => {
    pacer = make(10, 400);
    pacer.schedule('a');
    await until(() => fired.length === 1);
    pacer.schedule('a');
    await sleep(150);
    assert.equal(fired.length, 1, 'a row changed right after its redraw waits for the rows gap');
    await until(() => fired.length === 2);
    assert.deepEqual(fired[1], ['a']);
  });

  it('draws a row not redrawn lately (a run\'s first value) after the short gap only', async () => {
    pacer = make(10, 60_000);
    pacer.schedule('a');
    await until(() => fired.length === 1);
    pacer.schedule('b');
    pacer.schedule('a');
    await until(() => fired.length === 2, 5000);
    await sleep(50);
    assert.deepEqual(fired.slice(1), [['b']], 'b at once, a still waiting for its rows gap');
  });

  it('does not make a whole-view redraw wait behind pending rows', async () => {
    pacer = make(10, 60_000);
    pacer.schedule('a');
    await until(() => fired.length === 1);
    pacer.schedule('b');
    pacer.schedule(undefined);
    await until(() => fired.length === 2, 5000);
    assert.deepEqual(fired[1], [undefined]);
  });

  it('fires nothing after dispose', async () => {
    pacer = make(10, 10);
    pacer.schedule('a');
    pacer.dispose();
    await sleep(60);
    assert.deepEqual(fired, []);
  });
});
