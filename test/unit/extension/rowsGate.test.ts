// The gate whole-store work waits at (the whole listing, then the lineage records behind the
// Datasets view and the stale marks): open at once while the Runs view is not on screen, else once
// it drew the folder's first rows (every expanded group's page) or went out of sight; `drawn` only
// with the rows; the listing also as soon as the view needs it to draw.
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
    const gate = new RowsGate(() => false, { startupMs: 0 });
    assert.equal(await settled(gate.open()), true);
    assert.equal(await settled(gate.drawn), false);
    gate.markDrawn();
    assert.equal(await settled(gate.drawn), true);
  });

  it('holds work while the view is on screen until its first rows are drawn', async () => {
    const gate = new RowsGate(() => true, { startupMs: 0 });
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
    const gate = new RowsGate(() => visible, { startupMs: 0 });
    const waiting = gate.open();
    visible = false;
    gate.viewHidden();
    assert.equal(await settled(waiting), true);
    assert.equal(await settled(gate.drawn), false, 'the marks still wait for rows');
  });

  it('holds the whole listing until the rows are drawn, unless the view draws from the listing', async () => {
    const gate = new RowsGate(() => true, { startupMs: 0 });
    const listing = gate.listingMayStart();
    const records = gate.open();
    assert.equal(await settled(listing), false, 'the newest runs are drawn first');
    gate.needListing();
    assert.equal(await settled(listing), true, 'the view draws from the whole listing: it starts now');
    assert.equal(await settled(gate.listingMayStart()), true);
    assert.equal(await settled(records), false, 'whole-store work after the listing still waits for the rows');
    gate.markDrawn();
    assert.equal(await settled(records), true);
  });

  it('counts the rows drawn once every group drawn has its page', async () => {
    const gate = new RowsGate(() => true, { startupMs: 0 });
    const listing = gate.listingMayStart();
    gate.markGroupsDrawn(3);
    gate.markPageDrawn();
    gate.markPageDrawn();
    assert.equal(gate.wasDrawn, false, 'VS Code shows the rows once every expanded group has its page');
    assert.equal(await settled(listing), false);
    gate.markPageDrawn();
    assert.equal(gate.wasDrawn, true);
    assert.equal(await settled(listing), true);
    gate.dispose();
  });

  it('takes the rows as drawn when no group page comes (every group collapsed)', async () => {
    const gate = new RowsGate(() => true, { startupMs: 0, graceMs: 1 });
    gate.markGroupsDrawn(2);
    gate.markPageDrawn();
    await gate.drawn; // the grace after the last page drawn
    assert.equal(gate.wasDrawn, true);
  });

  it('draws a page alone (no grouping) or a folder with no groups as the rows', () => {
    const flat = new RowsGate(() => true, { startupMs: 0 });
    flat.markPageDrawn();
    assert.equal(flat.wasDrawn, true);
    const empty = new RowsGate(() => true, { startupMs: 0 });
    empty.markGroupsDrawn(0);
    assert.equal(empty.wasDrawn, true);
  });

  it('holds work for a moment after opening even while the view is not on screen (VS Code says it is later)', async () => {
    let visible = false;
    const hidden = new RowsGate(() => visible, { startupMs: 1 });
    const listing = hidden.listingMayStart();
    assert.equal(await settled(listing), false, 'the view may be about to show');
    await listing; // released after the start: the view stayed out of sight
    assert.equal(await settled(hidden.open()), true);
    visible = true;
    const shown = new RowsGate(() => visible, { startupMs: 1 });
    const records = shown.open();
    assert.equal(await settled(records), false, 'a view on screen: its rows first');
    shown.markDrawn();
    assert.equal(await settled(records), true, 'released with the rows');
    hidden.dispose();
    shown.dispose();
  });
});
