// The invariant check shared by every capture test: the user's repository is byte-identical
// afterwards, and the pinned snapshot holds exactly the working tree (minus files it lists as skipped).
import * as assert from 'node:assert/strict';
import { captureCode, type CodeLink } from '../../../../src/core/git/capture';
import { actualTree, CAPTURE_ENV, expectedTree, fingerprint, git } from './repo';

/** Captures and checks the invariants every capture must keep; returns the link for case-specific checks. */
export async function captureChecked(top: string, runId: string, opts: { cwd?: string; maxFileBytes?: number; maxTotalBytes?: number; patchPath?: string; also?: string[] } = {}): Promise<CodeLink> {
  // `also`: other checkouts of the same repository (the main worktree of a linked one) stay untouched too.
  const watched = [top, ...(opts.also ?? [])];
  const before = watched.map(fingerprint);
  const link = await captureCode(opts.cwd ?? top, runId, { env: CAPTURE_ENV, maxFileBytes: opts.maxFileBytes, maxTotalBytes: opts.maxTotalBytes, patchPath: opts.patchPath });
  assert.deepEqual(watched.map(fingerprint), before, 'the capture changed the user\'s repository');
  assert.ok(link.snapshot, `no snapshot: ${link.status} ${link.message ?? ''}`);
  assert.deepEqual(actualTree(top, link.snapshot.tree), expectedTree(top, link.snapshot.skipped.map((s) => s.path)));
  assert.equal(git(top, 'rev-parse', `refs/runlens/runs/${runId}`), link.snapshot.commit);
  assert.equal(git(top, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', link.snapshot.commit), 'Runlens <runlens@localhost>|Runlens <runlens@localhost>');
  assert.equal(git(top, 'rev-parse', `${link.snapshot.commit}^{tree}`), link.snapshot.tree);
  assert.equal(link.snapshot.files, actualTree(top, link.snapshot.tree).length);
  return link;
}
