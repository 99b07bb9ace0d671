// Sharing runs through git: push and pull of 1,000 runs to a local bare repository, and a push or
// pull with nothing new at 1,000 and at 10,000 runs on the remote, beside `git push` / `git fetch`
// of the same number of plain refs (one small commit each) measured in the same run.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pullRuns } from '../src/core/share/pull';
import { pushRuns } from '../src/core/share/push';
import { RunStore } from '../src/core/store/store';
import { inTempWorkspace, lossAccSummaries, sharedLossAccMetrics, writeFinishedRuns } from './fixtures';
import { report, timeMedian } from './report';

const FIRST = 1_000;
const TOTAL = 10_000;
const POINTS = 50;

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

/** A repository with one commit and an identity, at `dir`. */
function repo(dir: string, who: string): void {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', who]);
  git(dir, ['config', 'user.email', `${who.toLowerCase()}@example.com`]);
  writeFileSync(join(dir, 'train.py'), 'print(1)\n');
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'project']);
}

/** `count` small commits under refs/plain/<i> (fast-import), the baseline's refs. */
function plainRefs(dir: string, count: number): void {
  let input = '';
  for (let i = 0; i < count; i++) {
    const body = `plain ref ${i}\n`;
    input += `commit refs/plain/${i}\ncommitter B <b@x> ${1_700_000_000 + i} +0000\ndata 6\nplain\ndeleteall\nM 100644 inline f\ndata ${body.length}\n${body}\n`;
  }
  git(dir, ['fast-import', '--quiet'], `${input}done\n`);
}

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function writeRuns(ws: string, from: number, count: number): Promise<unknown> {
  const link = sharedLossAccMetrics(ws, POINTS);
  return writeFinishedRuns(ws, count, (i) => ({ name: `bench-${from + i + 1}`, experiment: 'train', params: { lr: 0.001 * (from + i + 1) }, metrics: lossAccSummaries(POINTS) }), (dir) => {
    link(dir);
    writeFileSync(join(dir, 'output.log'), 'epoch 1 loss 0.5\nepoch 2 loss 0.25\n');
  });
}

/** Pushes and pulls runs between two clones of one bare repository and reports against plain refs. */
export async function bench(): Promise<void> {
  await inTempWorkspace('share', async (root) => {
    const bare = join(root, 'team.git');
    git(root, ['init', '-q', '--bare', bare]);
    const a = join(root, 'a');
    const b = join(root, 'b');
    for (const [dir, who] of [[a, 'Alice'], [b, 'Bob']] as const) {
      execFileSync('mkdir', ['-p', dir]);
      repo(dir, who);
      git(dir, ['remote', 'add', 'origin', bare]);
    }
    // The baseline's plain refs live in repositories of their own: thousands of loose refs in A or B
    // would slow every git command the runs' push and pull make there (each one reads all refs).
    const plainBare = join(root, 'plain.git');
    git(root, ['init', '-q', '--bare', plainBare]);
    const pa = join(root, 'plain-a');
    const pb = join(root, 'plain-b');
    for (const [dir, who] of [[pa, 'Alice'], [pb, 'Bob']] as const) {
      execFileSync('mkdir', ['-p', dir]);
      repo(dir, who);
      git(dir, ['remote', 'add', 'origin', plainBare]);
    }
    const storeA = RunStore.open(a, { onWarning: () => undefined });
    const storeB = RunStore.open(b, { onWarning: () => undefined });
    await writeRuns(a, 0, FIRST);
    await storeA.listSummaries(); // builds the listing index, as any earlier `runlens ls` would have

    plainRefs(pa, FIRST);
    const plainPush = await ms(() => Promise.resolve(git(pa, ['push', '-q', 'origin', 'refs/plain/*:refs/plain/*'])));
    const push = await ms(() => pushRuns({ store: storeA, workspace: a }));
    report({ name: `push of ${FIRST} runs`, value: push, unit: 'ms', baseline: { name: `git push of ${FIRST} plain refs`, value: plainPush }, target: '<= 5000 ms', pass: push <= 5000 });
    const again = await timeMedian(3, () => pushRuns({ store: storeA, workspace: a }));
    report({ name: `push with nothing new (${FIRST} runs)`, value: again, unit: 'ms', target: '<= 300 ms', pass: again <= 300 });

    const plainFetch = await ms(() => Promise.resolve(git(pb, ['fetch', '-q', 'origin', '+refs/plain/*:refs/plain/*'])));
    const pull = await ms(() => pullRuns({ store: storeB, workspace: b }));
    report({ name: `pull of ${FIRST} runs`, value: pull, unit: 'ms', baseline: { name: `git fetch of ${FIRST} plain refs`, value: plainFetch }, target: '<= 5000 ms', pass: pull <= 5000 });
    const plainNoop = await timeMedian(3, () => git(pb, ['fetch', '-q', 'origin', '+refs/plain/*:refs/plain/*']));
    const pullNoop = await timeMedian(3, () => pullRuns({ store: storeB, workspace: b }));
    report({ name: `pull with nothing new (${FIRST} runs)`, value: pullNoop, unit: 'ms', baseline: { name: `git fetch of ${FIRST} plain refs, nothing new`, value: plainNoop }, target: '<= 1000 ms', pass: pullNoop <= 1000 });

    // Up to TOTAL runs on the remote.
    await writeRuns(a, FIRST, TOTAL - FIRST);
    await storeA.listSummaries();
    const bulk = await ms(() => pushRuns({ store: storeA, workspace: a }));
    console.log(`  (push of ${TOTAL - FIRST} more runs: ${bulk.toFixed(0)} ms)`);
    const bulkPull = await ms(() => pullRuns({ store: storeB, workspace: b }));
    console.log(`  (pull of ${TOTAL - FIRST} more runs: ${bulkPull.toFixed(0)} ms)`);
    const pushNoop10k = await timeMedian(3, () => pushRuns({ store: storeA, workspace: a }));
    report({ name: `push with nothing new (${TOTAL} runs on the remote)`, value: pushNoop10k, unit: 'ms', target: '<= 1000 ms', pass: pushNoop10k <= 1000 });
    plainRefs(pa, TOTAL);
    git(pa, ['push', '-q', 'origin', 'refs/plain/*:refs/plain/*']);
    git(pb, ['fetch', '-q', 'origin', '+refs/plain/*:refs/plain/*']);
    const plainNoop10k = await timeMedian(3, () => git(pb, ['fetch', '-q', 'origin', '+refs/plain/*:refs/plain/*']));
    const pullNoop10k = await timeMedian(3, () => pullRuns({ store: storeB, workspace: b }));
    report({ name: `pull with nothing new (${TOTAL} runs on the remote)`, value: pullNoop10k, unit: 'ms', baseline: { name: `git fetch of ${TOTAL} plain refs, nothing new`, value: plainNoop10k }, target: '<= 1000 ms', pass: pullNoop10k <= 1000 });
  });
}
