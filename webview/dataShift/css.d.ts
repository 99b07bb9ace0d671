// Lets TypeScript accept the page's css import, which esbuild bundles into dist/webview/dataShift.css.
declare module '*.css';
