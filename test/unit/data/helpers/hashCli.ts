// A tiny program for tests that need hashing in another process (e.g. as an unprivileged user, where
// chmod 000 really denies reading): `node hashCli.js ROOT SPEC...` prints the HashResult manifests as JSON.
import { hashDatasets } from '../../../../src/core/data/hash';

async function main(): Promise<void> {
  const [root, ...specs] = process.argv.slice(2);
  if (root === undefined) throw new Error('usage: hashCli ROOT SPEC...');
  const result = await hashDatasets(root, specs, { workers: 0 });
  process.stdout.write(JSON.stringify(result.manifests));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
