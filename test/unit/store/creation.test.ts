// Creating a run is all or nothing: a run name is reserved atomically (one winner among concurrent
// creators, never a name left empty or held by no run), and a write that fails while a run is made
// (a full disk, injected through the store's io seam) leaves no run folder and no name behind.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fsp, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_STORE_IO, type StoreIo } from '../../../src/core/store/io';
import { StoreLayout } from '../../../src/core/store/layout';
import { nameOwner, reserveName } from '../../../src/core/store/names';
import { RunStore } from '../../../src/core/store/store';
import { runChild, tempWorkspace } from './helpers/util';

const RUN = { experiment: null, command: ['x'], shell: false, cwd: '/', params: {}, env: {} } as const;

/** A full disk as the OS reports it. */
function noSpace(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', path });
}

/** The real io, but `which` of its writes to a path matching `where` creates the file empty and then fails. */
function failing(which: keyof StoreIo, where: RegExp): StoreIo {
  return {
    ...NODE_STORE_IO,
    [which]: async (path: string, data: string) => {
      if (!where.test(path)) return NODE_STORE_IO[which](path, data);
      // As a real full disk: the file is opened (created) and the write of its content fails.
      await fsp.writeFile(path, '', { flag: which === 'createFile' ? 'wx' : 'a' });
      throw noSpace(path);
    },
  };
}

describe('store: creating a run is all or nothing', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  const runDirs = (): string[] => readdirSync(join(ws.dir, '.runlens', 'runs'));
  const nameFiles = (): string[] => readdirSync(join(ws.dir, '.runlens', 'names'));

  it('gives a name to exactly one of many concurrent reservers, holding the winner\'s id', async () => {
    const store = RunStore.open(ws.dir);
    await store.ensure();
    const layout = new StoreLayout(store.root);
    const ids = Array.from({ length: 16 }, (_, i) => `run-${i}`);
    const won = await Promise.all(ids.map((id) => reserveName(layout, 'Shared', id)));
    assert.equal(won.filter(Boolean).length, 1);
    assert.equal(await nameOwner(layout, 'shared'), ids[won.indexOf(true)]);
    assert.deepEqual(nameFiles(), ['shared'], 'no reserver\'s private file is left');
  });

  it('lets one of four processes creating a run of the same name have it; the others are told', async function () {
    this.timeout(30_000);
    await RunStore.open(ws.dir).ensure();
    const outs = (await Promise.all([1, 2, 3, 4].map(() => runChild('create-named', ws.dir, 'same-name')))).map((o) => o.trim());
    const made = outs.filter((o) => o !== 'taken');
    assert.equal(made.length, 1, outs.join(', '));
    assert.deepEqual(runDirs(), made, 'the losers left no run folder');
    assert.equal((await RunStore.open(ws.dir).getRun(made[0] ?? ''))?.name, 'same-name');
    assert.equal(await nameOwner(new StoreLayout(join(ws.dir, '.runlens')), 'same-name'), made[0]);
  });

  it('leaves no name held by no run when writing the name fails half way', async () => {
    const store = RunStore.open(ws.dir);
    await store.ensure();
    const broken = new StoreLayout(store.root, failing('createFile', /names/));
    await assert.rejects(reserveName(broken, 'half', 'run-a'), /ENOSPC/);
    const layout = new StoreLayout(store.root);
    assert.equal(await nameOwner(layout, 'half'), undefined);
    assert.equal(await reserveName(layout, 'half', 'run-b'), true, 'the name is still free');
    assert.deepEqual(nameFiles(), ['half']);
  });

  it('removes the run folder and the name when the manifest cannot be written, and says why', async () => {
    const store = RunStore.open(ws.dir, { io: failing('replaceFile', /run\.json$/) });
    const err = await store.createRun({ ...RUN, name: 'full-disk' }).then(() => undefined, (e: unknown) => e as NodeJS.ErrnoException);
    assert.ok(err);
    assert.match(err.message, /^could not create a run in .*: the disk is full \(nothing of the run was kept\)$/);
    assert.equal(err.code, 'ENOSPC', 'front ends still tell a full disk apart');
    assert.deepEqual(runDirs(), []);
    assert.deepEqual(nameFiles(), []);
    const later = await RunStore.open(ws.dir).createRun({ ...RUN, name: 'full-disk' });
    assert.equal(later.manifest().name, 'full-disk', 'the name was given back');
  });

  it('removes the run folder when its name cannot be reserved (a generated name too)', async () => {
    const store = RunStore.open(ws.dir, { io: failing('createFile', /names/) });
    await assert.rejects(store.createRun({ ...RUN, name: 'x' }), (e: NodeJS.ErrnoException) => e.code === 'ENOSPC');
    await assert.rejects(store.createRun(RUN), /could not create a run/);
    assert.deepEqual(runDirs(), []);
    assert.deepEqual(nameFiles(), []);
  });

  it('removes the run folder when its first files cannot be written', async () => {
    for (const file of ['heartbeat', 'metrics.jsonl']) {
      const which = file === 'heartbeat' ? 'createFile' : 'appendFile';
      const store = RunStore.open(ws.dir, { io: failing(which, new RegExp(`${file.replace('.', '\\.')}$`)) });
      await assert.rejects(store.createRun({ ...RUN, name: file }), /the disk is full/);
      assert.deepEqual(runDirs(), [], file);
      assert.deepEqual(nameFiles(), [], file);
    }
    assert.equal(existsSync(join(ws.dir, '.runlens', 'runs')), true);
  });
});
