// Lets TypeScript accept the page's css import, which esbuild bundles into dist/webview/dataDiff.css.
declare module '*.css';
