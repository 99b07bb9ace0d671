// Measures the Lineage view in a real workbench (code-server + chromium, the packaged extension) on
// a 2,000-node lineage: layout, drawing and pan/zoom frames on the page's own clock, each round a
// fresh window. Prints one line `LINEAGE_TIMINGS {json}` per round; bench/lineageView.bench.ts runs
// it under the VS Code lock.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measureProjectLineage } from '../e2e/lineageFigures';
import { writeLineageStore } from '../e2e/lineageStore';
import { Workbench } from '../e2e/workbench';
import { packageVsix } from './package';

async function main(): Promise<void> {
  const rounds = Number(process.env.RUNLENS_LINEAGE_ROUNDS ?? 3);
  process.env.RUNLENS_VSIX ??= packageVsix();
  const root = mkdtempSync('/tmp/rllineage-');
  const workspace = join(root, 'lineage-2000');
  mkdirSync(workspace);
  try {
    await writeLineageStore(workspace, 111);
    for (let i = 0; i < rounds; i++) {
      const wb = await Workbench.open({ workspace });
      try {
        console.log(`LINEAGE_TIMINGS ${JSON.stringify(await measureProjectLineage(wb))}`);
      } finally {
        await wb.close();
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
