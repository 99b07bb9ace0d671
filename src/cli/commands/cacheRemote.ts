// `runlens cache push [REMOTE] [RUN...]` and `runlens cache pull [REMOTE] [RUN...]`: the data remote
// (docs/sharing.md#the-data-remote). REMOTE is a URL or folder path; without one the configured
// `remote:` is used, and with neither the command refuses. Progress goes to stderr.
import { optFlag, type ParsedArgs } from '../args';
import { type CommandContext } from '../command';
import { CliError, ExitCode } from '../errors';
import { printJson, type Output } from '../output';
import { requireRun } from '../lookup';
import { formatBytes } from '../../core/present/format';
import { chooseRemote, NoRemoteError } from '../../core/remote/open';
import { describeRemote, looksLikeRemote, RemoteSpecError, type RemoteSpec } from '../../core/remote/spec';
import { type RunRef } from '../../core/remote/runObjects';
import { fetchObjects, pullRunData, pushRunData } from '../../core/remote/sync';
import { errorMessage } from '../../core/errors';
import { type TransferProgress } from '../../core/remote/transfer';
import { enforceCacheCap } from '../../core/data/cacheCap';

/** The remote named by the first positional (when it looks like one) or configured, and the run keys after it. */
export async function remoteAndRuns(ctx: CommandContext, positionals: readonly string[]): Promise<{ spec: RemoteSpec; keys: string[]; maxBytes: number | undefined }> {
  const [first, ...rest] = positionals;
  const named = first !== undefined && looksLikeRemote(first) ? first : undefined;
  const keys = named === undefined ? [...positionals] : rest;
  const { loadConfig } = await import('../../core/config/config.js');
  const config = await loadConfig(ctx.workspace());
  if (named === undefined && config?.remoteError !== undefined) {
    throw new CliError(`remote: in runlens.yaml cannot be used: ${config.remoteError}`, ExitCode.configInvalid, 'fix it (runlens.yaml shows the problem in the editor), or name a remote on the command line');
  }
  try {
    return { spec: chooseRemote(named, config?.remote, process.cwd()), keys, maxBytes: config?.dataCacheMaxBytes };
  } catch (e) {
    if (e instanceof NoRemoteError || e instanceof RemoteSpecError) throw new CliError(e.message, ExitCode.usage, 'see: runlens cache --help and docs/sharing.md');
    throw e;
  }
}

/** The runs named, or every run of the store (trash excluded). */
export async function runRefs(ctx: CommandContext, keys: readonly string[]): Promise<RunRef[]> {
  const store = ctx.store();
  const runs = keys.length > 0 ? await Promise.all(keys.map((k) => requireRun(ctx, k))) : await store.listSummaries();
  return runs.map((run) => ({ run, dir: store.runDir(run.id) }));
}

/** Transfer progress on stderr: redrawn in place on a terminal, one line per tenth otherwise. */
export function progressReporter(o: Output, verb: string): { update(p: TransferProgress): void; clear(): void } {
  let drawn = false;
  let lastTenth = -1;
  return {
    update(p) {
      const text = `${verb}: ${p.done}/${p.total} object(s), ${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}`;
      if (o.tty) {
        drawn = true;
        process.stderr.write(`\r\x1b[2K${text}`);
        return;
      }
      const tenth = p.total === 0 ? 10 : Math.floor((p.done * 10) / p.total);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        o.err(text);
      }
    },
    clear() {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}

/** An AbortSignal fired by Ctrl+C (the transfer stops; what completed is kept and recorded). */
async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSignal = (): void => ac.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    return await work(ac.signal);
  } catch (e) {
    if (ac.signal.aborted) throw new CliError('interrupted: what completed is kept; run the same command again to finish', 130);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** `cache push`. */
export async function cachePush(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const { spec, keys } = await remoteAndRuns(ctx, args.positionals);
  const runs = await runRefs(ctx, keys);
  const progress = progressReporter(ctx.output, 'uploading');
  const r = await interruptible((signal) => pushRunData(ctx.store(), spec, runs, { signal, onProgress: (p) => progress.update(p) })).finally(() => progress.clear());
  if (optFlag(args, 'json')) printJson(ctx.output, r);
  else {
    ctx.output.out(`pushed ${r.uploaded} object(s), ${formatBytes(r.uploadedBytes)}, to ${r.remote}; ${r.present} already there` +
      ` (${r.runs} run(s), ${r.alreadyPushed} pushed before)`);
    if (r.changed.length > 0) ctx.output.err(`${r.changed.length} output file(s) changed since their run recorded them and were left out, e.g. ${r.changed[0]}`);
  }
  return 0;
}

/** `cache pull`. */
export async function cachePull(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const { spec, keys, maxBytes } = await remoteAndRuns(ctx, args.positionals);
  const runs = await runRefs(ctx, keys);
  const progress = progressReporter(ctx.output, 'downloading');
  const r = await interruptible((signal) => pullRunData(ctx.store(), spec, runs, { signal, outputs: optFlag(args, 'outputs'), onProgress: (p) => progress.update(p) })).finally(() => progress.clear());
  const cap = await enforceCacheCap(ctx.store().root, maxBytes);
  if (optFlag(args, 'json')) printJson(ctx.output, { ...r, evicted: cap?.removed ?? 0 });
  else {
    ctx.output.out(`pulled ${r.downloaded} object(s), ${formatBytes(r.downloadedBytes)}, from ${r.remote}; ${r.present} already in the cache` +
      (r.missing.length > 0 ? `; ${r.missing.length} not on the remote (datasets without cache: true, or never pushed)` : ''));
  }
  for (const c of r.corrupt) ctx.output.err(`runlens: error: ${c}`);
  return r.corrupt.length > 0 ? ExitCode.failure : 0;
}

/**
 * The configured data remote as reproduce uses it: fetching what no local source holds, with
 * progress and problems on stderr. Undefined without a usable `remote:` (reproduce then works from
 * local sources only, as before).
 */
export async function configuredFetcher(ctx: CommandContext, signal: AbortSignal): Promise<{ name: string; fetch(files: readonly { sha256: string; size: number }[]): Promise<void>; settle(): Promise<void> } | undefined> {
  const { loadConfig } = await import('../../core/config/config.js');
  const config = await loadConfig(ctx.workspace()).catch(() => undefined); // a broken config has no usable remote; reproduce reports what is missing
  const spec = config?.remote;
  if (!spec) return undefined;
  const name = describeRemote(spec);
  let fetched = 0;
  return {
    name,
    /** After the fetched files were placed: the cache is brought back under its cap (fetched objects may go: the remote holds them). */
    async settle() {
      if (fetched > 0) await enforceCacheCap(ctx.store().root, config?.dataCacheMaxBytes);
    },
    async fetch(files) {
      const progress = progressReporter(ctx.output, `fetching data from ${name}`);
      try {
        const r = await fetchObjects(ctx.store().root, spec, files, { signal, onProgress: (p) => progress.update(p) });
        progress.clear();
        fetched += r.downloaded;
        if (r.downloaded > 0) ctx.output.err(`runlens: fetched ${r.downloaded} file(s), ${formatBytes(r.downloadedBytes)}, from the data remote ${name}`);
        for (const c of r.corrupt) ctx.output.err(`runlens: error: ${c}`);
      } catch (e) {
        progress.clear();
        if (signal.aborted) throw e;
        ctx.output.err(`runlens: warning: could not fetch data from the data remote ${name}: ${errorMessage(e)}`);
      }
    },
  };
}
