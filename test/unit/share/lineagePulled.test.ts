// Lineage and staleness of runs pulled from a teammate (issue 12: "runs pulled from elsewhere are
// handled explicitly"): A prepares from its raw data and pushes; B, whose raw data differs, pulls.
// B's lineage shows A's run flagged pulled and linked by content, and B's status judges it not at
// all (it read A's files), so nothing is stale (the real CLI, real git).
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp } from '../git/helpers/repo';
import { makeTeam, rl } from './team';

const CONFIG = `version: 1
experiments:
  prepare:
    command: [node, -e, "require('fs').copyFileSync('raw.csv', 'features.csv')"]
    datasets: [raw.csv]
    outputs: [features.csv]
`;

interface Node { readonly kind: string; readonly run?: { readonly id: string; readonly pulled: boolean } }

describe('lineage of pulled runs (CLI, real git)', function () {
  this.timeout(120_000);
  after(() => cleanupTemp());

  it('shows a pulled run flagged and linked, and never judges it against this workspace', async () => {
    const team = makeTeam();
    const a = team.clone('Alice Smith', 'alice@example.com');
    const b = team.clone('Bob Jones', 'bob@example.com');
    for (const c of [a, b]) writeFileSync(join(c, 'runlens.yaml'), CONFIG);
    writeFileSync(join(a, 'raw.csv'), 'x\n1\n2\n');
    await rl(a, ['run', 'prepare']);
    await rl(a, ['push']);
    writeFileSync(join(b, 'raw.csv'), 'x\n9\n');
    await rl(b, ['pull']);
    const [theirs] = JSON.parse((await rl(b, ['ls', '--json'])).out) as { id: string }[];
    assert.ok(theirs);

    const graph = JSON.parse((await rl(b, ['lineage', theirs.id, '--json'])).out) as { nodes: Node[] };
    const runs = graph.nodes.filter((n) => n.kind === 'run');
    assert.deepEqual(runs.map((n) => [n.run?.id, n.run?.pulled]), [[theirs.id, true]]);
    assert.equal(graph.nodes.filter((n) => n.kind === 'data').length, 2, 'its raw.csv and features.csv versions');

    // B's raw.csv differs from what A's run read: still nothing to redo here (exit 0, not 8).
    const status = JSON.parse((await rl(b, ['status', '--json'])).out) as { stale: number; runs: unknown[]; specs: string[] };
    assert.deepEqual([status.stale, status.runs.length, status.specs], [0, 0, []]);

    // B's own run of the same experiment is judged as usual.
    await rl(b, ['run', 'prepare']);
    writeFileSync(join(b, 'raw.csv'), 'x\n10\n');
    const after = await rl(b, ['status'], 8);
    assert.match(after.out, /raw\.csv changed since the run read it/);
  });
});
