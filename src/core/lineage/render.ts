// Text renderings of a lineage graph for `runlens lineage`: Graphviz DOT and Mermaid, with every
// name escaped so a run or file name can never break out of its label or inject syntax.
import { type LineageGraph, type LineageNode } from './types';

/** Hash characters shown in labels. */
const SHORT = 12;

/** The one-line label of a node: run name and experiment, or data paths and short hash. */
export function nodeLabel(n: LineageNode): string {
  if (n.kind === 'run') {
    const exp = n.run.experiment !== null && n.run.experiment !== n.run.name ? ` (${n.run.experiment})` : '';
    return `${n.run.name}${exp} [${n.run.status}]${n.run.trashed ? ' (trashed)' : ''}`;
  }
  return `${n.specs.join(', ')} @${n.hash.slice(0, SHORT)}`;
}

/** A DOT double-quoted string: backslash, quote and line breaks escaped (so `\l` and friends stay literal). */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;
}

/**
 * Mermaid label text: anything beyond plain letters, digits and a few safe marks becomes a Mermaid
 * entity code (`#34;`), so quotes, brackets and markup in names stay text.
 */
export function mermaidText(s: string): string {
  return s.replace(/[^A-Za-z0-9 _.,:/@()+=-]/gu, (c) => `#${c.codePointAt(0) ?? 0};`);
}

/** The graph as Graphviz DOT: runs as boxes, data versions as notes (versions some run wrote as 3D boxes). */
export function toDot(g: LineageGraph): string {
  const lines = ['digraph lineage {', '  rankdir=LR;'];
  for (const n of g.nodes) {
    const shape = n.kind === 'run' ? 'box' : n.output ? 'box3d' : 'note';
    lines.push(`  ${dotString(n.id)} [shape=${shape}, label=${dotString(nodeLabel(n))}${n.kind === 'run' && n.run.trashed ? ', style=dashed' : ''}];`);
  }
  for (const e of g.edges) {
    const style = e.kind === 'content' ? ' [style=dotted, label="same content"]' : '';
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${style};`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** The graph as a Mermaid flowchart; node ids are generated (n0, n1...), names only appear as labels. */
export function toMermaid(g: LineageGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of g.nodes) {
    const label = `"${mermaidText(nodeLabel(n))}"`;
    lines.push(`  ${ids.get(n.id) ?? ''}${n.kind === 'run' ? `[${label}]` : `[(${label})]`}`);
  }
  for (const e of g.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from !== undefined && to !== undefined) lines.push(`  ${from} ${e.kind === 'content' ? '-.->' : '-->'} ${to}`);
  }
  return lines.join('\n');
}
