// Lets TypeScript accept the page's css import, which esbuild bundles into dist/webview/runDetail.css.
declare module '*.css';
