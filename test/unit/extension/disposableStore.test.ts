// The extension's DisposableStore: newest first, once, late additions disposed at once, and one
// throwing disposable does not keep the others alive.
import * as assert from 'node:assert/strict';
import { DisposableStore } from '../../../src/extension/disposableStore';

function tracked(log: string[], name: string, fail = false): { dispose(): void } {
  return {
    dispose() {
      log.push(name);
      if (fail) throw new Error(`${name} failed`);
    },
  };
}

describe('DisposableStore', () => {
  it('disposes what it holds once, newest first, and returns what is added', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const a = tracked(log, 'a');
    assert.equal(store.add(a), a);
    store.addAll(tracked(log, 'b'), tracked(log, 'c'));
    store.dispose();
    store.dispose();
    assert.deepEqual(log, ['c', 'b', 'a']);
    assert.equal(store.isDisposed, true);
  });

  it('disposes a disposable added after the store was disposed at once', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.dispose();
    store.add(tracked(log, 'late'));
    assert.deepEqual(log, ['late']);
  });

  it('clear() disposes the current ones and keeps the store usable', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(tracked(log, 'first'));
    store.clear();
    store.add(tracked(log, 'second'));
    assert.deepEqual(log, ['first']);
    store.dispose();
    assert.deepEqual(log, ['first', 'second']);
  });

  it('disposes the rest when one throws, then rethrows the first error', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.addAll(tracked(log, 'a'), tracked(log, 'b', true), tracked(log, 'c', true));
    assert.throws(() => store.dispose(), /c failed/);
    assert.deepEqual(log, ['c', 'b', 'a']);
  });
});
