// The page benchmarks' frame statistics (bench/frames.ts): p95 and longest frame interval, and
// how many frames a 60 Hz display dropped.
import * as assert from 'node:assert/strict';
import { FRAME_MS, frameStats } from '../../../bench/frames';

describe('bench frame statistics', () => {
  it('reads smooth frames as nothing dropped', () => {
    const smooth = Array.from({ length: 61 }, (_, i) => i * FRAME_MS);
    const s = frameStats(smooth);
    assert.equal(s.count, 61);
    assert.equal(s.dropped, 0);
    assert.ok(Math.abs(s.p95 - FRAME_MS) < 1e-9 && Math.abs(s.max - FRAME_MS) < 1e-9);
  });

  it('counts the frames a long interval skipped and reports it as the max', () => {
    // 40 smooth frames, then one frame that took three periods, then one of two.
    const t = Array.from({ length: 41 }, (_, i) => i * FRAME_MS);
    t.push(t[40]! + 3 * FRAME_MS, t[40]! + 5 * FRAME_MS);
    const s = frameStats(t);
    assert.equal(s.dropped, 3);
    assert.ok(Math.abs(s.max - 3 * FRAME_MS) < 1e-9);
    assert.ok(Math.abs(s.p95 - FRAME_MS) < 1e-9, 'two slow frames of 42 stay above the 95th percentile');
    assert.ok(Math.abs(frameStats(t.slice(30)).p95 - 3 * FRAME_MS) < 1e-9, 'two of 12 do not');
  });

  it('says nothing for fewer than two frames', () => {
    assert.deepEqual(frameStats([5]), { count: 1, p95: 0, max: 0, dropped: 0 });
  });
});
