// `runlens logs RUN [-f]`: prints a run's captured output (stdout and stderr as they arrived), byte
// for byte; with -f keeps printing what the run writes until the run ends.
import { open, type FileHandle } from 'node:fs/promises';
import { optFlag, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { requireRun } from '../lookup';
import { TERMINAL_STATUSES } from '../../core/model';

/** How often -f looks for new output and for the run's end. */
const FOLLOW_INTERVAL_MS = 200;
const CHUNK = 1024 * 1024;

/** Writes `buf` to stdout, waiting when the consumer is slower than the file. */
function write(buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(buf, (err) => (err ? reject(err) : resolve()));
  });
}

/** Copies the file from `offset` to its current end; returns the new offset. */
async function copyFrom(file: FileHandle, offset: number): Promise<number> {
  const buf = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    const { bytesRead } = await file.read(buf, 0, CHUNK, offset);
    if (bytesRead === 0) return offset;
    await write(buf.subarray(0, bytesRead));
    offset += bytesRead;
  }
}

async function openLog(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('logs takes exactly one run (id, name or id prefix)', 'logs --help');
  const key = args.positionals[0] ?? '';
  const m = await requireRun(ctx, key);
  const path = ctx.store().logPath(m.id);
  const follow = optFlag(args, 'follow');
  let file = await openLog(path);
  let offset = 0;
  try {
    if (file) offset = await copyFrom(file, offset);
    if (!follow) return 0;
    let ended = TERMINAL_STATUSES.includes(m.status);
    while (!ended) {
      await new Promise((r) => setTimeout(r, FOLLOW_INTERVAL_MS));
      // Read the status before the file, so output written just before the end is not missed.
      ended = TERMINAL_STATUSES.includes((await ctx.store().getRun(m.id))?.status ?? 'finished');
      file ??= await openLog(path);
      if (file) offset = await copyFrom(file, offset);
    }
    return 0;
  } finally {
    await file?.close();
  }
}

/** The `logs` command. */
export const logsCommand: Command = {
  name: 'logs',
  summary: "print a run's captured output (-f: follow until the run ends)",
  usage: 'logs RUN [-f]',
  description: 'Prints stdout and stderr of the run, interleaved as they arrived, exactly as captured.',
  options: [{ name: 'follow', short: 'f', type: 'boolean', help: 'keep printing new output until the run ends' }],
  examples: ['runlens logs brave-otter-3', 'runlens logs brave-otter-3 -f'],
  run,
};
