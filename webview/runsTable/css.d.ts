// Lets TypeScript accept the page's css import, which esbuild bundles into dist/webview/runsTable.css.
declare module '*.css';
