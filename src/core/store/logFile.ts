// The run's output.log as its one writer (the supervisor) appends to it: synchronous appends, so the log keeps pace
// with the terminal (a slow disk slows the child like a slow terminal does, memory stays flat) and
// a failing disk never stops the run — capture just ends and the error is kept for the report.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from './layout';

/** An open output.log. */
export interface LogFile {
  write(chunk: Buffer): void;
  close(): Promise<void>;
  /** The first write error, if capture had to stop. */
  readonly error: Error | undefined;
}

/** Opens `<runDir>/output.log` for appending raw bytes (stdout and stderr as they arrive). */
export function openLogFile(runDir: string): LogFile {
  const fd = openSync(join(runDir, RUN_FILES.log), 'a');
  let error: Error | undefined;
  let open = true;
  return {
    write(chunk) {
      if (error || !open) return;
      try {
        for (let o = 0; o < chunk.length;) o += writeSync(fd, chunk, o);
      } catch (e) {
        error = e as Error;
      }
    },
    close() {
      if (open) {
        open = false;
        closeSync(fd);
      }
      return Promise.resolve();
    },
    get error() {
      return error;
    },
  };
}
