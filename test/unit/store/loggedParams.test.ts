// Logged params (`{"params": {...}}` lines of metrics.jsonl) are folded into run.json by the ingest:
// across several ingests, last value wins, a declared param keeps its value, user edits keep them,
// and a crashed run's recovery folds them too.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { declaredParams, foldLoggedParams } from '../../../src/core/params/logged';
import { RunStore } from '../../../src/core/store/store';
import { tempWorkspace } from './helpers/util';

const base = { experiment: 'train', command: ['x'], shell: false, cwd: '/w', params: { lr: 0.1 }, env: {} };
const params = (p: Record<string, unknown>): string => `${JSON.stringify({ t: 1, params: p })}\n`;

describe('logged params folded into the run', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: RunStore;
  beforeEach(() => { ws = tempWorkspace(); store = RunStore.open(ws.dir); });
  afterEach(() => ws.cleanup());

  it('accumulates params lines over ingests; the last value of a name wins; declared params win', async () => {
    const w = await store.createRun(base);
    appendFileSync(w.metricsFile, params({ arch: 'mlp', seed: 1 }));
    await w.ingest();
    assert.deepEqual((await store.getRun(w.id))?.loggedParams, ['arch', 'seed']);
    appendFileSync(w.metricsFile, params({ seed: 2, lr: 5, __proto__x: true }) + params({ ['__proto__']: 'odd' }));
    const m = await w.finish({ status: 'finished', exitCode: 0, signal: null });
    assert.deepEqual(Object.entries(m.params), [['lr', 0.1], ['arch', 'mlp'], ['seed', 2], ['__proto__x', true], ['__proto__', 'odd']]);
    assert.deepEqual(m.loggedParams, ['arch', 'seed', '__proto__x', '__proto__']);
    // A user edit (rename) rewrites run.json: the folded params and their marks survive it.
    await store.update(w.id, { name: 'renamed' });
    const again = await store.getRun(w.id);
    assert.deepEqual(again?.params, m.params);
    assert.deepEqual(again?.loggedParams, m.loggedParams);
    assert.deepEqual(declaredParams(again ?? m), { lr: 0.1 });
  });

  it('folds them when a reader recovers a crashed run', async () => {
    const w = await store.createRun(base);
    // A supervisor on this host that is gone: the pid of a process that has exited.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await w.markStarted({ host: hostname(), supervisorPid: gone, childPid: null }, {});
    appendFileSync(w.metricsFile, params({ arch: 'cnn' }));
    const m = await store.getRun(w.id);
    assert.equal(m?.status, 'crashed');
    assert.deepEqual(m?.params, { lr: 0.1, arch: 'cnn' });
  });

  it('is idempotent and keeps declared params first', () => {
    const once = foldLoggedParams({ params: { lr: 1 } }, [['a', 2], ['lr', 3]]);
    assert.deepEqual(once, { params: { lr: 1, a: 2 }, loggedParams: ['a'] });
    assert.deepEqual(foldLoggedParams(once, [['a', 4]]), { params: { lr: 1, a: 4 }, loggedParams: ['a'] });
    assert.deepEqual(foldLoggedParams({ params: { lr: 1 } }, []), { params: { lr: 1 } });
  });
});
