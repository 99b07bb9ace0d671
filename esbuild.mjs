// One build for every bundle Runlens ships (extension host, language server, CLI, one per webview)
// and, with --tests, for the test suites, runners and benchmarks. Modelled on the VS Code samples'
// esbuild script: `--watch` rebuilds on change, `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

/** Files below `dir` whose name passes `keep`, relative to the repo root. */
function filesUnder(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : filesUnder(path, keep);
    return keep(name) ? [path] : [];
  });
}

/** Prints esbuild's problems in the `file:line:col` form VS Code's problem matcher reads. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * `import { validate } from 'runlens:schema-validator'` gets runlens.schema.json compiled to code at
 * build time (ajv standalone): compiling the schema at run time cost every `runlens` call, the
 * extension and the language server 60-80 ms. Regenerated on every build, so schema edits apply.
 */
const schemaValidator = {
  name: 'schema-validator',
  setup(build) {
    const schemaFile = join(import.meta.dirname, 'src/core/config/runlens.schema.json');
    build.onResolve({ filter: /^runlens:schema-validator$/ }, () => ({ path: schemaFile, namespace: 'schema-validator' }));
    build.onLoad({ filter: /.*/, namespace: 'schema-validator' }, () => {
      const require = createRequire(import.meta.url);
      const Ajv = require('ajv').default;
      const standalone = require('ajv/dist/standalone').default;
      const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, code: { source: true, esm: true } });
      const code = standalone(ajv, ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8'))));
      return { contents: code, loader: 'js', resolveDir: import.meta.dirname, watchFiles: [schemaFile] };
    });
  },
};

/**
 * The S3 remote (and the AWS SDK it needs, 1.5 MB) is its own bundle, dist/s3.js, loaded only when
 * an s3:// remote is used: inside cli.js it cost every `runlens` call about 150 ms of parsing.
 */
const s3Apart = {
  name: 's3-apart',
  setup(build) {
    build.onResolve({ filter: /\/s3Remote\.js$/ }, () => ({ path: './s3.js', external: true }));
  },
};

const common = {
  bundle: true,
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'silent',
  plugins: [problemReporter, schemaValidator],
};

const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/** Each webview is a folder under webview/ with a main.ts; it becomes dist/webview/<folder>.js. */
const webviewEntries = readdirSync('webview', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('webview', d.name, 'main.ts')))
  .map((d) => ({ in: join('webview', d.name, 'main.ts'), out: d.name }));

const apart = { plugins: [...common.plugins, s3Apart] };
const configs = [
  { ...nodeCommon, ...apart, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...nodeCommon, entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js' },
  {
    ...nodeCommon,
    ...apart,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...nodeCommon, entryPoints: ['src/core/remote/s3Remote.ts'], outfile: 'dist/s3.js' },
];
if (webviewEntries.length > 0) {
  configs.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
  });
}

if (tests) {
  // Tests keep their npm packages external (resolved from node_modules at run time) so a suite
  // exercises the same library code the bundles contain, without re-bundling it per file.
  const testEntries = [
    ...filesUnder('test', (n) => n.endsWith('.ts') && !n.endsWith('.d.ts')),
    ...filesUnder('bench', (n) => n.endsWith('.ts')),
  ];
  configs.push({
    ...nodeCommon,
    sourcemap: true,
    minify: false,
    entryPoints: testEntries,
    outdir: 'out',
    outbase: '.',
    packages: 'external',
    external: ['vscode'],
  });
}

/** The webviews' icon font ships beside their bundles (the only place their CSP lets them load from). */
function copyCodicons() {
  mkdirSync('dist/webview', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules/@vscode/codicons/dist', file), join('dist/webview', file));
}
copyCodicons();

if (watch) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const started = Date.now();
  const results = await Promise.allSettled(configs.map((c) => esbuild.build(c)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) process.exit(1);
  const outputs = configs.map((c) => c.outfile ?? c.outdir).map((p) => relative('.', p));
  console.log(`built ${[...new Set(outputs)].join(', ')} in ${Date.now() - started} ms`);
}
