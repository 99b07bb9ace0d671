// Creating a run is all or nothing: a run name is reserved atomically (one winner among concurrent
// creators, never a name left empty or held by no run), and a write that fails while a run is made
// (a full disk, injected through the store's io seam) leaves no run folder and no name behind. On a
// filesystem without hard links (FAT, exFAT: link fails, injected through the same seam) names are
// reserved by an exclusive create, with the same guarantees.
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

/** The real io on a filesystem without hard links: link() fails with `code`, as FAT's does. */
function noLinks(code: string, io: StoreIo = NODE_STORE_IO): StoreIo {
  return { ...io, linkFile: (_existing, path) => Promise.reject(Object.assign(new Error(`${code}: operation not permitted, link '${path}'`), { code, syscall: 'link' })) };
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

  it('reserves names where the filesystem has no hard links: one winner, holding its id, nothing left over', async () => {
    const store = RunStore.open(ws.dir);
    await store.ensure();
    for (const code of ['EPERM', 'ENOTSUP', 'EXDEV']) {
      const layout = new StoreLayout(store.root, noLinks(code));
      const ids = Array.from({ length: 16 }, (_, i) => `run-${i}`);
      const won = await Promise.all(ids.map((id) => reserveName(layout, `Shared ${code}`, id)));
      assert.equal(won.filter(Boolean).length, 1, code);
      assert.equal(await nameOwner(layout, `shared ${code}`), ids[won.indexOf(true)], code);
    }
    assert.deepEqual(nameFiles(), ['shared%20enotsup', 'shared%20eperm', 'shared%20exdev'], 'no reserver\'s private file is left');
    const fat = RunStore.open(ws.dir, { io: noLinks('EPERM') });
    const run = await fat.createRun({ ...RUN, name: 'on-fat' });
    assert.equal(await nameOwner(new StoreLayout(store.root), 'on-fat'), run.manifest().id);
    await assert.rejects(fat.createRun({ ...RUN, name: 'On-FAT' }), new RegExp(`already used by run ${run.manifest().id}`));
    assert.match((await fat.createRun(RUN)).manifest().name, /^[a-z]+-[a-z]+-\d+$/, 'a generated name too');
  });

  it('leaves no name behind when writing it fails where the filesystem has no hard links', async () => {
    const store = RunStore.open(ws.dir);
    await store.ensure();
    const broken = new StoreLayout(store.root, noLinks('EPERM', failing('createFile', /names\/half$/)));
    await assert.rejects(reserveName(broken, 'half', 'run-a'), /ENOSPC/);
    assert.deepEqual(nameFiles(), []);
    assert.equal(await reserveName(new StoreLayout(store.root, noLinks('EPERM')), 'half', 'run-b'), true, 'the name is still free');
  });

  it('does not fall back when linking a name fails for another reason', async () => {
    const store = RunStore.open(ws.dir);
    await store.ensure();
    await assert.rejects(reserveName(new StoreLayout(store.root, noLinks('EIO')), 'io', 'run-a'), /EIO/);
    assert.deepEqual(nameFiles(), []);
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
