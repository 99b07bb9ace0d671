// The HTML shell of every Runlens webview: a strict nonce CSP (no inline script, no eval, only the
// extension's own files), the theme's codicons and one bundle from dist/webview. Nothing from run
// data ever goes into this string; the page renders run data itself, as text, from messages.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Options every Runlens webview panel is created with: scripts on, and only our own files readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** A fresh nonce for one page load. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The Content-Security-Policy of a page whose only script carries `nonce`. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    // Styles come from our own files; the web components adopt constructed style sheets.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** What a page is made of: its bundle (dist/webview/<bundle>.js and the .css esbuild emits beside it) and title. */
export interface PageSpec {
  readonly bundle: string;
  readonly title: string;
}

/** The page of one webview: CSP, codicons stylesheet (found by @vscode-elements by its id) and the bundle. */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, spec: PageSpec): string {
  const nonce = makeNonce();
  const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset(`${spec.bundle}.css`)}">
<title>${escapeHtml(spec.title)}</title>
</head>
<body>
<div id="root" role="main"></div>
<script nonce="${nonce}" src="${asset(`${spec.bundle}.js`)}"></script>
</body>
</html>`;
}

/** Escapes text for an HTML text or attribute position (used only for our own titles). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
