// The trace of one Runs Table open: the host's steps and the page's (epoch ms on both sides) in one
// line, in time order, each from the command's start; the page's missing bundle timing is left out;
// and the page's report of its steps passes the protocol's guard only when every step is a number.
import * as assert from 'node:assert/strict';
import { OpenTrace } from '../../../src/extension/runsTable/openTrace';
import { type PageOpenTimes } from '../../../src/protocol/runsTable';
import { isRunsTableFromWebview } from '../../../src/protocol/runsTableGuards';

const PAGE: PageOpenTimes = { origin: 1_100, fetched: 0, script: 1_150, ready: 1_160, received: 2_500, loaded: 2_540, drawn: 2_600 };

describe('the Runs Table open trace', () => {
  it('merges the host\'s and the page\'s steps into one line, in time order, from the command', () => {
    let clock = 1_000;
    const trace = new OpenTrace(1_000, () => clock);
    try {
      clock = 1_050;
      trace.mark('panel created');
      clock = 1_400;
      trace.mark('host received ready');
      clock = 2_300;
      trace.mark('snapshot built');
      const line = trace.page(PAGE);
      const steps = line.slice(line.indexOf('): ') + 3, line.indexOf(';')).split(', ');
      assert.deepEqual(steps, [
        'panel created +50', 'page started +100', 'page script ran +150', 'page posted ready +160', 'host received ready +400',
        'snapshot built +1300', 'page received the snapshot +1500', 'page loaded it +1540', 'page drew the grid +1600',
      ]);
      assert.match(line, /1970-01-01T00:00:01\.000Z/, 'the start as a date, to line it up with other logs');
      assert.match(line, /event loop was late by up to \d+ ms$/);
    } finally {
      trace.dispose();
    }
  });

  it('accepts the page\'s report only with every step', () => {
    assert.ok(isRunsTableFromWebview({ type: 'opened', times: PAGE }));
    assert.ok(!isRunsTableFromWebview({ type: 'opened', times: { ...PAGE, drawn: 'soon' } }));
    const { ready: _ready, ...missing } = PAGE;
    assert.ok(!isRunsTableFromWebview({ type: 'opened', times: missing }));
    assert.ok(!isRunsTableFromWebview({ type: 'opened' }));
  });
});
