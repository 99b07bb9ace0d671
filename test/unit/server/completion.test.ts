// Completion in runlens.yaml: schema keys not yet present, enum values, `${param}` in commands,
// param names under sweep, metric names past runs logged or patterns capture; and nothing thrown
// on half-typed files.
import * as assert from 'node:assert/strict';
import { type CompletionItem } from 'vscode-languageserver';
import { InsertTextFormat } from 'vscode-languageserver';
import { completionsAt, PLAIN_CLIENT, type CompletionFeatures, type RunsOf } from '../../../src/server/completion';
import { CONFIG, positionAfter, run, summary } from './fixtures';

const noRuns: RunsOf = () => Promise.resolve([]);
/** What the VS Code client declares: snippets, and its command that opens the suggestions. */
const VSCODE: CompletionFeatures = { snippets: true, suggestCommand: 'editor.action.triggerSuggest' };

async function complete(text: string, needle: string, runsOf: RunsOf = noRuns, nth = 0, features: CompletionFeatures = VSCODE): Promise<CompletionItem[]> {
  const p = positionAfter(text, needle, nth);
  return completionsAt(text, p.line, p.character, runsOf, features);
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const edit = (item: CompletionItem | undefined): unknown => (item?.textEdit && 'range' in item.textEdit ? item.textEdit : undefined);

describe('runlens.yaml completion', () => {
  it('offers the keys of an experiment that are not there yet, with their description', async () => {
    const text = CONFIG.replace('  evaluate:', '    sh\n  evaluate:');
    const items = await complete(text, '    sh');
    assert.deepEqual(labels(items).sort(), ['cwd', 'env', 'executor', 'outputs', 'reproduce', 'shell']);
    const shell = items.find((i) => i.label === 'shell');
    const p = positionAfter(text, '    sh');
    assert.deepEqual(edit(shell), { range: { start: { line: p.line, character: 4 }, end: p }, newText: 'shell: ' });
    assert.match(JSON.stringify(shell?.documentation), /through the shell/);
    // A key with values goes on to them; one without (cwd) does not pop up an empty list.
    assert.equal(shell?.command?.command, 'editor.action.triggerSuggest');
    assert.equal(items.find((i) => i.label === 'cwd')?.command, undefined);
  });

  it('offers keys at the top level and in metrics and a dataset entry', async () => {
    const top = `${CONFIG}ve`;
    assert.deepEqual(labels(await completionsAt(top, top.split('\n').length - 1, 2, noRuns)), ['snapshot', 'systemMetrics', 'monitor', 'profile', 'remote', 'dataCache']); // the others are present
    const noVersion = `${CONFIG.replace('version: 1\n', '')}ver`;
    assert.deepEqual(labels(await completionsAt(noVersion, noVersion.split('\n').length - 1, 3, noRuns)), ['version', 'snapshot', 'systemMetrics', 'monitor', 'profile', 'remote', 'dataCache']);
    const metrics = CONFIG.replace('      goal: min', '      ');
    assert.deepEqual(labels(await completionsAt(metrics, metrics.split('\n').indexOf('      '), 6, noRuns)), ['goal', 'patterns']);
    const pattern = CONFIG.replace('      goal: min', "      patterns:\n        - regex: '(?<loss>\\S+)'\n          ");
    assert.deepEqual(labels(await completionsAt(pattern, pattern.split('\n').indexOf('          '), 10, noRuns)), ['keyvalue', 'keys', 'step']);
    const tolerance = CONFIG.replace('      goal: min', '      goal: min\n    reproduce:\n      tolerance:\n        metrics:\n          loss:\n            ');
    assert.deepEqual(labels(await completionsAt(tolerance, tolerance.split('\n').indexOf('            '), 12, noRuns)), ['abs', 'rel']);
    const dataset = CONFIG.replace('        cache: true', '        ');
    assert.deepEqual(labels(await completionsAt(dataset, dataset.split('\n').indexOf('        '), 8, noRuns)), ['cache']);
  });

  it('offers enum and boolean values', async () => {
    assert.deepEqual(labels(await complete(CONFIG.replace('goal: min', 'goal: '), 'goal: ')), ['min', 'max']);
    // Mid-value, the whole value is replaced (not the comment after it).
    const mid = CONFIG.replace('goal: min', 'goal: min  # lower is better');
    const p = positionAfter(mid, 'goal: m');
    const [first] = await completionsAt(mid, p.line, p.character, noRuns);
    assert.deepEqual(edit(first), { range: { start: { line: p.line, character: 12 }, end: { line: p.line, character: 15 } }, newText: 'min' });
    assert.deepEqual(labels(await complete(CONFIG.replace('        cache: true', '        cache: t'), 'cache: t')), ['true', 'false']);
  });

  it('completes ${ in a command with that experiment\'s params and closes the brace once', async () => {
    const text = CONFIG.replace('--layers ${layers}', '--layers ${layers} --label ${');
    const items = await complete(text, '--label ${');
    assert.deepEqual(labels(items), ['lr', 'layers', 'label']);
    assert.equal(items[0]?.detail, 'param of train (default 0.01)');
    const p = positionAfter(text, '--label ${');
    assert.deepEqual(edit(items[2]), { range: { start: p, end: p }, newText: 'label}' });
    // An editor that auto-closed the brace: the edit replaces it instead of adding another.
    const closed = CONFIG.replace('--layers ${layers}', '--layers ${layers} --x ${la}');
    const c = positionAfter(closed, '--x ${la');
    const closedItems = await completionsAt(closed, c.line, c.character, noRuns);
    assert.deepEqual(edit(closedItems[0]), { range: { start: { line: c.line, character: c.character - 2 }, end: { line: c.line, character: c.character + 1 } }, newText: 'lr}' });
    // A folded multi-line command.
    const folded = CONFIG.replace('    command: python train.py --lr ${lr} --layers ${layers}', '    command: >-\n      python train.py\n      --lr ${');
    assert.deepEqual(labels(await complete(folded, '      --lr ${')), ['lr', 'layers', 'label']);
    // The list form, and an escaped $${ that is no placeholder.
    assert.deepEqual(labels(await complete(CONFIG.replace('"--ckpt=${ckpt}"', '"--ckpt=${'), '"--ckpt=${')), ['ckpt', 'batch']);
    assert.deepEqual(labels(await complete(CONFIG.replace('--lr ${lr}', () => '--lr $${'), '--lr $${')), []);
  });

  it('offers declared params not yet swept under sweep:', async () => {
    const text = CONFIG.replace('      lr: [0.1, 0.01]', '      lr: [0.1, 0.01]\n      ');
    const line = text.split('\n').indexOf('      ');
    const items = await completionsAt(text, line, 6, noRuns, VSCODE);
    assert.deepEqual(labels(items), ['layers', 'label']);
    assert.deepEqual(edit(items[0]), { range: { start: { line, character: 6 }, end: { line, character: 6 } }, newText: 'layers: [$1]' });
    assert.equal(items[0]?.insertTextFormat, InsertTextFormat.Snippet);
  });

  it('sends no snippet and no client command to a client that declared neither', async () => {
    const sweep = CONFIG.replace('      lr: [0.1, 0.01]', '      lr: [0.1, 0.01]\n      ');
    const line = sweep.split('\n').indexOf('      ');
    const params = await completionsAt(sweep, line, 6, noRuns, PLAIN_CLIENT);
    assert.deepEqual(params.map((i) => [edit(i), i.insertTextFormat]), ['layers', 'label'].map((p) => [
      { range: { start: { line, character: 6 }, end: { line, character: 6 } }, newText: `${p}: ` }, InsertTextFormat.PlainText]));
    const keys = await complete(CONFIG.replace('  evaluate:', '    sh\n  evaluate:'), '    sh', noRuns, 0, PLAIN_CLIENT);
    assert.deepEqual(keys.filter((i) => i.command !== undefined || i.insertTextFormat === InsertTextFormat.Snippet), []);
    assert.ok(keys.some((i) => i.label === 'shell'));
  });

  it('reads a position past the end of its line as the end of that line', async () => {
    const text = CONFIG.replace('      goal: min', '      goal: m');
    const p = positionAfter(text, '      goal: m');
    const items = await completionsAt(text, p.line, p.character + 40, noRuns, VSCODE);
    assert.deepEqual(labels(items), ['min', 'max']);
    const lines = text.split('\n');
    assert.deepEqual(await completionsAt(text, lines.length + 3, 0, noRuns, VSCODE), await completionsAt(text, lines.length - 1, 0, noRuns, VSCODE));
  });

  it('offers the metrics past runs of the experiment logged for metrics.primary, most common first, never system/*', async () => {
    const runsOf: RunsOf = (exp) => Promise.resolve(exp === 'train'
      ? [run('a', 'train', {}, { val_loss: summary(1), acc: summary(0.5), 'system/cpu_percent': summary(90) }),
        run('b', 'train', {}, { val_loss: summary(2), 'system/cpu_percent': summary(80), 'system/memory_mb': summary(900) })]
      : []);
    const text = CONFIG.replace('primary: val_loss', 'primary: v');
    const items = await complete(text, 'primary: v', runsOf);
    assert.deepEqual(labels(items), ['val_loss', 'acc']);
    assert.equal(items[0]?.detail, 'logged by 2 runs of train');
    assert.deepEqual(labels(await complete(text, 'primary: v', noRuns)), []);
  });

  it('offers the metrics the experiment\'s patterns capture for metrics.primary, after those runs logged', async () => {
    const text = CONFIG.replace('      primary: val_loss\n', [
      '      primary: v',
      '      patterns:',
      "        - regex: 'epoch (?<step>\\d+) loss=(?<loss>\\S+) top1=(?P<top1>\\S+)'",
      '        - keyvalue: "^\\[eval\\]"',
      '          keys: [val_loss, it]',
      '          step: it',
      '',
    ].join('\n'));
    const runsOf: RunsOf = () => Promise.resolve([run('a', 'train', {}, { val_loss: summary(1) })]);
    const items = await complete(text, 'primary: v', runsOf);
    assert.deepEqual(labels(items), ['val_loss', 'loss', 'top1'], 'logged first, then the pattern names; never a step');
    assert.equal(items[1]?.detail, 'captured by a metric pattern of train');
  });

  it('gives what it can on a broken file and never throws at any point of a truncated one', async () => {
    const broken = CONFIG.replace('      goal: min', '      goal: [min\n      pr: "').replace('    metrics:', '    metr ics:\n    metrics:') + '    ';
    const lines = broken.split('\n');
    const items = await completionsAt(broken, lines.length - 1, 4, noRuns);
    assert.ok(labels(items).includes('shell'), labels(items).join());
    for (let end = 0; end <= CONFIG.length; end += 3) {
      const text = CONFIG.slice(0, end);
      const last = text.split('\n');
      await completionsAt(text, last.length - 1, (last[last.length - 1] ?? '').length, noRuns);
    }
  });
});
