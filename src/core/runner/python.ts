// Which Python runs a run: a command that starts with a bare `python` or `python3` gets the
// interpreter the user chose (the editor's selected environment, `--python`), anything else is
// left exactly as written.
import { shellQuote } from '../config/command';

/** Command names that mean "whatever Python is on PATH" and may be replaced. */
const BARE_PYTHON = /^python3?$/;

/** True when `word` is a bare `python`/`python3` (not a path, not a versioned name). */
export function isBarePython(word: string): boolean {
  return BARE_PYTHON.test(word);
}

/**
 * Replaces a leading bare `python`/`python3` of a command by `python`. Argv mode: the first
 * argument. Shell mode (one command line): the first word, shell-quoted. Other commands, and an
 * empty or undefined `python`, come back unchanged.
 */
export function withPython(argv: readonly string[], shell: boolean, python: string | undefined): string[] {
  const out = [...argv];
  if (!python || out.length === 0) return out;
  if (!shell) {
    if (isBarePython(out[0] ?? '')) out[0] = python;
    return out;
  }
  const line = out[0] ?? '';
  const m = /^(\s*)(python3?)(?=\s|$)/.exec(line);
  if (m) out[0] = `${m[1] ?? ''}${shellQuote(python)}${line.slice(m[0].length)}`;
  return out;
}
