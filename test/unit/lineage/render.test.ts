// DOT and Mermaid renderings of the lineage: every name is escaped, so a hostile run or file name
// stays a label and cannot add nodes, edges or markup.
import * as assert from 'node:assert/strict';
import { buildLineage } from '../../../src/core/lineage/graph';
import { dotString, mermaidText, toDot, toMermaid } from '../../../src/core/lineage/render';
import { file, run } from './fixtures';

const HOSTILE = 'x"]; evil -> pwned; a["<img src=x onerror=alert(1)>\\l\nnext';

describe('lineage renderings', () => {
  it('escapes DOT strings: quotes, backslashes and line breaks', () => {
    assert.equal(dotString('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  });

  it('turns everything but plain text into Mermaid entity codes', () => {
    assert.equal(mermaidText('a"b<c>[d]'), 'a#34;b#60;c#62;#91;d#93;');
    assert.equal(mermaidText('é'), '#233;');
  });

  it('renders a graph with a hostile run name and path without any line escaping its label', () => {
    const a = run('writer', [], [file(HOSTILE, 'c')], { name: HOSTILE });
    const b = run('reader', [file('in.csv', 'c')], []);
    const g = buildLineage([a, b]);
    const dot = toDot(g);
    const lines = dot.split('\n');
    assert.equal(lines.length, 2 + g.nodes.length + g.edges.length + 1, 'one line per node and edge');
    assert.ok(!/evil -> pwned;\s*$/m.test(dot.replace(/"(?:[^"\\]|\\.)*"/g, '""')), 'nothing outside quoted strings but syntax');
    for (const l of lines.slice(2, -1)) assert.match(l, /^ {2}"(?:[^"\\]|\\.)*"( -> "(?:[^"\\]|\\.)*")? ?(\[.*\])?;$/);
    const mermaid = toMermaid(g);
    const [head, ...rest] = mermaid.split('\n');
    assert.equal(head, 'flowchart LR');
    assert.equal(rest.length, g.nodes.length + g.edges.length);
    for (const l of rest) assert.match(l, /^ {2}(n\d+\[\(?"[^"<>[\]\n]*"\)?\]|n\d+ (-->|-\.->) n\d+)$/, l);
  });
});
