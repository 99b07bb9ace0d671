// Follows a `runlens reproduce` started in a terminal through its `--status-file`: the CLI owns
// the run and writes its phase there (preparing, running, done with the verdict, data choice,
// error); the editor reads it until the reproduction ends or its terminal closes. A reproduction
// sent to Slurm says `submitted`: from then on the job's status file in the shared store is read,
// whatever the terminal does, until the job's verdict (or its end, which a look at Slurm records).
import * as vscode from 'vscode';
import { type ReproduceStatus } from '../../core/reproduce/report';
import { readReproduceStatus, reproduceEnded } from '../../core/slurm/reproduceStatus';

/** How a followed reproduction ended, from the editor's point of view. */
export type FollowEnd =
  | ReproduceStatus
  | { readonly phase: 'closed' }
  | { readonly phase: 'cancelled' };

/**
 * Polls `file` (written atomically by the CLI) every `intervalMs`, calling `onPhase` on each new
 * phase, until an end phase, the terminal closing (its process gone without an end: `closed`) or
 * `token` being cancelled (`cancelled`; the caller stops the run). After `submitted` it polls the
 * Slurm job's status file instead, and the terminal no longer matters.
 */
export function followStatus(
  file: string,
  terminal: vscode.Terminal,
  token: vscode.CancellationToken,
  onPhase: (s: ReproduceStatus) => void,
  intervalMs = 250,
): Promise<FollowEnd> {
  return new Promise((resolve) => {
    let last = '';
    let current = file;
    let onSlurm = false;
    let closed = false;
    let done = false;
    const finish = (end: FollowEnd): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      sub.dispose();
      cancel.dispose();
      resolve(end);
    };
    const sub = vscode.window.onDidCloseTerminal((t) => { if (t === terminal) closed = true; });
    const cancel = token.onCancellationRequested(() => finish({ phase: 'cancelled' }));
    const tick = async (): Promise<void> => {
      const s = await readReproduceStatus(current);
      if (done) return;
      if (s && s.phase !== last) {
        last = s.phase;
        onPhase(s);
      }
      if (s?.phase === 'submitted') {
        current = s.statusFile;
        onSlurm = true;
      }
      if (s && reproduceEnded(s)) finish(s);
      // A closed terminal whose CLI wrote no end (killed): one last read above, then give up.
      else if (!onSlurm && (closed || terminal.exitStatus !== undefined)) finish({ phase: 'closed' });
    };
    const timer = setInterval(() => { void tick(); }, intervalMs);
  });
}
