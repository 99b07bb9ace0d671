// The main job (`npm start`): a real VS Code (code-server) with the packaged Runlens installed,
// opened on a demo workspace made from the example project (a git repository) with a few
// finished runs. Prints the URL and runs until Ctrl+C.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCodeServer } from './codeServer';
import { packageVsix } from './package';
import { cacheDir, ensureToolchain } from './toolchain';

const ROOT = resolve(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(cwd: string, cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

/** A fresh copy of the example as a git repository, with finished runs of the pipeline and raw data changed since. */
function makeDemoWorkspace(workspace: string): void {
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  cpSync(join(ROOT, 'docs', 'example'), workspace, { recursive: true });
  run(workspace, 'git', ['init', '-q', '-b', 'main']);
  run(workspace, 'git', ['add', '-A']);
  run(workspace, 'git', ['-c', 'user.name=Runlens Demo', '-c', 'user.email=demo@localhost', 'commit', '-q', '-m', 'Example project']);
  run(workspace, process.execPath, [CLI, 'run', 'prepare']);
  for (const lr of ['0.03', '0.1', '0.3']) run(workspace, process.execPath, [CLI, 'run', 'train', '-p', `lr=${lr}`, '-p', 'delay=0']);
  run(workspace, process.execPath, [CLI, 'run', 'train-print']);
  run(workspace, process.execPath, [CLI, 'run', 'evaluate']);
  // New raw data since the last prepare: `runlens status` shows prepare -> train -> evaluate stale.
  appendFileSync(join(workspace, 'data', 'raw.csv'), '300,0.5000,-0.2500,1.0000,0.1000,1\n');
}

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
