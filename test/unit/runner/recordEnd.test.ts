// A failure of the work done before a run's end (hashing its outputs, `beforeFinish`) is not
// dropped: it becomes a warning on the run, the caller is told, and the end is still recorded.
import * as assert from 'node:assert/strict';
import { recordEnd } from '../../../src/core/runner/recordEnd';
import { RunStore } from '../../../src/core/store/store';
import { tempWorkspace } from '../store/helpers/util';

const base = { experiment: null, command: ['python3', 'train.py'], shell: false, cwd: '/w', params: {}, env: {} };

describe('recordEnd', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  async function endWith(beforeFinish: () => Promise<void>, told: string[]): Promise<RunStore> {
    const store = RunStore.open(ws.dir);
    const writer = await store.createRun(base);
    await writer.markStarted({ host: 'h', supervisorPid: process.pid, childPid: null }, {});
    await writer.setLinks({ data: { hashing: true, datasets: [], outputs: [], warnings: ['a dataset changed while the run ran'] } });
    const end = await recordEnd({
      writer, argv: base.command, exit: { code: 0, signal: null, spawnError: null }, stopped: false, versions: {},
      handOver: () => Promise.resolve(), beforeFinish, onWarning: (m) => told.push(m), diskFull: null, giveUp: new AbortController().signal,
    });
    assert.equal(end.status, 'finished', 'the run still ends as its command did');
    return store;
  }

  it('records a failed beforeFinish as a run warning, keeps the earlier ones, and tells the caller', async () => {
    const told: string[] = [];
    const store = await endWith(() => Promise.reject(new Error('EACCES: permission denied, open outputs/model.pt')), told);
    const [run] = await store.listRuns();
    assert.equal(run?.status, 'finished');
    assert.deepEqual(run?.data?.warnings, [
      'a dataset changed while the run ran',
      'could not finish the run\'s data links (outputs not hashed): EACCES: permission denied, open outputs/model.pt',
    ]);
    assert.deepEqual(told, ['could not finish the run\'s data links (outputs not hashed): EACCES: permission denied, open outputs/model.pt']);
  });

  it('adds no warning when beforeFinish succeeds', async () => {
    const told: string[] = [];
    const store = await endWith(() => Promise.resolve(), told);
    const [run] = await store.listRuns();
    assert.deepEqual(run?.data?.warnings, ['a dataset changed while the run ran']);
    assert.deepEqual(told, []);
  });
});
