// Two clones of one bare repository, served by `git daemon` on 127.0.0.1 and by file path: A runs
// and pushes, B pulls and sees A's runs with their metrics and origin, compares them with its own,
// and reproduces one of A's runs from the snapshot that came with it (the real CLI, the real git).
import { strict as assert } from 'node:assert';
import { dirname, basename } from 'node:path';
import { cleanupTemp, git } from '../git/helpers/repo';
import { type RunSummary } from '../../../src/core/store/summary';
import { makeTeam, rl, startDaemon, type Daemon } from './team';

function listed(out: string): RunSummary[] {
  return JSON.parse(out) as RunSummary[];
}

describe('sharing runs through the git remote (CLI, real git)', function () {
  this.timeout(180_000);
  const daemons: Daemon[] = [];
  after(async () => {
    for (const d of daemons) await d.stop();
    cleanupTemp();
  });

  for (const via of ['git daemon', 'file path'] as const) {
    it(`A pushes, B pulls, sees, compares and reproduces A's runs (${via})`, async () => {
      const team = makeTeam();
      const a = team.clone('Alice Smith', 'alice@example.com');
      const b = team.clone('Bob Jones', 'bob@example.com');
      const remote: string[] = [];
      if (via === 'git daemon') {
        const daemon = await startDaemon(dirname(team.bare));
        daemons.push(daemon);
        for (const c of [a, b]) git(c, 'remote', 'add', 'team', daemon.url(basename(team.bare)));
        remote.push('team');
      }
      await rl(a, ['run', 'train', '-p', 'lr=0.5']);
      await rl(a, ['run', 'train', '-p', 'lr=0.25']);
      const first = await rl(a, ['push', ...remote]);
      assert.match(first.out, /pushed 2 runs to /);
      const again = await rl(a, ['push', ...remote]);
      assert.match(again.out, /pushed 0 runs to .*\(2 already there\)/);

      await rl(b, ['run', 'train', '-p', 'lr=0.3']);
      const pulled = await rl(b, ['pull', ...remote]);
      assert.match(pulled.out, /pulled 2 new and 0 updated runs/);
      const runs = listed((await rl(b, ['ls', '--json'])).out);
      assert.equal(runs.length, 3);
      const alices = runs.filter((r) => r.origin?.author === 'Alice Smith');
      assert.equal(alices.length, 2);
      for (const r of alices) {
        assert.equal(r.origin?.email, 'alice@example.com');
        assert.equal(r.origin?.remote, remote[0] ?? 'origin');
        assert.equal(r.metrics.loss?.count, 4, 'the metric summaries came with the run');
      }
      const lr05 = alices.find((r) => r.params.lr === 0.5);
      assert.ok(lr05);
      // Whole series too, not just summaries.
      const series = JSON.parse((await rl(b, ['metrics', lr05.id, '--json'])).out) as unknown;
      assert.match(JSON.stringify(series), /loss/);
      assert.equal(listed((await rl(b, ['ls', '--filter', 'author:alice', '--json'])).out).length, 2);
      assert.equal(listed((await rl(b, ['ls', '--filter', 'author:me', '--json'])).out).length, 1);

      const mine = runs.find((r) => !r.origin);
      assert.ok(mine);
      const compared = await rl(b, ['compare', lr05.id, mine.id, '--json']);
      assert.match(compared.out, new RegExp(lr05.id));
      assert.match(compared.out, new RegExp(mine.id));

      // Read-only here: its author changes it.
      const refused = await rl(b, ['tag', lr05.id, 'mine-now'], 5);
      assert.match(refused.stderr, /pulled from Alice Smith; it is read-only/);

      const repro = await rl(b, ['reproduce', lr05.id]);
      assert.match(repro.stderr + repro.out, /verdict: reproduced/);
      const after = listed((await rl(b, ['ls', '--json'])).out);
      const reproduction = after.find((r) => r.reproducedFrom === lr05.id);
      assert.equal(reproduction?.verdict, 'reproduced');

      // B pushes its own runs only; A then sees B's runs beside its own.
      const bPush = await rl(b, ['push', ...remote]);
      assert.match(bPush.out, /pushed 2 runs/);
      await rl(a, ['pull', ...remote]);
      const aRuns = listed((await rl(a, ['ls', '--json'])).out);
      assert.equal(aRuns.length, 4);
      assert.deepEqual(aRuns.filter((r) => r.origin).map((r) => r.origin?.author), ['Bob Jones', 'Bob Jones']);
    });
  }
});
