// Hovers in runlens.yaml: schema descriptions on keys, what each value of a param produced in past
// runs (under params, under sweep, `${name}` in a command), an experiment's runs; escaped run data.
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { paramValueKey } from '../../../src/core/compare/paramDiff';
import { type ParamValue, type RunManifest } from '../../../src/core/model';
import { hoverAt, type RunsResultOf } from '../../../src/server/hover';
import { type RunsResult } from '../../../src/server/runCache';
import { CONFIG, newestFirst, positionAfter, run, summary } from './fixtures';

/** Three lr values over five runs of train (val_loss, min) and two runs of evaluate (acc, max). */
const RUNS = newestFirst([
  run('keen-panda-1', 'train', { lr: 0.1, layers: 2 }, { val_loss: summary(0.9, 0.5) }),
  run('calm-river-2', 'train', { lr: 0.01, layers: 2 }, { val_loss: summary(0.8, 0.3, 0.35) }),
  run('bold-fox-3', 'train', { lr: 0.01, layers: 4 }, { val_loss: summary(0.6, 0.4) }, 'failed'),
  run('shy-owl-4', 'train', { lr: '0.01', layers: 2 }, { val_loss: summary(0.7) }),
  run('odd|name*5', 'train', { lr: 0.001, layers: 2, label: '<img src=x>|*b*' }, {}, 'running'),
  run('eval-a', 'evaluate', { ckpt: 'a.pt' }, { acc: summary(0.7, 0.9) }),
  run('eval-b', 'evaluate', { ckpt: 'b.pt' }, { acc: summary(0.95, 0.8) }),
]);

const fromRuns = (runs: readonly RunManifest[]): RunsResultOf => (exp) => Promise.resolve<RunsResult>({ ok: true, runs: runs.filter((r) => r.experiment === exp) });

async function hover(text: string, needle: string, runsOf: RunsResultOf = fromRuns(RUNS), back = 1): Promise<string | undefined> {
  const p = positionAfter(text, needle);
  const h = await hoverAt(text, p.line, p.character - back, runsOf);
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : undefined;
}

describe('runlens.yaml hovers', () => {
  it('shows the schema description of a key', async () => {
    assert.match(await hover(CONFIG, '      goal') ?? '', /smaller or a larger primary metric/);
    assert.match(await hover(CONFIG, '        cache') ?? '', /content-addressed copies/);
    assert.match(await hover(CONFIG, '    params: { ckpt') ?? '', /^\*\*ckpt\*\* · param of evaluate/); // flow mapping key
  });

  it('tables what each value of a param produced: runs, best primary by the goal, the run, the last run', async () => {
    const md = await hover(CONFIG, '      lr');
    assert.equal(md, [
      '**lr** · param of train · 4 values in 5 runs',
      '',
      // Every column aligned explicitly (a header without one is centred) and padded, so the
      // raw text lines up too (Neovim and Helix show it as it is).
      '| lr      | runs | best val\\_loss (min) | run            |',
      '| :------ | ---: | -------------------: | :------------- |',
      '| 0\\.01   |    2 |                  0.3 | calm\\-river\\-2 |',
      '| 0\\.1    |    1 |                  0.5 | keen\\-panda\\-1 |',
      '| "0\\.01" |    1 |                  0.7 | shy\\-owl\\-4    |',
      '| 0\\.001  |    1 |                    — | —              |',
      '',
      'Last run: odd\\|name\\*5 (running) used lr = 0\\.001',
    ].join('\n'));
  });

  it('ranks by a max goal and shows the same table on a sweep key and on ${name} in the command', async () => {
    const ckpt = await hover(CONFIG, '"--ckpt=${ckp');
    assert.match(ckpt ?? '', /\| b\\\.pt +\| +1 \| +0\.95 \| eval\\-b +\|\n\| a\\\.pt +\| +1 \| +0\.9 \| eval\\-a +\|/);
    const params = await hover(CONFIG, '      lr');
    assert.match(params ?? '', /4 values in 5 runs/);
    const sweepLine = CONFIG.split('\n').indexOf('    sweep:') + 1;
    const sweep = await hoverAt(CONFIG, sweepLine, 7, fromRuns(RUNS));
    assert.deepEqual(sweep?.range, { start: { line: sweepLine, character: 6 }, end: { line: sweepLine, character: 8 } });
    assert.equal(typeof sweep?.contents === 'object' && 'value' in sweep.contents ? sweep.contents.value : undefined, params);
    assert.equal(await hover(CONFIG, '--lr ${l'), params);
  });

  it('gives the table a gutter of non-breaking spaces for a client that renders Markdown (VS Code draws no cell padding)', async () => {
    const p = positionAfter(CONFIG, '      lr');
    const h = await hoverAt(CONFIG, p.line, p.character - 1, fromRuns(RUNS), true);
    const md = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    const table = md.split('\n').filter((l) => l.startsWith('|'));
    assert.equal(table[0], '| lr      | &nbsp;&nbsp;&nbsp;runs | &nbsp;&nbsp;&nbsp;best val\\_loss (min) | &nbsp;&nbsp;&nbsp;run            |');
    assert.equal(table[2], '| 0\\.01   |    &nbsp;&nbsp;&nbsp;2 |                  &nbsp;&nbsp;&nbsp;0.3 | &nbsp;&nbsp;&nbsp;calm\\-river\\-2 |');
  });

  it('escapes Markdown and HTML in run data', async () => {
    const md = await hover(CONFIG, '      lab') ?? '';
    assert.ok(md.includes('&lt;img src=x&gt;\\|\\*b\\*'), md);
    assert.ok(!md.includes('<img'), md);
  });

  it('summarises an experiment on its name, and says plainly when it has no runs', async () => {
    const md = await hover(CONFIG, '  trai') ?? '';
    assert.match(md, /^\*\*train\*\* · 5 runs: 3 finished, 1 failed, 1 running\n/);
    assert.match(md, /Best: calm\\-river\\-2 with val\\_loss = 0\.3 \(min\)/);
    assert.match(await hover(CONFIG, '  eval', fromRuns([])) ?? '', /No runs yet/);
    assert.match(await hover(CONFIG, '      lay', fromRuns([])) ?? '', /No runs of train yet/);
  });

  it('gives the hover without run data and a note when the store cannot be read', async () => {
    const md = await hover(CONFIG, '      lr', () => Promise.resolve({ ok: false, message: 'bad format.json' }));
    assert.equal(md, '**lr**\n\nPast runs could not be read: bad format\\.json');
  });

  it('reads a position past the end of its line as the end of that line, never as the next line', async () => {
    const p = positionAfter(CONFIG, '    params:');
    // 8 characters past `    params:` would be the `lr` key of the next line without clamping.
    const h = await hoverAt(CONFIG, p.line, p.character + 8, fromRuns(RUNS));
    assert.doesNotMatch(JSON.stringify(h), /param of train/);
    // Far past the end of the command line is its end: the `${layers}` that closes it.
    const command = CONFIG.split('\n')[p.line - 1] ?? '';
    const far = await hoverAt(CONFIG, p.line - 1, command.length + 500, fromRuns(RUNS));
    assert.deepEqual(far, await hoverAt(CONFIG, p.line - 1, command.length, fromRuns(RUNS)));
    assert.match(JSON.stringify(far), /layers/);
  });

  it('still hovers keys in a file that no longer parses', async () => {
    const broken = `${CONFIG}  bad: [unclosed\n    x: "y\n`;
    assert.match(await hover(broken, '      goal') ?? '', /smaller or a larger/);
    assert.match(await hover(broken, '      lay') ?? '', /param of train/);
  });

  it('groups values the way the engine compares params', () => {
    const values: ParamValue[] = [0.01, '0.01', 1, '1', true, 'true', null, 'null', NaN, 0, -0, ''];
    for (const a of values) for (const b of values) assert.equal(paramValueKey(a) === paramValueKey(b), isDeepStrictEqual(a, b), `${String(a)} vs ${String(b)}`);
  });
});
