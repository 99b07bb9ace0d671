// A small git project for the reproduce suites: a deterministic Node "training" script reading a
// cached and an uncached dataset (both git-ignored, as data usually is), a non-deterministic one,
// and a fingerprint of everything the user owns (files with mtimes, index, HEAD, refs, worktrees).
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, writeFiles } from '../git/helpers/repo';

const TRAIN = (version: number): string => `
const fs = require('fs');
const VERSION = ${version};
const a = fs.readFileSync('data/cached.csv', 'utf8').trim().split('\\n').map(Number);
const b = fs.readFileSync('data/plain.csv', 'utf8').trim().split('\\n').map(Number);
const lr = Number(process.argv[process.argv.indexOf('--lr') + 1]);
let w = 0;
for (let step = 1; step <= 5; step++) {
  w += lr * (a.reduce((s, x) => s + x, 0) - b.reduce((s, x) => s + x, 0) * w) / (step * VERSION);
  console.log('@runlens ' + JSON.stringify({ step, metrics: { loss: 1 / (1 + Math.abs(w)), w } }));
}
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync('out/model.txt', String(w));
`;

const NOISY = `
const fs = require('fs');
const v = Math.random();
console.log('@runlens ' + JSON.stringify({ step: 1, metrics: { noise: v } }));
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync('out/noise.txt', String(v));
`;

const CONFIG = `version: 1
experiments:
  train:
    command: node train.js --lr \${lr}
    params: { lr: 0.01 }
    datasets:
      - { path: data/cached.csv, cache: true }
      - data/plain.csv
    outputs: [out/model.txt]
  noisy:
    command: node noisy.js
    outputs: [out/noise.txt]
`;

/** Version 1 of train.js (the one the first run uses); later versions change its metrics. */
export const trainScript = TRAIN;

/** A repository on `main` with the project committed and its (ignored) data written. */
export function makeProject(): string {
  const repo = makeRepo({ 'runlens.yaml': CONFIG, 'train.js': TRAIN(1), 'noisy.js': NOISY, '.gitignore': 'data/\nout/\n' });
  writeFiles(repo, { 'data/cached.csv': '1\n2\n3\n', 'data/plain.csv': '4\n5\n' });
  return repo;
}

function sha1(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('hex');
}

/**
 * Everything a reproduction must leave alone: each file below the repository (path, mode, mtime,
 * content; the store excluded, it gains the new run), the index, HEAD, every ref but
 * refs/runlens, the stash and the list of worktrees.
 */
export function userState(repo: string): Record<string, string> {
  const lines: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(repo, rel)).sort()) {
      if (rel === '' && (name === '.git' || name === '.runlens')) continue;
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(repo, p));
      if (st.isDirectory()) walk(p);
      else lines.push(`${p} ${st.mode.toString(8)} ${st.mtimeMs} ${sha1(readFileSync(join(repo, p)))}`);
    }
  };
  walk('');
  const gitDir = join(repo, '.git');
  const read = (p: string): string => (existsSync(p) ? sha1(readFileSync(p)) : 'absent');
  return {
    files: lines.join('\n'),
    index: read(join(gitDir, 'index')),
    head: readFileSync(join(gitDir, 'HEAD'), 'utf8'),
    refs: git(repo, 'for-each-ref', '--format=%(refname) %(objectname)').split('\n').filter((l) => !l.startsWith('refs/runlens/')).join('\n'),
    stash: git(repo, 'stash', 'list'),
    worktrees: git(repo, 'worktree', 'list', '--porcelain'),
  };
}
