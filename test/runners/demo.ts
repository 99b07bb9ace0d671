// The main job (`npm start`): a real VS Code (code-server) with the packaged Runlens installed,
// opened on a demo workspace made from the example project (a git repository with two commits)
// with a few finished runs, one made with uncommitted edits. Prints the URL and runs until Ctrl+C.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer } from './codeServer';
import { makeDemoWorkspace } from './demoWorkspace';
import { packageVsix } from './package';
import { cacheDir, ensureToolchain } from './toolchain';

async function main(): Promise<void> {
  const tc = ensureToolchain();
  const vsix = packageVsix();
  const home = join(cacheDir(), 'demo');
  const workspace = join(home, 'iris-classifier');
  makeDemoWorkspace(workspace);
  const port = Number(process.env.RUNLENS_DEMO_PORT ?? 8080);
  rmSync(join(home, 'state'), { recursive: true, force: true });
  const server = await startCodeServer(tc, { install: [vsix], port, stateDir: join(home, 'state') });
  console.log(`\nRunlens demo: open ${server.folderUrl(workspace)}`);
  console.log('In its terminal, try: runlens run train -p lr=0.2 -p delay=0.2   (and watch the Runs view)');
  console.log(`code-server log: ${server.logFile}; Ctrl+C stops it.`);
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
