// The batch scripts Runlens hands to sbatch. They hold no params: a task script only starts
// `runlens slurm-task` with what sbatch passes after the script's path (argv elements), and the
// two constants it names (the node binary and the CLI bundle) are single-quoted.
import { promises as fsp } from 'node:fs';

/** `s` as one single-quoted word for /bin/sh (a `'` inside becomes `'\''`). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A path for sbatch's `--output`, where `%` starts a pattern: a literal `%` is written `%%`. */
export function slurmPathLiteral(path: string): string {
  return path.replace(/%/g, '%%');
}

/**
 * The script every task of a submission runs: `runlens slurm-task SUBMISSION FIRST` with the node
 * that runs this process and the CLI bundle by absolute path, so tasks run the submitter's Runlens.
 */
export function taskScript(nodePath: string, cliPath: string): string {
  return [
    '#!/bin/sh',
    '# Runlens: one task of a Slurm submission (docs/slurm.md). Arguments: the submission file and the',
    '# index of this array\'s first task; the array task id comes from Slurm\'s environment.',
    `exec ${shellQuote(nodePath)} ${shellQuote(cliPath)} slurm-task "$@"`,
    '',
  ].join('\n');
}

/**
 * The probe job's script: writes its token into the probe file it is given, proving that the
 * compute node sees the store at the same path.
 */
export function probeScript(): string {
  return [
    '#!/bin/sh',
    '# Runlens: checks that a compute node sees the store (docs/slurm.md). Arguments: probe file, token.',
    'printf \'%s\\n\' "$2" > "$1"',
    '',
  ].join('\n');
}

/** Writes an executable script. */
export async function writeScript(path: string, text: string): Promise<void> {
  await fsp.writeFile(path, text, { mode: 0o755 });
}
