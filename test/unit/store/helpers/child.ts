// A separate process for the store tests (built to out/test/unit/store/helpers/child.js): writes
// runs, creates runs concurrently, or starts a run and waits to be killed, exactly as a supervisor would.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../../../src/core/store/store';

async function main(): Promise<void> {
  const [mode = '', workspace = '', arg = '0'] = process.argv.slice(2);
  const store = RunStore.open(workspace);
  if (mode === 'write') {
    // One run writing `arg` points of two metrics in batches, ingesting now and then, like a supervisor.
    const points = Number(arg);
    const w = await store.createRun({ experiment: 'conc', command: ['x'], shell: false, cwd: workspace, params: {}, env: {} });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    for (let i = 0; i < points; i += 100) {
      const batch = [];
      for (let s = i; s < Math.min(points, i + 100); s++) batch.push({ time: Date.now(), step: s, values: { loss: s, 'acc/val': -s } });
      await w.appendMetrics(batch);
      if (i % 2000 === 0) await w.ingest();
    }
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    process.stdout.write(`${w.id}\n`);
  } else if (mode === 'create') {
    for (let i = 0; i < Number(arg); i++) {
      const w = await store.createRun({ experiment: null, command: ['x'], shell: false, cwd: workspace, params: {}, env: {} });
      process.stdout.write(`${w.id} ${w.manifest().name}\n`);
    }
  } else if (mode === 'create-named') {
    // One run named `arg`; prints its id, or `taken` when another run holds the name.
    const w = await store.createRun({ name: arg, experiment: null, command: ['x'], shell: false, cwd: workspace, params: {}, env: {} })
      .catch((e: unknown) => { if (/already used by run/.test(String(e))) return undefined; throw e; });
    process.stdout.write(`${w?.id ?? 'taken'}\n`);
  } else if (mode === 'hang') {
    // Starts a run, logs and ingests some points, appends more without ingesting, then waits to be killed.
    const w = await store.createRun({ experiment: null, command: ['x'], shell: false, cwd: workspace, params: {}, env: {} });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    await w.appendMetrics([{ time: Date.now(), step: 0, values: { loss: 1 } }]);
    await w.ingest();
    await w.appendMetrics([{ time: Date.now(), step: 1, values: { loss: 0.5 } }]);
    process.stdout.write(`${w.id}\n`);
    setInterval(() => void w.heartbeat(), 1000);
  } else if (mode === 'queue') {
    // Like a sweep: queues one run, starts another, then waits to be killed.
    const waiting = await store.createRun({ experiment: null, command: ['x'], shell: false, cwd: workspace, params: {}, env: {}, status: 'queued' });
    const started = await store.createRun({ experiment: null, command: ['x'], shell: false, cwd: workspace, params: {}, env: {}, status: 'running' });
    process.stdout.write(`${waiting.id} ${started.id}\n`);
    setInterval(() => void started.heartbeat(), 1000);
  } else if (mode === 'read-manifest') {
    // Reads run.json in a tight loop for `arg` ms; prints how many reads failed to parse.
    const path = join(workspace, '.runlens', 'runs', process.argv[5] ?? '', 'run.json');
    let reads = 0;
    let torn = 0;
    for (const end = Date.now() + Number(arg); Date.now() < end; reads++) {
      try {
        JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        torn++;
      }
    }
    process.stdout.write(`${reads} ${torn}\n`);
  } else if (mode === 'edit-list') {
    // Edits the note of each given run `arg` times, listing summaries after every edit (an index writer).
    const ids = process.argv.slice(5);
    for (let i = 1; i <= Number(arg); i++) {
      for (const id of ids) await store.update(id, { note: `note ${i}` });
      const listed = await store.listSummaries();
      for (const id of ids) if (listed.find((s) => s.id === id)?.note !== `note ${i}`) throw new Error(`listing missed the edit ${i} of ${id}`);
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
