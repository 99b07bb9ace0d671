// Loading lineage records: a version's per-file manifest is read from one run that kept it and
// shared by every run that recorded the same hash; a run whose manifest file is gone or damaged
// leaves it to another; a version nobody kept falls back to the summary; pulled runs are flagged.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lazyLineageRecords, lineageRecords } from '../../../src/core/lineage/load';
import { type RunManifest } from '../../../src/core/model';

const H = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const files = (label: string): { path: string; size: number; sha256: string }[] => [{ path: `data/${label}.csv`, size: 3, sha256: 'c'.repeat(64) }];

function manifest(id: string, hashes: string[], extra: Partial<RunManifest> = {}): RunManifest {
  return {
    id, name: id, experiment: 'train', command: ['python'], status: 'finished', createdAt: '2026-01-01T00:00:00.000Z', params: {},
    data: { hashing: true, warnings: [], outputs: [],
      datasets: hashes.map((hash) => ({ spec: 'data', hash, files: 1, bytes: 3, errors: 0, skipped: 0, missing: false })) },
    ...extra,
  } as unknown as RunManifest;
}

describe('loading lineage records', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'runlens-load-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function runDir(id: string, datasetsJson?: string): string {
    const dir = join(root, id);
    mkdirSync(dir);
    if (datasetsJson !== undefined) writeFileSync(join(dir, 'datasets.json'), datasetsJson);
    return dir;
  }

  it('shares one version\'s files among the runs that recorded its hash, from the first run that kept them', async () => {
    const kept = JSON.stringify([{ spec: 'data', hash: H, files: files('first'), bytes: 3 }]);
    const records = await lineageRecords([
      { m: manifest('r1', [H]), dir: runDir('r1', kept), trashed: false },
      { m: manifest('r2', [H]), dir: runDir('r2', JSON.stringify([{ spec: 'data', hash: H, files: files('second'), bytes: 3 }])), trashed: false },
      { m: manifest('r3', [H]), dir: runDir('r3'), trashed: true },
    ]);
    assert.deepEqual(records.map((r) => r.datasets[0]?.files?.[0]?.path), ['data/first.csv', 'data/first.csv', 'data/first.csv']);
    assert.equal(records[0]?.datasets[0]?.files, records[2]?.datasets[0]?.files, 'one array, not a copy per run');
    assert.deepEqual(records.map((r) => r.trashed), [false, false, true]);
  });

  it('takes a version from the next run when the first one\'s manifest file is gone or damaged', async () => {
    const records = await lineageRecords([
      { m: manifest('r1', [H]), dir: runDir('r1', '{torn'), trashed: false },
      { m: manifest('r2', [H]), dir: runDir('r2'), trashed: false },
      { m: manifest('r3', [H, OTHER]), dir: runDir('r3', JSON.stringify([{ spec: 'data', hash: H, files: files('third'), bytes: 3 }])), trashed: false },
    ]);
    assert.deepEqual(records.map((r) => r.datasets[0]?.files?.[0]?.path), ['data/third.csv', 'data/third.csv', 'data/third.csv']);
    assert.equal(records[2]?.datasets[1]?.files, null, 'a version no run kept in full: the summary only');
    assert.equal(records[2]?.datasets[1]?.fileCount, 1);
  });

  it('flags runs pulled from elsewhere and keeps runs without data', async () => {
    const origin = { author: 'A', email: 'a@x', host: null, remote: 'origin', commit: 'd'.repeat(40) };
    const records = await lineageRecords([
      { m: manifest('mine', []), dir: runDir('mine'), trashed: false },
      { m: manifest('theirs', [], { origin }), dir: runDir('theirs'), trashed: false },
      { m: manifest('none', [], { data: null }), dir: runDir('none'), trashed: false },
    ]);
    assert.deepEqual(records.map((r) => [r.id, r.pulled, r.data]), [['mine', false, 'hashed'], ['theirs', true, 'hashed'], ['none', false, 'none']]);
  });

  it('reads no input manifest until asked, when no run wrote outputs, then only those of the inputs asked for', async () => {
    const two = (label: string): string => JSON.stringify([{ spec: 'data', hash: H, files: files(label), bytes: 3 }, { spec: 'other', hash: OTHER, files: files(`${label}-other`), bytes: 3 }]);
    const m = (id: string): RunManifest => {
      const base = manifest(id, [H]);
      const data = base.data as NonNullable<RunManifest['data']>;
      return { ...base, data: { ...data, datasets: [...data.datasets, { ...data.datasets[0], spec: 'other', hash: OTHER }] } } as RunManifest;
    };
    const lazy = await lazyLineageRecords([{ m: m('r1'), dir: runDir('r1', two('r1')), trashed: false }, { m: m('r2'), dir: runDir('r2', two('r2')), trashed: false }]);
    assert.deepEqual(lazy.records.map((r) => r.datasets.map((v) => v.files)), [[null, null], [null, null]]);
    const asked = await lazy.withInputFiles(new Set(['other']));
    assert.deepEqual(asked.map((r) => r.datasets.map((v) => v.files?.[0]?.path ?? null)), [[null, 'data/r1-other.csv'], [null, 'data/r1-other.csv']]);
  });

  it('reads every input manifest at once when some run recorded outputs (a file of one may be in any input)', async () => {
    const writer = manifest('w', []);
    const wdata = writer.data as NonNullable<RunManifest['data']>;
    const out = { ...writer, data: { ...wdata, outputs: [{ spec: 'out', hash: OTHER, files: 1, bytes: 3, errors: 0, skipped: 0, missing: false }] } } as RunManifest;
    const lazy = await lazyLineageRecords([
      { m: out, dir: runDir('w'), trashed: false },
      { m: manifest('r', [H]), dir: runDir('r', JSON.stringify([{ spec: 'data', hash: H, files: files('read'), bytes: 3 }])), trashed: false },
    ]);
    assert.equal(lazy.records[1]?.datasets[0]?.files?.[0]?.path, 'data/read.csv');
  });
});
