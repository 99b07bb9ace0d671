// `remote:` and `dataCache:` in runlens.yaml: a folder or s3:// remote with endpoint and region,
// normalised for the engine; credentials refused where they are written (as a key or in a URL),
// with diagnostics, completion and hovers from the same schema the engine checks.
import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/config';
import { DEFAULT_DATA_CACHE_MAX_BYTES } from '../../../src/core/config/remoteConfig';
import { describeRemote, looksLikeRemote, parseRemote, remoteKey } from '../../../src/core/remote/spec';
import { completionsAt, PLAIN_CLIENT } from '../../../src/server/completion';
import { hoverAt } from '../../../src/server/hover';

const BASE = 'experiments:\n  train:\n    command: python train.py\n';
const parse = (extra: string): ReturnType<typeof parseConfig> => parseConfig(BASE + extra, '/work/team/runlens.yaml');
const errors = (extra: string): string[] => parse(extra).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

describe('remote: in runlens.yaml', () => {
  it('takes a folder (relative to the config) or an s3:// URL, with endpoint and region', () => {
    assert.deepEqual(parse('remote: ../shared/runlens\n').remote, { kind: 'folder', path: '/work/shared/runlens' });
    assert.deepEqual(parse('remote: /mnt/nfs/cache\n').remote, { kind: 'folder', path: '/mnt/nfs/cache' });
    assert.deepEqual(parse('remote: s3://team-bucket/ml/runlens/\n').remote, { kind: 's3', bucket: 'team-bucket', prefix: 'ml/runlens' });
    const full = parse('remote:\n  url: s3://team-bucket\n  endpoint: http://127.0.0.1:9000\n  region: eu-west-1\n');
    assert.deepEqual(full.remote, { kind: 's3', bucket: 'team-bucket', prefix: '', endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1' });
    assert.deepEqual(full.problems, []);
    assert.equal(parse('').remote, undefined);
  });

  it('refuses credentials as a key or inside a URL, with the line and where credentials go', () => {
    const key = parse('remote:\n  url: s3://team-bucket/x\n  secretAccessKey: hunter2\n');
    assert.equal(key.remote, undefined);
    assert.match(key.remoteError ?? '', /"secretAccessKey" is a credential and is refused here: .*AWS_ACCESS_KEY_ID/);
    assert.deepEqual(errors('remote:\n  url: s3://team-bucket/x\n  accessKeyId: AKIA\n').map((e) => e.split(' ')[0]), ['6:3']);
    const inUrl = parse('remote: s3://AKIA:hunter2@team-bucket/x\n');
    assert.equal(inUrl.remote, undefined);
    assert.match(errors('remote: s3://AKIA:hunter2@team-bucket/x\n')[0] ?? '', /^4:9 the remote s3:\/\/\*\*\*@team-bucket\/x carries credentials/);
    assert.doesNotMatch(inUrl.remoteError ?? '', /hunter2/);
    assert.match(errors('remote:\n  url: s3://b-1\n  endpoint: http://me:pw@s3.local\n').join(), /carries credentials/);
  });

  it('explains other unusable remotes', () => {
    assert.match(errors('remote: s3://A_B/x\n').join(), /not an S3 bucket name/);
    assert.match(errors('remote: ftp://host/x\n').join(), /unsupported remote/);
    assert.match(errors('remote:\n  url: /mnt/x\n  region: eu-west-1\n').join(), /apply only to an s3:\/\/ remote/);
    assert.match(errors('remote:\n  endpoint: http://x\n').join(), /missing the required key "url"/);
    assert.ok(parse('remote: 3\n').remoteError, 'a schema error makes the remote unusable too');
  });

  it('reads dataCache.maxSize, 20G by default, 0 for no cap', () => {
    assert.equal(parse('').dataCacheMaxBytes, undefined);
    assert.equal(DEFAULT_DATA_CACHE_MAX_BYTES, 20 * 1024 ** 3);
    assert.equal(parse('dataCache: { maxSize: 500M }\n').dataCacheMaxBytes, 500 * 1024 ** 2);
    assert.equal(parse('dataCache: { maxSize: 0 }\n').dataCacheMaxBytes, 0);
    assert.match(errors('dataCache: { maxSize: lots }\n').join(), /must be a size/);
  });

  it('tells a remote from a run on the command line, and names it without secrets', () => {
    assert.deepEqual(['s3://b-1/x', '/mnt/x', './x', '../x', 'brave-otter-3', '20261207-1'].map(looksLikeRemote), [true, true, true, true, false, false]);
    const spec = parseRemote('s3://team-bucket/p', '/', { endpoint: 'http://127.0.0.1:9000' });
    assert.equal(describeRemote(spec), 's3://team-bucket/p at http://127.0.0.1:9000');
    assert.notEqual(remoteKey(spec), remoteKey(parseRemote('s3://team-bucket/q', '/', { endpoint: 'http://127.0.0.1:9000' })));
  });

  it('completes and explains the keys in the editor', async () => {
    const text = `${BASE}remote:\n  url: s3://b-1/x\n  \n`;
    const items = await completionsAt(text, 5, 2, () => Promise.resolve([]), PLAIN_CLIENT);
    assert.deepEqual(items.map((i) => i.label), ['endpoint', 'region']);
    const h = await hoverAt(`${BASE}remote: /mnt/x\n`, 3, 2, () => Promise.resolve({ ok: true, runs: [] }));
    assert.match(h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '', /never from this file/);
  });
});
