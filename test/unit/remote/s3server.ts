// A real S3-compatible server for the data remote tests: s3rver in this process on 127.0.0.1 (a
// free port), storing into a temp folder, with the credentials it accepts put in the environment
// the way a user would (the SDK's default chain reads them); stopped and removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** The bucket every test server has. */
export const BUCKET = 'runlens-test';

/** A running server. `restart` stops and starts it again on the same port and folder. */
export interface TestS3 {
  readonly endpoint: string;
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  dispose(): Promise<void>;
}

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

/** Sets the credentials s3rver accepts in process.env; returns a function restoring what was there. */
export function useTestCredentials(): () => void {
  const saved = Object.fromEntries(Object.keys(CREDENTIALS).map((k) => [k, process.env[k]]));
  Object.assign(process.env, CREDENTIALS);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** The same credentials for a child process's environment. */
export const TEST_CREDENTIALS_ENV: Readonly<Record<string, string>> = CREDENTIALS;

/** Starts a server with BUCKET on a free port of 127.0.0.1. */
export async function startS3(): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-s3rver-'));
  const make = (port: number): S3rver => new S3rver({ address: '127.0.0.1', port, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  let server = make(0);
  const { port } = await server.run();
  let running = true;
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    await server.close();
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    async restart() {
      await stop();
      server = make(port);
      await server.run();
      running = true;
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
