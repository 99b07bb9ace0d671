// `runlens status` and `runlens lineage` of the built CLI over a real three-stage pipeline
// (prepare -> train -> evaluate, linked by the files they write and read) run by the real runner.
import * as assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, listRuns, runCli, tempWorkspace } from './harness';

/** Copies its input to its output with a stage mark, like a real stage transforms its data. */
const STAGE = `
const fs = require('fs');
const [input, output, mark] = process.argv.slice(2);
fs.writeFileSync(output, fs.readFileSync(input, 'utf8') + mark + '\\n');
`;

const CONFIG = `version: 1
experiments:
  prepare:
    command: [node, stage.js, data/raw.csv, features.csv, prepared]
    datasets: [data/raw.csv]
    outputs: [features.csv]
  train:
    command: [node, stage.js, features.csv, model.txt, trained]
    datasets: [features.csv]
    outputs: [model.txt]
  evaluate:
    command: [node, stage.js, model.txt, report.txt, evaluated]
    datasets: [model.txt]
    outputs: [report.txt]
`;

interface Verdict { name: string; experiment: string; stale: boolean; current: boolean; reasons: { kind: string; message: string; run?: string }[] }

describe('runlens status and lineage over a three-stage pipeline', function () {
  this.timeout(60_000);
  let ws: string;

  async function stage(name: string): Promise<void> {
    const r = await runCli(['run', name], ws);
    assert.equal(r.code, 0, r.stderr);
  }

  async function status(): Promise<{ code: number | null; runs: Verdict[] }> {
    const r = await runCli(['status', '--json'], ws);
    return { code: r.code, runs: (JSON.parse(r.out) as { runs: Verdict[] }).runs };
  }

  before(async () => {
    ws = tempWorkspace({ 'stage.js': STAGE, 'runlens.yaml': CONFIG });
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'raw.csv'), 'x,y\n1,2\n');
    for (const s of ['prepare', 'train', 'evaluate']) await stage(s);
  });
  after(() => cleanup(ws));

  it('reports everything up to date (exit 0), then the whole chain stale after a raw data edit (exit 8)', async () => {
    const fresh = await runCli(['status'], ws);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.out, /Everything is up to date \(3 current result\(s\) checked\)/);

    writeFileSync(join(ws, 'data', 'raw.csv'), 'x,y\n1,2\n3,4\n');
    const text = await runCli(['status'], ws);
    assert.equal(text.code, 8, text.stderr);
    assert.match(text.out, /data\/raw\.csv changed since the run read it: 1 file changed \(data\/raw\.csv\)/);
    const s = await status();
    assert.equal(s.code, 8);
    assert.deepEqual(s.runs.map((v) => [v.experiment, v.stale, v.reasons.map((r) => r.kind)]), [
      ['prepare', true, ['data-changed']], ['train', true, ['upstream-stale']], ['evaluate', true, ['upstream-stale']],
    ]);
  });

  it('after prepare reruns, names the newer features as the reason train is stale; fresh again once all reran', async () => {
    await stage('prepare');
    const s = await status();
    const byExp = new Map(s.runs.map((v) => [v.experiment, v]));
    assert.ok(s.runs.every((v) => v.current), 'the old prepare is history, not reported');
    assert.equal(byExp.get('prepare')?.stale, false);
    assert.deepEqual(byExp.get('train')?.reasons.map((r) => r.kind), ['data-changed', 'input-superseded']);
    assert.deepEqual(byExp.get('evaluate')?.reasons.map((r) => r.kind), ['upstream-stale']);
    await stage('train');
    await stage('evaluate');
    assert.equal((await status()).code, 0);
  });

  it('finds the producer of a renamed model by content', async () => {
    renameSync(join(ws, 'model.txt'), join(ws, 'renamed-model.txt'));
    const runs = await listRuns(ws);
    const train = runs.find((m) => m.experiment === 'train');
    assert.ok(train);
    const r = await runCli(['lineage', 'renamed-model.txt', '--up', '--json'], ws);
    assert.equal(r.code, 0, r.stderr);
    const g = JSON.parse(r.out) as { nodes: { kind: string; run?: { id: string; experiment: string } }[] };
    const exps = g.nodes.filter((n) => n.kind === 'run').map((n) => n.run?.experiment);
    assert.deepEqual(exps, ['prepare', 'train'], 'the newest train and the prepare it came from');
    assert.ok(g.nodes.some((n) => n.run?.id === runs[1]?.id), 'the train run');
  });

  it('prints the lineage of a run as text, DOT and Mermaid; a name that matches nothing exits 3', async () => {
    const runs = await listRuns(ws);
    const evaluate = runs.find((m) => m.experiment === 'evaluate');
    assert.ok(evaluate);
    const t = await runCli(['lineage', evaluate.name, '--up'], ws);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.out, /\(prepare\) \[finished\][^\n]*\n {4}read {3}data\/raw\.csv @[0-9a-f]{12}\n {4}wrote {2}features\.csv @/);
    assert.ok(t.out.indexOf('(prepare)') < t.out.indexOf('(train)') && t.out.indexOf('(train)') < t.out.indexOf('(evaluate)'), 'producers first');
    const dot = await runCli(['lineage', evaluate.id, '--up', '--dot'], ws);
    assert.match(dot.out, /^digraph lineage \{/);
    assert.equal((dot.out.match(/ -> /g) ?? []).length, 6, 'three runs, each one read and one write');
    const mermaid = await runCli(['lineage', 'data/raw.csv', '--down', '--mermaid'], ws);
    assert.match(mermaid.out, /^flowchart LR/);
    const none = await runCli(['lineage', 'no-such-thing'], ws);
    assert.equal(none.code, 3);
    assert.equal((await runCli(['lineage', evaluate.id, '--dot', '--json'], ws)).code, 2);
  });

  it('lists the datasets with their versions and the workspace state', async () => {
    const r = await runCli(['datasets', '--json'], ws);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.out) as { spec: string; role: string; changed: boolean; missing: boolean; versions: { inWorkspace: boolean }[] }[];
    assert.deepEqual(list.map((d) => [d.spec, d.role, d.versions.length]), [
      ['data/raw.csv', 'dataset', 2], ['features.csv', 'both', 2], ['model.txt', 'both', 2], ['report.txt', 'output', 2],
    ]);
    const model = list.find((d) => d.spec === 'model.txt');
    assert.deepEqual([model?.missing, model?.changed], [true, true], 'model.txt was renamed away');
    const raw = list.find((d) => d.spec === 'data/raw.csv');
    assert.deepEqual([raw?.changed, raw?.versions.map((v) => v.inWorkspace)], [false, [true, false]]);
    const text = await runCli(['datasets', 'data/raw.csv'], ws);
    assert.match(text.out, /^data\/raw\.csv {2}dataset {2}as the last run saw it\nVERSION/);
    assert.equal((await runCli(['datasets', 'nope.csv'], ws)).code, 3);
  });
});

describe('runlens status over runs that wrote no outputs', function () {
  this.timeout(60_000);
  let ws: string;
  before(async () => {
    ws = tempWorkspace({ 'read.js': "require('fs').readdirSync('data');\n", 'runlens.yaml': 'version: 1\nexperiments:\n  train:\n    command: [node, read.js]\n    datasets: [data]\n' });
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'a.csv'), 'x\n1\n');
    writeFileSync(join(ws, 'data', 'b.csv'), 'x\n2\n');
    assert.equal((await runCli(['run', 'train'], ws)).code, 0);
  });
  after(() => cleanup(ws));

  it('still names the changed file (the input file lists are read only for the inputs that changed)', async () => {
    assert.equal((await runCli(['status'], ws)).code, 0);
    writeFileSync(join(ws, 'data', 'b.csv'), 'x\n3\n');
    const text = await runCli(['status'], ws);
    assert.equal(text.code, 8, text.stderr);
    assert.match(text.out, /data changed since the run read it: 1 file changed \(data\/b\.csv\)/);
  });
});
