// Puts files of the example project (docs/example) into the suite's workspace folder for one
// suite, and puts back what was there before: the integration suites share one workspace.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (the suites run from out/test/integration). */
export const ROOT = resolve(__dirname, '..', '..', '..');

/** Copies `files` of docs/example into `ws`; the returned function removes them and `extra`, and restores the originals. */
export function useExampleFiles(ws: string, files: readonly string[]): (extra?: readonly string[]) => void {
  const saved = new Map<string, string>();
  for (const f of ['runlens.yaml', 'train.py']) if (existsSync(join(ws, f))) saved.set(f, readFileSync(join(ws, f), 'utf8'));
  for (const f of files) cpSync(join(ROOT, 'docs', 'example', f), join(ws, f), { recursive: true });
  return (extra = []) => {
    for (const f of [...files, ...extra]) rmSync(join(ws, f), { recursive: true, force: true });
    for (const [f, text] of saved) writeFileSync(join(ws, f), text);
  };
}
