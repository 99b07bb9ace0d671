// Markdown for text that comes from runs (names, params, errors): escaped so it renders literally
// in tooltips and hovers, never as markup or HTML. Shared by the extension and the language server.

/** Text for a Markdown code span, where backslash escapes do not apply: backticks are dropped. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, '').replace(/\r?\n/g, ' ')}\``;
}

/** Escapes text for Markdown so names, params and errors from runs render literally. */
export function escapeMarkdown(text: string): string {
  // <, > and & become entities, not backslash escapes: the workbench turns tooltips into plain text
  // (for the tree's accessibility and search) by a route that would re-read `\<img ...\>` as HTML.
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/\r?\n/g, ' ');
}
