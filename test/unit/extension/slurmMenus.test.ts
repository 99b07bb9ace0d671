// The Runs view's context menus as package.json gates them on a row's contextValue: Requeue on
// Slurm and Rerun Failed Points only on ended rows of runs on Slurm (the `.slurm` marker, kept after
// the run ended), and the marker takes no other entry away (star, unstar, rerun stale chain).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface MenuEntry { readonly command: string; readonly when?: string }

const ROOT = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };

/** The `viewItem =~ /.../` test of `command`'s Runs view context-menu entry, as a RegExp. */
function viewItemRule(command: string): RegExp {
  const entry = manifest.contributes.menus['view/item/context']?.find((e) => e.command === command && e.when?.includes('view == runlens.runs'));
  const source = /viewItem =~ \/(.*)\/(?:\s|$)/.exec(entry?.when ?? '')?.[1];
  assert.ok(source, `no viewItem rule for ${command}`);
  return new RegExp(source);
}

const offered = (command: string, contextValue: string): boolean => viewItemRule(command).test(contextValue);

describe('Runs view menus on Slurm rows', () => {
  it('offers Requeue on Slurm and Rerun Failed Points on ended rows of runs on Slurm only', () => {
    for (const command of ['runlens.requeueSlurmRun', 'runlens.rerunFailedPoints']) {
      for (const row of ['run.failed.slurm', 'run.stopped.starred.slurm', 'run.crashed.stale.slurm', 'run.failed.starred.stale.slurm']) {
        assert.equal(offered(command, row), true, `${command} on ${row}`);
      }
      for (const row of ['run.failed', 'run.stopped.starred', 'run.crashed.stale', 'run.finished.slurm', 'run.running.slurm', 'run.queued.slurm', 'run.failed.pulled.slurm']) {
        assert.equal(offered(command, row), false, `${command} on ${row}`);
      }
    }
  });

  it('keeps star, unstar and the stale chain on rows with the marker', () => {
    assert.equal(offered('runlens.starRun', 'run.failed.slurm'), true);
    assert.equal(offered('runlens.starRun', 'run.failed.stale.slurm'), true);
    assert.equal(offered('runlens.unstarRun', 'run.failed.starred.slurm'), true);
    assert.equal(offered('runlens.starRun', 'run.failed.starred.slurm'), false);
    assert.equal(offered('runlens.rerunStaleChain', 'run.finished.stale.slurm'), true);
  });
});
