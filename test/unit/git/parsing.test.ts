// Pure parsing: credentials stripped from remote URLs, remote choice, porcelain v2 status records
// and name-status diffs (NUL-separated, so names with spaces, tabs and newlines survive).
import * as assert from 'node:assert/strict';
import { parseNameStatus } from '../../../src/core/git/diff';
import { pickRemote, stripCredentials } from '../../../src/core/git/remote';
import { snapshotRef } from '../../../src/core/git/snapshot';
import { parseStatusV2 } from '../../../src/core/git/status';

describe('git parsing', () => {
  it('strips credentials from remote URLs and leaves credential-free forms untouched', () => {
    const cases: [string, string][] = [
      ['https://user:token@github.com/org/x.git', 'https://github.com/org/x.git'],
      ['https://ghp_abc123@github.com/org/x', 'https://github.com/org/x'],
      ['http://u:p%40ss@host:8080/x?y=1', 'http://host:8080/x?y=1'],
      ['https://user:p@ss@host/x', 'https://host/x'],
      ['ssh://git:secret@host:22/org/x.git', 'ssh://git@host:22/org/x.git'],
      ['ssh://git@host/org/x.git', 'ssh://git@host/org/x.git'],
      ['git+ssh://git@host/x', 'git+ssh://git@host/x'],
      ['git@github.com:org/x.git', 'git@github.com:org/x.git'],
      ['user@host:path/with@at.git', 'user@host:path/with@at.git'],
      ['https://github.com/org/x.git', 'https://github.com/org/x.git'],
      ['file:///srv/repos/x.git', 'file:///srv/repos/x.git'],
      ['/srv/repos/x.git', '/srv/repos/x.git'],
      ['../sibling', '../sibling'],
    ];
    for (const [input, want] of cases) assert.equal(stripCredentials(input), want, input);
  });

  it('picks origin, else the first remote, from config -z output', () => {
    const cfg = 'remote.upstream.url\nhttps://a:b@up.example/x\0remote.origin.url\nhttps://tok@o.example/y\0';
    assert.deepEqual(pickRemote(cfg), { name: 'origin', url: 'https://o.example/y' });
    assert.deepEqual(pickRemote('remote.fork.name.url\ngit@h:x.git\0'), { name: 'fork.name', url: 'git@h:x.git' });
    assert.equal(pickRemote(''), null);
  });

  it('parses porcelain v2 records: branch header, ordinary, rename, unmerged, untracked', () => {
    const z = [
      '# branch.oid 1111111111111111111111111111111111111111', '# branch.head feat/x', '# branch.upstream origin/feat/x',
      '1 .M N... 100644 100644 100644 aaaa bbbb with space.txt',
      '1 M. SC.. 160000 160000 160000 cccc dddd vendor/lib',
      '2 R. N... 100644 100644 100644 eeee eeee R100 new\nname', 'old name',
      'u UU N... 100644 100644 100644 100644 a1 a2 a3 conflict.txt',
      '? untracked dir/f\tile', '? nested/', '',
    ].join('\0');
    const s = parseStatusV2(z);
    assert.deepEqual([s.oid, s.branch, s.detached], ['1111111111111111111111111111111111111111', 'feat/x', false]);
    assert.deepEqual(s.entries.map((e) => [e.path, e.x, e.y, e.submodule, e.unmerged, e.origPath]), [
      ['with space.txt', '.', 'M', 'N...', false, undefined],
      ['vendor/lib', 'M', '.', 'SC..', false, undefined],
      ['new\nname', 'R', '.', 'N...', false, 'old name'],
      ['conflict.txt', 'U', 'U', 'N...', true, undefined],
    ]);
    assert.deepEqual(s.untracked, ['untracked dir/f\tile', 'nested/']);
    const unborn = parseStatusV2('# branch.oid (initial)\0# branch.head main\0');
    assert.deepEqual([unborn.oid, unborn.branch, unborn.detached], [null, 'main', false]);
    const detached = parseStatusV2('# branch.oid 22\0# branch.head (detached)\0');
    assert.deepEqual([detached.branch, detached.detached], [null, true]);
    assert.throws(() => parseStatusV2('1 .M\0'), /malformed/);
  });

  it('parses name-status -z output, renames with their old path', () => {
    assert.deepEqual(parseNameStatus('M\0a b.txt\0R087\0old\0new\nline\0A\0added\0D\0gone\0T\0link\0C100\0src\0copy\0'), [
      { path: 'a b.txt', status: 'M' },
      { path: 'new\nline', status: 'R', oldPath: 'old' },
      { path: 'added', status: 'A' },
      { path: 'gone', status: 'D' },
      { path: 'link', status: 'M' },
      { path: 'copy', status: 'A' },
    ]);
  });

  it('builds refs only from ids git accepts in a ref name', () => {
    assert.equal(snapshotRef('20240101T000000-abc'), 'refs/runlens/runs/20240101T000000-abc');
    for (const bad of ['', '../x', 'a/b', 'a..b', 'x.lock', '.hidden', 'sp ace', 'a~1', 'a:b', 'end.']) {
      assert.throws(() => snapshotRef(bad), /ref name/, bad);
    }
  });
});
