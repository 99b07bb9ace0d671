// `runlens compare --open` from a VS Code terminal: the extension listens on a private local socket
// whose path it puts in the terminals' environment; the CLI sends one JSON line naming the runs and
// reads one line back. Both sides share this module's names, framing and checks.
import { createConnection, createServer, type Server } from 'node:net';

/** The variable that names the socket in VS Code's integrated terminals. */
export const COMPARE_SOCKET_ENV = 'RUNLENS_COMPARE_SOCKET';

/** What the CLI asks for: a Compare view of `ids` (full run ids) of the workspace at `folder`. */
export interface OpenCompareRequest {
  readonly folder: string;
  readonly ids: readonly string[];
  readonly baseline?: string;
}

/** The answer: opened, or why not. */
export type OpenCompareReply = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** Checks a request read from the socket (anything may connect to it). */
export function isOpenCompareRequest(v: unknown): v is OpenCompareRequest {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.folder === 'string' && Array.isArray(r.ids) && r.ids.length > 0 && r.ids.length <= 1000
    && r.ids.every((x) => typeof x === 'string') && (r.baseline === undefined || typeof r.baseline === 'string');
}

const MAX_LINE = 256 * 1024;

/** Sends a request and resolves with the reply; rejects when nobody listens or nothing comes back in `timeoutMs`. */
export function sendOpenCompare(socketPath: string, request: OpenCompareRequest, timeoutMs = 15_000): Promise<OpenCompareReply> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let buf = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('VS Code did not answer'));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        const reply = JSON.parse(buf.slice(0, nl)) as { ok?: unknown; error?: unknown };
        resolve(reply.ok === true ? { ok: true } : { ok: false, error: typeof reply.error === 'string' ? reply.error : 'unknown error' });
      } catch {
        // The reason is the rejection itself.
        reject(new Error('VS Code sent an unreadable answer'));
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Listens on `socketPath`; each connection's first line is checked and passed to `handle`. */
export async function listenOpenCompare(socketPath: string, handle: (r: OpenCompareRequest) => Promise<OpenCompareReply>): Promise<Server> {
  const server = createServer((socket) => {
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > MAX_LINE) socket.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      socket.removeAllListeners('data');
      let request: unknown;
      try {
        request = JSON.parse(buf.slice(0, nl));
      } catch {
        // Unreadable requests are answered with an error below.
        request = undefined;
      }
      const reply: Promise<OpenCompareReply> = isOpenCompareRequest(request)
        ? handle(request).catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }))
        : Promise.resolve({ ok: false, error: 'not a compare request' });
      void reply.then((r) => socket.end(`${JSON.stringify(r)}\n`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return server;
}
