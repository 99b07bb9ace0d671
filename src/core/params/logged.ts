// Params a script logged itself (`runlens.log_params`) folded into the run's params, once, in core:
// the ingest writes the merged record into run.json, so every front end (CLI, tree, detail, compare,
// filter) sees one `params` and never reads metrics.jsonl for them.
import { type ParamValue, type RunManifest } from '../model';

/** Logged params accumulated by the ingest: [name, value] pairs (names are arbitrary, even `__proto__`). */
export type LoggedParams = readonly (readonly [string, ParamValue])[];

/**
 * Adds `incoming` to `logged` (a later value of a name replaces the earlier one, as a script that
 * logs `lr` twice means its last word), keeping first-seen order.
 */
export function addLoggedParams(logged: [string, ParamValue][], incoming: Readonly<Record<string, ParamValue>>): void {
  for (const [name, value] of Object.entries(incoming)) {
    const at = logged.findIndex(([n]) => n === name);
    if (at >= 0) logged[at] = [name, value];
    else logged.push([name, value]);
  }
}

/** The params Runlens passed to the run (declared in runlens.yaml or given with `-p`), without logged ones. */
export function declaredParams(run: Pick<RunManifest, 'params' | 'loggedParams'>): Record<string, ParamValue> {
  const logged = new Set(run.loggedParams ?? []);
  const out = Object.create(null) as Record<string, ParamValue>;
  for (const [name, value] of Object.entries(run.params)) if (!logged.has(name)) out[name] = value;
  return { ...out }; // a plain object again; spreading keeps a `__proto__` name as an own property
}

/**
 * The manifest fields after folding `logged` in: declared params first and unchanged (a declared
 * param wins over a logged one of the same name: it is what Runlens passed and what a reproduction
 * passes again), then each logged-only param; `loggedParams` names the logged-only ones.
 */
export function foldLoggedParams(run: Pick<RunManifest, 'params' | 'loggedParams'>, logged: LoggedParams): Pick<RunManifest, 'params' | 'loggedParams'> {
  const declared = declaredParams(run);
  const params = Object.create(null) as Record<string, ParamValue>;
  Object.assign(params, declared);
  const names: string[] = [];
  for (const [name, value] of logged) {
    if (Object.prototype.hasOwnProperty.call(declared, name)) continue;
    params[name] = value;
    names.push(name);
  }
  return names.length > 0 ? { params: { ...params }, loggedParams: names } : { params: { ...params } };
}

/** Whether `name` is a param the run's script logged rather than one Runlens passed. */
export function isLoggedParam(run: Pick<RunManifest, 'loggedParams'>, name: string): boolean {
  return run.loggedParams?.includes(name) ?? false;
}
