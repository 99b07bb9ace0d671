// 100 MB of arbitrary bytes (invalid UTF-8, CR, ESC, NUL) through `runlens run`: what reaches the
// terminal side and what lands in output.log are byte-identical to what the child wrote, and
// metric lines scattered through it are still captured.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, cliEnv, onlyRun, startCli, tempWorkspace } from '../cli/harness';

const TOTAL = 100 * 1024 * 1024;
const METRIC_EVERY = 10 * 1024 * 1024;

/** Writes TOTAL random bytes in random-sized writes plus a metric line every 10 MB; hashes all of it. */
const WRITER = `
const crypto = require('crypto');
const fs = require('fs');
const hash = crypto.createHash('sha256');
let written = 0, nextMetric = ${METRIC_EVERY}, step = 0;
function put(buf) { hash.update(buf); let o = 0; while (o < buf.length) o += fs.writeSync(1, buf, o); }
while (written < ${TOTAL}) {
  const n = Math.min(1 + crypto.randomInt(256 * 1024), ${TOTAL} - written);
  put(crypto.randomBytes(n));
  written += n;
  if (written >= nextMetric) {
    put(Buffer.from('\\n@runlens ' + JSON.stringify({ step: step++, metrics: { mb: written / 1048576 } }) + '\\n'));
    nextMetric += ${METRIC_EVERY};
  }
}
fs.writeFileSync('child.sha256', hash.digest('hex'));
`;

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (b) => h.update(b)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

describe('runlens run: pass-through', function () {
  this.timeout(60_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'writer.js': WRITER });
  });
  afterEach(() => cleanup(ws));

  it('passes 100 MB through intact to the terminal and output.log', async () => {
    const cli = startCli(['run', '--', 'node', 'writer.js'], ws, cliEnv());
    const terminal = createHash('sha256');
    let bytes = 0;
    cli.stdout?.on('data', (b: Buffer) => {
      terminal.update(b);
      bytes += b.length;
    });
    let stderr = '';
    cli.stderr?.on('data', (b: Buffer) => { stderr += b.toString(); });
    const code = await new Promise<number | null>((resolve) => cli.once('close', resolve));
    assert.equal(code, 0, stderr);

    const expected = readFileSync(join(ws, 'child.sha256'), 'utf8');
    assert.ok(bytes >= TOTAL);
    assert.equal(terminal.digest('hex'), expected, 'terminal side differs from what the child wrote');
    const m = await onlyRun(ws);
    assert.equal(await sha256File(join(ws, '.runlens', 'runs', m.id, 'output.log')), expected, 'output.log differs');
    assert.equal(m.metrics.mb?.count, Math.floor(TOTAL / METRIC_EVERY));
  });
});
