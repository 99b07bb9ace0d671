// Runs metric regexes in a worker thread with a time budget per line: a catastrophic pattern
// (nested quantifiers on a long line) would otherwise spin the supervisor's only thread, so no
// signal, heartbeat or stop got through. The caller stays synchronous (records keep their order):
// it waits in short slices and ends a worker stuck on one line past the budget.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Longest time one pattern may spend on one line before it is disabled for the rest of the run. */
export const PATTERN_BUDGET_MS = 1000;
/** A worker that has not started after this long is given up on: matching moves to this thread. */
const BOOT_TIMEOUT_MS = 20_000;
const WAIT_SLICE_MS = 25;

/** One pattern's match on one line, as much of a RegExpExecArray as applying it needs. */
export interface LineMatch {
  readonly pattern: number;
  readonly index: number;
  readonly length: number;
  readonly groups: Record<string, string | undefined> | undefined;
}

/** Shared state slots: replies done, worker ready, and a counter bumped before each exec. */
const DONE = 0;
const READY = 1;
const TICK = 2;
const PATTERN = 3;

interface Job {
  readonly seq: number;
  readonly lines: readonly string[];
  readonly enabled: readonly number[];
}

/** The worker's code (self-contained: it is run from its source text). */
function matcherWorkerMain(): void {
  // Restated here: this function runs from its source text, without the module around it.
  const [DONE, READY, TICK, PATTERN] = [0, 1, 2, 3];
  const threads = process.getBuiltinModule('node:worker_threads');
  const data = threads.workerData as { sources: string[]; flags: string[]; state: SharedArrayBuffer; port: MessagePort };
  const state = new Int32Array(data.state);
  const res = data.sources.map((s, i) => new RegExp(s, data.flags[i]));
  data.port.on('message', (job: Job) => {
    const out: (LineMatch[] | null)[] = [];
    for (const line of job.lines) {
      let row: LineMatch[] | null = null;
      for (const p of job.enabled) {
        Atomics.store(state, PATTERN, p);
        Atomics.add(state, TICK, 1);
        const re = res[p] as RegExp;
        re.lastIndex = 0;
        const m = re.exec(line);
        if (m) (row ??= []).push({ pattern: p, index: m.index, length: m[0].length, groups: m.groups ? { ...m.groups } : undefined });
      }
      out.push(row);
    }
    data.port.postMessage({ seq: job.seq, out });
    Atomics.store(state, DONE, job.seq);
    Atomics.notify(state, DONE);
  });
  Atomics.store(state, READY, 1);
  Atomics.notify(state, READY);
}

/**
 * Matches lines against a run's patterns in a worker. `onDisabled(i)` is called once for a
 * pattern that took longer than `budgetMs` on one line; it is not applied again.
 */
export class PatternMatcher {
  private worker: { thread: Worker; port: MessagePort; state: Int32Array } | null = null;
  private readonly disabled = new Set<number>();
  private seq = 0;
  private inThread = false;

  constructor(
    private readonly patterns: readonly RegExp[],
    private readonly onDisabled: (pattern: number) => void,
    private readonly budgetMs = PATTERN_BUDGET_MS,
  ) {}

  /** For each line, the matches of every pattern still enabled, in pattern order; null for none. */
  match(lines: readonly string[]): (LineMatch[] | null)[] {
    for (;;) {
      const enabled = this.patterns.map((_, i) => i).filter((i) => !this.disabled.has(i));
      if (enabled.length === 0 || lines.length === 0) return lines.map(() => null);
      if (this.inThread) return lines.map((line) => matchHere(this.patterns, enabled, line));
      const w = this.worker ??= this.start();
      const seq = ++this.seq;
      w.port.postMessage({ seq, lines, enabled } satisfies Job);
      const reply = this.await(w, seq);
      if (reply) return reply;
      // The worker was stuck (that pattern is now disabled) or never started: run the batch again.
    }
  }

  /** Ends the worker (a later `match` starts a new one). */
  close(): void {
    void this.worker?.thread.terminate();
    this.worker?.port.close();
    this.worker = null;
  }

  private start(): { thread: Worker; port: MessagePort; state: Int32Array } {
    const state = new Int32Array(new SharedArrayBuffer(4 * 4));
    const { port1, port2 } = new MessageChannel();
    const thread = new Worker(`(${matcherWorkerMain.toString()})();\n`, {
      eval: true,
      workerData: { sources: this.patterns.map((r) => r.source), flags: this.patterns.map((r) => r.flags), state: state.buffer, port: port2 },
      transferList: [port2],
    });
    thread.unref();
    thread.on('error', () => undefined); // a failed worker shows as one that never answers
    return { thread, port: port1, state };
  }

  private await(w: { thread: Worker; port: MessagePort; state: Int32Array }, seq: number): (LineMatch[] | null)[] | undefined {
    const bootStarted = performance.now();
    while (Atomics.load(w.state, READY) === 0) {
      Atomics.wait(w.state, READY, 0, WAIT_SLICE_MS);
      if (Atomics.load(w.state, READY) === 0 && performance.now() - bootStarted > BOOT_TIMEOUT_MS) {
        this.inThread = true;
        this.close();
        return undefined;
      }
    }
    let tick = Atomics.load(w.state, TICK);
    let since = performance.now();
    for (;;) {
      Atomics.wait(w.state, DONE, Atomics.load(w.state, DONE), WAIT_SLICE_MS);
      if (Atomics.load(w.state, DONE) === seq) {
        const reply = receiveMessageOnPort(w.port)?.message as { seq: number; out: (LineMatch[] | null)[] } | undefined;
        if (reply?.seq === seq) return reply.out;
      }
      const now = performance.now();
      const t = Atomics.load(w.state, TICK);
      if (t !== tick) {
        tick = t;
        since = now;
      } else if (now - since > this.budgetMs) {
        const stuck = Atomics.load(w.state, PATTERN);
        this.disabled.add(stuck);
        this.close();
        this.onDisabled(stuck);
        return undefined;
      }
    }
  }
}

function matchHere(patterns: readonly RegExp[], enabled: readonly number[], line: string): LineMatch[] | null {
  let row: LineMatch[] | null = null;
  for (const p of enabled) {
    const m = (patterns[p] as RegExp).exec(line);
    if (m) (row ??= []).push({ pattern: p, index: m.index, length: m[0].length, groups: m.groups });
  }
  return row;
}
