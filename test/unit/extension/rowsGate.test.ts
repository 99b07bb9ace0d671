// The gate whole-store work waits at (the lineage records behind the Datasets view and the stale
// marks): open at once while the Runs view is not on screen, else once it drew the folder's first
// rows or went out of sight; `drawn` only with the rows.
import * as assert from 'node:assert/strict';
import { RowsGate } from '../../../src/extension/runs/rowsGate';

/** Whether `p` has settled after the microtasks queued now have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => { done = true; });
  await new Promise((r) => setImmediate(r));
  return done;
}

describe('the Runs view rows gate', () => {
  it('is open at once while the view is not on screen, but drawn only with the rows', async () => {
    const gate = new RowsGate(() => false);
    assert.equal(await settled(gate.open()), true);
    assert.equal(await settled(gate.drawn), false);
    gate.markDrawn();
    assert.equal(await settled(gate.drawn), true);
  });

  it('holds work while the view is on screen until its first rows are drawn', async () => {
    const gate = new RowsGate(() => true);
    const waiting = gate.open();
    assert.equal(await settled(waiting), false);
    assert.equal(gate.wasDrawn, false);
    gate.markDrawn();
    assert.equal(await settled(waiting), true);
    assert.equal(gate.wasDrawn, true);
    assert.equal(await settled(gate.open()), true, 'open for good once drawn');
  });

  it('lets waiting work go when the view goes out of sight before drawing', async () => {
    let visible = true;
    const gate = new RowsGate(() => visible);
    const waiting = gate.open();
    visible = false;
    gate.viewHidden();
    assert.equal(await settled(waiting), true);
    assert.equal(await settled(gate.drawn), false, 'the marks still wait for rows');
  });
});
