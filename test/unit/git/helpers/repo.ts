// Real git repositories in temp dirs for the code-capture tests, plus an independent oracle: a
// fingerprint of everything a capture must leave untouched, and the tree a snapshot must contain.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const dirs: string[] = [];
const configDir = mkdtempSync(join(tmpdir(), 'runlens-gitcfg-'));
const emptyConfig = join(configDir, 'gitconfig');
writeFileSync(emptyConfig, '');
process.on('exit', () => rmSync(configDir, { recursive: true, force: true }));

/**
 * Environment for captures: no global or system git config (so no user.name: the capture must not
 * need one), and no GIT_* variables leaking in from whatever started the tests.
 */
export const CAPTURE_ENV: Record<string, string> = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith('GIT_') && v !== undefined)) as Record<string, string>,
  GIT_CONFIG_GLOBAL: emptyConfig,
  GIT_CONFIG_NOSYSTEM: '1',
};

/** The tests' own git commands, which do commit, so they carry an identity. */
const TEST_ENV = { ...CAPTURE_ENV, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };

/** Runs git in `cwd` and returns stdout (trailing newline kept off). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: TEST_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n$/, '');
}

/** A fresh temp dir, removed by {@link cleanupTemp}. */
export function tempDir(prefix = 'runlens-git-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Removes every temp dir made so far. */
export function cleanupTemp(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes files (creating folders) below `root`. */
export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
}

/** A repository on branch main with `files` committed (none: a repository without commits). */
export function makeRepo(files: Record<string, string | Buffer> = {}, dir = join(tempDir(), 'repo')): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  if (Object.keys(files).length > 0) {
    writeFiles(dir, files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

function sha1(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('hex');
}

function blobId(content: Buffer): string {
  return sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
}

/** Every file below `root` (skipping any `.git`), with type, mode and content hash. */
function workingTreeHash(root: string): string {
  const lines: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      if (name === '.git') continue;
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, p));
      if (st.isDirectory()) walk(p);
      else if (st.isSymbolicLink()) lines.push(`L ${JSON.stringify(p)} ${readlinkSync(join(root, p))}`);
      else lines.push(`F ${JSON.stringify(p)} ${st.mode.toString(8)} ${st.mtimeMs} ${sha1(readFileSync(join(root, p)))}`);
    }
  };
  walk('');
  return sha1(lines.join('\n'));
}

/** What a capture must never change: index bytes, lock, working tree, HEAD and its log, config, refs (except refs/runlens), stash. */
export function fingerprint(top: string): Record<string, string> {
  const index = git(top, 'rev-parse', '--path-format=absolute', '--git-path', 'index');
  const gitDir = git(top, 'rev-parse', '--absolute-git-dir');
  const read = (p: string): string => (existsSync(p) ? sha1(readFileSync(p)) : 'absent');
  return {
    index: read(index),
    indexLock: read(`${index}.lock`),
    worktree: workingTreeHash(top),
    headFile: readFileSync(join(gitDir, 'HEAD'), 'utf8'),
    headLog: read(join(gitDir, 'logs', 'HEAD')),
    config: read(join(git(top, 'rev-parse', '--path-format=absolute', '--git-common-dir'), 'config')),
    refs: git(top, 'for-each-ref', '--format=%(refname) %(objectname)').split('\n').filter((l) => !l.startsWith('refs/runlens/')).join('\n'),
    stash: git(top, 'stash', 'list'),
  };
}

/**
 * The tree a snapshot must hold, computed independently of the capture: tracked plus untracked,
 * not ignored paths that exist, minus `skipped`, each as "mode id path" with its current content.
 */
export function expectedTree(top: string, skipped: readonly string[] = []): string[] {
  const listed = git(top, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  const paths = [...new Set(listed.map((p) => p.replace(/\/$/, '')))].filter((p) => !skipped.includes(p));
  const rows: string[] = [];
  for (const p of paths) {
    const full = join(top, p);
    if (!existsSync(full) && !isLink(full)) continue;
    const st = lstatSync(full);
    if (st.isSymbolicLink()) rows.push(`120000 ${blobId(Buffer.from(readlinkSync(full)))} ${p}`);
    else if (st.isDirectory()) rows.push(`160000 ${git(full, 'rev-parse', 'HEAD')} ${p}`);
    else rows.push(`${st.mode & 0o111 ? '100755' : '100644'} ${blobId(readFileSync(full))} ${p}`);
  }
  return rows.sort();
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The snapshot's tree as "mode id path" rows. */
export function actualTree(top: string, tree: string): string[] {
  return git(top, 'ls-tree', '-r', '-z', tree).split('\0').filter(Boolean)
    .map((rec) => {
      const tab = rec.indexOf('\t');
      const [mode, , id] = rec.slice(0, tab).split(' ');
      const path = rec.slice(tab + 1);
      return `${mode} ${id} ${path}`;
    })
    .sort();
}
