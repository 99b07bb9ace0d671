// Which Runs view changes start a stale check: a run ending or going does, a run queued or
// starting does not (it is neither judged nor a producer yet).
import * as assert from 'node:assert/strict';
import { type RunStatus } from '../../../src/core/model';
import { affectsLineage } from '../../../src/extension/runs/lineageChange';

const statuses: Record<string, RunStatus> = { q: 'queued', r: 'running', f: 'finished', x: 'failed', c: 'crashed', s: 'stopped' };
const statusOf = (id: string): RunStatus | undefined => statuses[id];

describe('stale checks on store changes', () => {
  it('skips runs that are queued or running', () => {
    assert.equal(affectsLineage(['q', 'r'], statusOf), false);
    assert.equal(affectsLineage([], statusOf), false);
  });

  it('checks when a run ended in any terminal status, among others or alone', () => {
    for (const id of ['f', 'x', 'c', 's']) assert.equal(affectsLineage(['r', id], statusOf), true, id);
  });

  it('checks when a run is gone', () => {
    assert.equal(affectsLineage(['deleted'], statusOf), true);
  });
});
