// Moves a child's output to the terminal, the run's log and a metric parser, byte for byte. The
// terminal sets the pace (the child is paused while the terminal drains), like `tee`, so a slow
// terminal never makes the supervisor buffer without bound.
import { type Readable, type Writable } from 'node:stream';

/** Where one output stream of the child goes. */
export interface PumpTargets {
  /** The supervisor's own stdout/stderr; null to capture only. */
  readonly terminal: Writable | null;
  /** The run's log (output.log); `write` must not block (it may buffer). */
  readonly log: { write(buf: Buffer): void };
  /** Called with every chunk after it reached the log (metric parsing). */
  readonly onChunk?: (chunk: Buffer) => void;
}

/** Counters for one pumped stream. */
export interface PumpResult {
  readonly bytes: number;
  /** True when the terminal stopped accepting output (e.g. EPIPE from `runlens run ... | head`). */
  readonly terminalLost: boolean;
}

/** A running pump; `done` resolves when the source ended or was cut off. */
export interface Pump {
  readonly done: Promise<PumpResult>;
  /** Time (ms, monotonic) the last chunk arrived, to detect pipes held open by orphans. */
  lastActivity(): number;
  /** Gives up on the source (after the child exited and the pipe went quiet). */
  cutOff(): void;
}

/**
 * Starts pumping `source` into `targets`. Log capture continues even when the terminal goes away,
 * so a run piped into `head` still records all of its output.
 */
export function startPump(source: Readable, targets: PumpTargets): Pump {
  let bytes = 0;
  let terminal = targets.terminal;
  let terminalLost = false;
  let last = performance.now();
  let finish: (r: PumpResult) => void = () => undefined;
  const done = new Promise<PumpResult>((resolve) => {
    finish = resolve;
  });
  let finished = false;
  const end = (): void => {
    if (finished) return;
    finished = true;
    finish({ bytes, terminalLost });
  };

  const loseTerminal = (): void => {
    if (!terminal) return;
    terminalLost = true;
    terminal = null;
    source.resume();
  };
  const onTerminalError = (): void => loseTerminal();
  targets.terminal?.on('error', onTerminalError);

  source.on('data', (chunk: Buffer) => {
    last = performance.now();
    bytes += chunk.length;
    targets.log.write(chunk);
    targets.onChunk?.(chunk);
    if (!terminal) return;
    let accepted: boolean;
    try {
      accepted = terminal.write(chunk);
    } catch {
      // The terminal went away (EPIPE): output still goes to output.log.
      loseTerminal();
      return;
    }
    if (!accepted) {
      const out = terminal;
      source.pause();
      out.once('drain', () => {
        if (terminal === out) source.resume();
      });
    }
  });
  source.once('end', end);
  source.once('close', end);
  source.once('error', end);

  void done.then(() => targets.terminal?.off('error', onTerminalError));

  return {
    done,
    lastActivity: () => last,
    cutOff() {
      source.destroy();
      end();
    },
  };
}
