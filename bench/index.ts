// `npm run bench`: runs every benchmark module in bench/ (files named *.bench.ts export `bench()`)
// and ends with a summary; `npm run bench -- NAME` runs only the modules whose file name contains NAME.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { reported } from './report';

interface BenchModule {
  bench(): Promise<void>;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only))).sort();
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  for (const file of files) {
    console.log(`\n== ${file.replace(/\.bench\.js$/, '')}`);
    const mod = (await import(join(__dirname, file))) as BenchModule;
    await mod.bench();
  }
  const figures = reported();
  const missed = figures.filter((f) => !f.pass);
  console.log(`\n${figures.length - missed.length} of ${figures.length} figures within target`);
  for (const f of missed) console.log(`  missed: ${f.name} (${f.target})`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
