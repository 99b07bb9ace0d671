// The Markdown of a Runs view row's tooltip: a pulled run's origin right under the title line (the
// hover scrolls, so "Pulled from…" at the bottom was out of sight), run data escaped, the primary
// metric's best end in bold.
import * as assert from 'node:assert/strict';
import { type RunManifest } from '../../../../src/core/model';
import { newManifest } from '../../../../src/core/store/manifest';
import { pulledLine, runTooltipMarkdown } from '../../../../src/views/runs/tooltip';

const NOW = Date.parse('2026-03-01T12:10:00Z');

/** A finished run with params, metrics and a commit, pulled from Alice when `pulled`. */
function run(pulled: boolean): RunManifest {
  const m = newManifest({ experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: '/w', params: { lr: 0.1, 'a|b': 'x*y' }, env: {} },
    '20260301-120000-abcd', 'calm-river-1', new Date(NOW - 600_000));
  return {
    ...m, status: 'finished', startedAt: '2026-03-01T12:00:00Z', endedAt: '2026-03-01T12:05:00Z',
    metrics: { loss: { last: 0.4, min: 0.35, max: 0.9, count: 10, lastStep: 9, nonFinite: 0 } },
    code: {
      status: 'ok', commit: 'a'.repeat(40), branch: 'main', detached: false, remote: null, dirty: false, changed: [], untracked: [],
      shallow: false, worktree: false, submodules: [], snapshot: null, warnings: [], durationMs: 5,
    },
    ...(pulled ? { origin: { author: 'Alice Smith', email: 'alice@example.com', host: 'gpu-1', remote: 'origin', commit: 'b'.repeat(40) } } : {}),
  };
}

describe('Runs view tooltip', () => {
  it('puts a pulled run\'s origin right after the title line, before params and metrics', () => {
    const md = runTooltipMarkdown(run(true), { primary: 'loss', goal: 'min' }, NOW);
    const lines = md.split('\n').filter(Boolean);
    assert.equal(lines[0], '$(pass) **calm\\-river\\-1** · finished · 5 m 00 s');
    assert.equal(lines[1], pulledLine(run(true).origin!));
    assert.match(lines[1] ?? '', /^\$\(cloud-download\) Pulled from origin: run by \*\*Alice Smith\*\* \(alice@example\\\.com\) on gpu\\-1\. Read-only here/);
    assert.ok(md.indexOf('Pulled from') < md.indexOf('| param |'), md);
    assert.equal(md.match(/Pulled from/g)?.length, 1, 'said once');
  });

  it('says nothing of an origin for a run of this workspace, and escapes run data', () => {
    const md = runTooltipMarkdown(run(false), { primary: 'loss', goal: 'min' }, NOW);
    assert.doesNotMatch(md, /Pulled/);
    assert.match(md, /\| a\\\|b \| x\\\*y \|/);
    assert.match(md, /\| \*\*loss\*\* \(lower is better\) \| 0\.4 \| \*\*0\.35\*\* \| 0\.9 \|/);
    assert.match(md, /Commit `aaaaaaaaaaaa` on main/);
  });
});
