// Language server benchmark: a hover on a param of runlens.yaml when all 5,000 runs of the store
// belong to that experiment (the per-value table over every run), with the server's run cache warm,
// beside the full listRuns it saves; plus the first hover (cold cache) and one after a run changed.
import { join } from 'node:path';
import { RunStore } from '../src/core/store/store';
import { hoverAt } from '../src/server/hover';
import { RunCache } from '../src/server/runCache';
import { inTempWorkspace } from './fixtures';
import { report, timeMedian } from './report';
import { generate, RUNS } from './tree.bench';

const CONFIG = [
  'experiments:',
  '  train:',
  '    command: python train.py --lr ${lr} --model ${model}',
  '    params:',
  '      lr: 0.01',
  '      model: vit',
  '    metrics:',
  '      primary: acc',
  '      goal: max',
].join('\n');

/** Builds a store of RUNS runs of one experiment and times hovers on its `lr` param. */
export async function bench(): Promise<void> {
  await inTempWorkspace('lsp', async (workspace) => {
    const storeDir = join(workspace, '.runlens');
    await generate(workspace, ['train']);
    await RunStore.open(workspace).listRuns(); // builds index.json, as any earlier listing would have
    let text = '';
    const hover = async (cache: RunCache): Promise<void> => {
      const h = await hoverAt(CONFIG, 4, 7, (exp) => cache.runsOf(storeDir, exp));
      text = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    };
    const listing = await timeMedian(5, async () => (await RunStore.open(workspace).listRuns()).length);
    const cold = await timeMedian(5, () => hover(new RunCache()));
    if (!text.includes(`${RUNS} runs`)) throw new Error(`the hover did not cover every run: ${text}`);
    console.log(`  hover text: ${text.split('\n')[0] ?? ''}`);
    const warmCache = new RunCache();
    await hover(warmCache);
    const warm = await timeMedian(9, () => hover(warmCache));
    report({ name: `hover on a param, ${RUNS} runs of its experiment, run cache warm`, value: warm, unit: 'ms',
      baseline: { name: 'a full RunStore.listRuns (what every hover would cost without the cache)', value: listing }, target: '<= 20 ms', pass: warm <= 20 });
    report({ name: `first hover (cold cache: listRuns + table) over ${RUNS} runs`, value: cold, unit: 'ms', target: '<= 300 ms', pass: cold <= 300 });
    const first = (await warmCache.runs(storeDir));
    const someId = first.ok ? first.runs[0]?.id : undefined;
    const changed = await timeMedian(9, async () => {
      if (someId) warmCache.changed(storeDir, [someId]);
      await hover(warmCache);
    });
    report({ name: 'hover after the client announced one changed run (re-read of one manifest)', value: changed, unit: 'ms', target: '<= 30 ms', pass: changed <= 30 });
  });
}
