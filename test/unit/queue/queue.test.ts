// Queue semantics of sweeps: order, the concurrency limit, items cancelled while they wait, a
// stop request, and failures that do not stop the queue.
import * as assert from 'node:assert/strict';
import { runQueue } from '../../../src/core/queue/queue';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('runQueue', () => {
  it('starts items in order, never more than the concurrency limit at once', async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const result = await runQueue([1, 2, 3, 4, 5], {
      concurrency: 2,
      claim: () => Promise.resolve(true),
      run: async (n) => {
        started.push(n);
        active++;
        peak = Math.max(peak, active);
        await tick(10 + (n % 2) * 10);
        active--;
      },
    });
    assert.deepEqual(started, [1, 2, 3, 4, 5]);
    assert.equal(peak, 2);
    assert.deepEqual(result.ran, [1, 2, 3, 4, 5]);
    assert.deepEqual(result.skipped, []);
  });

  it('runs one at a time with concurrency 1 (and with nonsense limits)', async () => {
    for (const concurrency of [1, 0, -3, Number.NaN]) {
      let active = 0;
      let peak = 0;
      await runQueue(['a', 'b', 'c'], {
        concurrency,
        claim: () => Promise.resolve(true),
        run: async () => { active++; peak = Math.max(peak, active); await tick(); active--; },
      });
      assert.equal(peak, 1, `concurrency ${concurrency}`);
    }
  });

  it('re-checks each item just before it starts: one cancelled while waiting is skipped', async () => {
    const cancelled = new Set<string>();
    const ran: string[] = [];
    const result = await runQueue(['a', 'b', 'c'], {
      concurrency: 1,
      claim: (item) => Promise.resolve(!cancelled.has(item)),
      run: async (item) => {
        ran.push(item);
        // While "a" runs, the user cancels "b", which is still queued.
        if (item === 'a') cancelled.add('b');
        await tick();
      },
    });
    assert.deepEqual(ran, ['a', 'c']);
    assert.deepEqual(result.skipped, ['b']);
  });

  it('stops starting items once stopped, and reports those never reached', async () => {
    let stop = false;
    const result = await runQueue([1, 2, 3, 4], {
      concurrency: 1,
      stopped: () => stop,
      claim: () => Promise.resolve(true),
      run: async (n) => { if (n === 2) stop = true; await tick(); },
    });
    assert.deepEqual(result.ran, [1, 2]);
    assert.deepEqual(result.notStarted, [3, 4]);
  });

  it('goes on after a failing item or a failing claim, recording both', async () => {
    const events: string[] = [];
    const result = await runQueue([1, 2, 3], {
      concurrency: 1,
      claim: (n) => (n === 2 ? Promise.reject(new Error('unreadable')) : Promise.resolve(true)),
      run: (n) => (n === 1 ? Promise.reject(new Error('boom')) : Promise.resolve()),
      onEvent: (e) => events.push(`${e.kind}:${e.item}${e.kind === 'done' && e.error ? '!' : ''}`),
    });
    assert.deepEqual(result.ran, [1, 3]);
    assert.deepEqual(result.skipped, [2]);
    assert.deepEqual(result.errors.map((e) => [e.item, (e.error as Error).message]), [[1, 'boom'], [2, 'unreadable']]);
    assert.deepEqual(events, ['start:1', 'done:1!', 'skip:2', 'start:3', 'done:3']);
  });

  it('finishes at once on an empty queue', async () => {
    const result = await runQueue([], { concurrency: 3, claim: () => Promise.resolve(true), run: () => Promise.resolve() });
    assert.deepEqual(result, { ran: [], skipped: [], notStarted: [], errors: [] });
  });
});
