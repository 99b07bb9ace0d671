// Which run terminals to keep: by default a new ▶ Run, Rerun or Reproduce of an experiment replaces
// that experiment's terminal once its work is done, so five actions leave one terminal, not five
// (setting `runlens.terminals`). A terminal is done when the CLI holds it after its last line
// (it creates a marker file then, src/cli/hold.ts) or its process has exited.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** `runlens.terminals`: what a new launch does with earlier terminals whose work is done. */
export type TerminalPolicy = 'reusePerExperiment' | 'closeFinished' | 'keepAll';

interface Slot {
  readonly key: string;
  readonly terminal: vscode.Terminal;
  readonly dir: string;
}

/** The Runlens terminals of this window and the key (experiment) each belongs to. */
export class TerminalPool implements vscode.Disposable {
  private readonly slots: Slot[] = [];
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.onDidCloseTerminal((t) => this.forget(t));
  }

  /**
   * Makes room for a launch under `key` (closing done terminals as the policy says) and returns
   * the marker file the new terminal's CLI creates when it is done. Call {@link track} with the
   * terminal afterwards.
   */
  prepare(key: string, policy: TerminalPolicy): string {
    if (policy !== 'keepAll') {
      for (const slot of [...this.slots]) {
        if ((policy === 'closeFinished' || slot.key === key) && this.isDone(slot)) {
          this.forget(slot.terminal);
          slot.terminal.dispose();
        }
      }
    }
    return join(mkdtempSync(join(tmpdir(), 'runlens-term-')), 'held');
  }

  /** Remembers `terminal` under `key`; `marker` is what {@link prepare} returned. */
  track(key: string, terminal: vscode.Terminal, marker: string): void {
    this.slots.push({ key, terminal, dir: join(marker, '..') });
  }

  /** How many tracked terminals there are (tests read it). */
  get size(): number {
    return this.slots.length;
  }

  private isDone(slot: Slot): boolean {
    return slot.terminal.exitStatus !== undefined || existsSync(join(slot.dir, 'held'));
  }

  private forget(terminal: vscode.Terminal): void {
    const i = this.slots.findIndex((s) => s.terminal === terminal);
    if (i < 0) return;
    const [slot] = this.slots.splice(i, 1);
    if (slot) rmSync(slot.dir, { recursive: true, force: true });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const slot of this.slots.splice(0)) rmSync(slot.dir, { recursive: true, force: true });
  }
}

/** The policy of `folder` (setting `runlens.terminals`). */
export function terminalPolicy(folder: vscode.WorkspaceFolder): TerminalPolicy {
  const v = vscode.workspace.getConfiguration('runlens', folder.uri).get<string>('terminals', 'reusePerExperiment');
  return v === 'closeFinished' || v === 'keepAll' ? v : 'reusePerExperiment';
}
