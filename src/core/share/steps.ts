// What `runlens push` (and the editor's Push Runs) does, as a list of steps run in order: the runs
// through git first, then whatever else travels with them (the data remote cache adds its step here).
import { type PushRequest, type PushResult, pushRuns } from './push';

/** One step of a push; its result is reported under its name (`--json`: `{steps: {name: result}}`). */
export interface PushStep<T = unknown> {
  readonly name: string;
  /** Runs the step; a thrown error stops the push (later steps do not run). */
  run(req: PushRequest): Promise<T>;
}

/** The runs step: records as git commits under refs/runlens/records (push.ts). */
export const RUNS_STEP: PushStep<PushResult> = { name: 'runs', run: pushRuns };

/** The steps of a push, in order. */
export function pushSteps(): PushStep[] {
  return [RUNS_STEP];
}

/** One step's outcome. */
export interface StepResult {
  readonly name: string;
  readonly result: unknown;
}

/** Runs `steps` in order with the same request and returns each one's result. */
export async function runPushSteps(req: PushRequest, steps: readonly PushStep[] = pushSteps()): Promise<StepResult[]> {
  const out: StepResult[] = [];
  for (const step of steps) {
    req.signal?.throwIfAborted();
    out.push({ name: step.name, result: await step.run(req) });
  }
  return out;
}

/** The runs step's result among `results`, if it ran. */
export function runsResult(results: readonly StepResult[]): PushResult | undefined {
  return results.find((r) => r.name === RUNS_STEP.name)?.result as PushResult | undefined;
}
