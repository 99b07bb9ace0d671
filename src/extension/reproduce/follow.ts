// Follows a `runlens reproduce` started in a terminal through its `--status-file`: the CLI owns
// the run and writes its phase there (preparing, running, done with the verdict, data choice,
// error); the editor reads it until the reproduction ends or its terminal closes.
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import { type ReproduceStatus } from '../../core/reproduce/report';

/** How a followed reproduction ended, from the editor's point of view. */
export type FollowEnd =
  | ReproduceStatus
  | { readonly phase: 'closed' }
  | { readonly phase: 'cancelled' };

const ENDS = new Set(['done', 'data-choice', 'error']);

async function read(file: string): Promise<ReproduceStatus | undefined> {
  const text = await fsp.readFile(file, 'utf8').catch(() => undefined); // not written yet (or replaced right now): the next poll reads it
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as { phase?: unknown };
    return typeof v === 'object' && v !== null && typeof v.phase === 'string' ? (v as ReproduceStatus) : undefined;
  } catch {
    return undefined; // mid-replace: the next poll reads the whole file
  }
}

/**
 * Polls `file` (written atomically by the CLI) every `intervalMs`, calling `onPhase` on each new
 * phase, until an end phase, the terminal closing (its process gone without an end: `closed`) or
 * `token` being cancelled (`cancelled`; the caller stops the run).
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
      const s = await read(file);
      if (done) return;
      if (s && s.phase !== last) {
        last = s.phase;
        onPhase(s);
      }
      if (s && ENDS.has(s.phase)) finish(s);
      // A closed terminal whose CLI wrote no end (killed): one last read above, then give up.
      else if (closed || terminal.exitStatus !== undefined) finish({ phase: 'closed' });
    };
    const timer = setInterval(() => { void tick(); }, intervalMs);
  });
}
