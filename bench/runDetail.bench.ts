// Run Detail benchmark: the snapshot the page gets when it opens a run of 4 metrics x 250,000 steps
// (1,000,000 points) with a 100 MB log (every series downsampled to 1,000 points, the last 500 log
// lines), beside four readSeries calls; and one live increment (100 new lines of metrics and log).
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLogFrom } from '../src/views/detail/logLines';
import { seriesData } from '../src/views/detail/present';
import { pointsByMetric, readDetailSeries } from '../src/views/detail/series';
import { formatMetricRecord } from '../src/core/metrics/record';
import { RunStore } from '../src/core/store/store';
import { inTempWorkspace, recordRun } from './fixtures';
import { report, timeMedian } from './report';

const STEPS = 250_000;
const METRICS = ['loss', 'val_loss', 'acc', 'lr'];
const LOG_BYTES = 100 * 2 ** 20;

/** Measures the snapshot and one increment in a temp workspace, removed afterwards. */
export async function bench(): Promise<void> {
  await inTempWorkspace('detail', async (ws) => {
    const store = RunStore.open(ws);
    const line = 'epoch 123 loss=0.1234 val_loss=0.2345 acc=0.9123 some more text to make a line\n';
    const records = Array.from({ length: STEPS }, (_, s) => ({ time: 1.7e12 + s, step: s, values: Object.fromEntries(METRICS.map((m, i) => [m, Math.sin(s / 1000 + i)])) }));
    const id = await recordRun(store, ws, records, (runId) => writeFileSync(store.logPath(runId), line.repeat(Math.ceil(LOG_BYTES / line.length))));
    const w = { id, metricsFile: join(store.runDir(id), 'metrics.jsonl') };
    const dir = store.runDir(id);

    let bytes = 0;
    const snapshot = await timeMedian(7, async () => {
      const [series, log] = await Promise.all([
        readDetailSeries(dir, METRICS, { terminal: true, maxPoints: 1000 }),
        readLogFrom(store.logPath(w.id), 0, { final: true, maxLines: 500 }),
      ]);
      bytes = JSON.stringify({ series: series.series.map(seriesData), log: log.lines }).length;
    });
    const peer = await timeMedian(7, async () => {
      for (const m of METRICS) await store.readSeries(w.id, m, { maxPoints: 1000 });
    });
    console.log(`  snapshot message: ${(bytes / 1024).toFixed(0)} KB`);
    report({ name: `detail snapshot, ${METRICS.length} metrics x ${STEPS} steps + 100 MB log`, value: snapshot, unit: 'ms',
      baseline: { name: `${METRICS.length} x readSeries`, value: peer }, target: '<= 150 ms', pass: snapshot <= 150 });

    // One live increment: 100 new metric lines and log lines, read from the offsets.
    const start = await readDetailSeries(dir, METRICS, { terminal: false });
    const logStart = await readLogFrom(store.logPath(w.id), 0, { final: false, maxLines: 500 });
    const extra = Array.from({ length: 100 }, (_, i) => formatMetricRecord({ time: 1.8e12 + i, step: STEPS + i, values: { loss: i } })).join('');
    appendFileSync(w.metricsFile, extra);
    appendFileSync(store.logPath(w.id), line.repeat(100));
    const increment = await timeMedian(9, async () => {
      const t = await store.tailMetrics(w.id, start.offset);
      pointsByMetric(t.records);
      await readLogFrom(store.logPath(w.id), logStart.offset, { final: false, maxLines: 500 });
    });
    report({ name: 'detail live increment (100 metric lines + 100 log lines)', value: increment, unit: 'ms', target: '<= 10 ms', pass: increment <= 10 });
  });
}
