// Run data never reaches the terminal as escape sequences: metric names, params, notes and the
// output of ls, show, metrics and compare print control characters escaped (NO_COLOR or not),
// JSON still parses to the original strings, and tags with control characters are refused.
import * as assert from 'node:assert/strict';
import { cleanup, cliEnv, onlyRun, runCli, tempWorkspace } from './harness';
import { paint, terminalSafe, type Output } from '../../../src/cli/output';

// An OSC title change, an OSC 8 link, a screen clear, a bell and a one-character C1 CSI.
const HOSTILE = '\u001b]0;pwned\u0007\u001b]8;;http://evil\u001b\\x\u001b[2J\u009b31m';
const TRAIN = `
const name = ${JSON.stringify(`loss${HOSTILE}`)};
console.log('@runlens ' + JSON.stringify({ params: { [name]: ${JSON.stringify(HOSTILE)} } }));
for (let s = 0; s < 3; s++) console.log('@runlens ' + JSON.stringify({ step: s, metrics: { [name]: 1 / (s + 1) } }));
`;

/** Fails when `text` holds any control character but line feed and tab. */
function assertNoControls(what: string, text: string): void {
  const found = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(text);
  assert.equal(found, null, `${what} printed a raw control character (U+${(found?.[0].charCodeAt(0) ?? 0).toString(16).padStart(4, '0')})`);
}

describe('runlens output escapes control characters', function () {
  this.timeout(30_000);
  let ws: string;
  let id: string;

  before(async () => {
    ws = tempWorkspace({ 'train.js': TRAIN });
    const run = await runCli(['run', '--name', 'hostile', '--', 'node', 'train.js'], ws);
    assert.equal(run.code, 0, run.stderr);
    id = (await onlyRun(ws)).id;
    const note = await runCli(['note', id, `see\u001b]0;title\u0007 this\u001b[2J`], ws);
    assert.equal(note.code, 0, note.stderr);
  });
  after(() => cleanup(ws));

  for (const env of [{ name: 'NO_COLOR', env: cliEnv() }, { name: 'no NO_COLOR', env: cliEnv({ NO_COLOR: '' }) }]) {
    it(`ls, show, metrics, compare (${env.name}) print escapes visibly, never raw`, async () => {
      for (const args of [['ls'], ['show', id], ['metrics', id], ['metrics', id, '--csv'], ['compare', id, id], ['ls', '--json'], ['show', id, '--json'], ['metrics', id, '--json']]) {
        const r = await runCli(args, ws, env.env);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        assertNoControls(`runlens ${args.join(' ')}`, r.out);
        assertNoControls(`runlens ${args.join(' ')} (stderr)`, r.stderr);
      }
      const show = await runCli(['show', id], ws, env.env);
      assert.match(show.out, /loss\\u001b\]0;pwned\\u0007/, 'the metric name is shown with its escapes spelled out');
      assert.match(show.out, /see\\u001b\]0;title\\u0007 this\\u001b\[2J/, 'the note too');
    });
  }

  it('JSON output parses back to the original strings', async () => {
    const shown = JSON.parse((await runCli(['show', id, '--json'], ws)).out) as { note: string; metrics: Record<string, unknown>; params: Record<string, unknown> };
    assert.equal(shown.note, `see\u001b]0;title\u0007 this\u001b[2J`);
    assert.ok(Object.keys(shown.metrics).includes(`loss${HOSTILE}`));
  });

  it('tags with control characters or line breaks are refused, on run and on tag', async () => {
    const tag = await runCli(['tag', id, 'ok', 'two\nlines'], ws);
    assert.equal(tag.code, 2, tag.stderr);
    assert.match(tag.stderr, /invalid tag "two\\nlines": a tag cannot contain control characters/);
    const esc = await runCli(['tag', id, '\u001b[2Jx'], ws);
    assert.notEqual(esc.code, 0);
    assert.deepEqual((await onlyRun(ws)).tags, [], 'nothing was tagged');
    const run = await runCli(['run', '--tag', 'a\u009bb', '--', 'node', '-e', '0'], ws);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /invalid tag "a\\u009bb"/);
  });

  it('with colour on, only the styles paint emits survive', () => {
    const o: Output = { color: true, tty: true, out: () => undefined, err: () => undefined };
    const text = `${paint(o, 'red', 'failed')} ${paint(o, 'bold', `name\u001b[2J`)} \u001b]0;t\u0007`;
    assert.equal(terminalSafe(text, true), '\u001b[31mfailed\u001b[0m \u001b[1mname\\u001b[2J\u001b[0m \\u001b]0;t\\u0007');
    assert.equal(terminalSafe(text, false).includes('\u001b'), false);
  });
});
