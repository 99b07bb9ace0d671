// The `runlens` command's entry (dist/cli.js): runs the CLI itself (dist/cliMain.js) through the
// compile cache of codeCache.ts, saving the cache when a call had to compile.
import { join } from 'node:path';
import { compileCacheDir, loadCompiled } from './codeCache';

// One cache per command word (`status`, `ls`...): what each compiles while running differs.
const loaded = loadCompiled(join(__dirname, 'cliMain.js'), compileCacheDir(), { variant: process.argv.slice(2).find((w) => !w.startsWith('-')) });
// At exit, so the cache also holds what the command compiled while it ran (process.exit included).
if (loaded.save) process.once('exit', loaded.save);
