// The main job (`npm start`): a real VS Code (code-server) with the packaged Runlens installed,
// opened on a demo workspace made from the example project. Prints the URL and runs until Ctrl+C.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCodeServer } from './codeServer';
import { packageVsix } from './package';
import { cacheDir, ensureToolchain } from './toolchain';

const ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const tc = ensureToolchain();
  const vsix = packageVsix();
  const home = join(cacheDir(), 'demo');
  const workspace = join(home, 'workspace');
  // A fresh copy each start, so the demo always shows the example as shipped.
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  const example = join(ROOT, 'docs', 'example');
  if (existsSync(example)) cpSync(example, workspace, { recursive: true });
  const port = Number(process.env.RUNLENS_DEMO_PORT ?? 8080);
  rmSync(join(home, 'state'), { recursive: true, force: true });
  const server = await startCodeServer(tc, { install: [vsix], port, stateDir: join(home, 'state') });
  console.log(`\nRunlens demo: open ${server.folderUrl(workspace)}\n(code-server log: ${server.logFile}; Ctrl+C stops it)`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`runlens demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
