// The Runlens language server's custom messages (beyond standard LSP): where each workspace
// folder's run store is, which runs changed, and what the VS Code client offers beyond LSP. Both
// sides check what they receive with the guards below; a message that fails is dropped and logged.
import { hasType, isArrayOf, isBoolean, isRecord, isString, isStringArray } from './guards';

/** The one notification method every custom client → server message travels on. */
export const CLIENT_NOTIFICATION = 'runlens/client';
/** The one notification method every custom server → client message travels on. */
export const SERVER_NOTIFICATION = 'runlens/server';

/** A workspace folder and the store its `runlens.storePath` setting names (absolute paths). */
export interface FolderStore {
  readonly folder: string;
  readonly storeDir: string;
}

/**
 * `initializationOptions` of the client, every field optional (an editor other than VS Code sends
 * none): without `stores` a config reads `.runlens` beside it.
 */
export interface InitOptions {
  /** The stores to read before any notification arrives. */
  readonly stores?: readonly FolderStore[];
  /** A client command that opens the suggestions again (VS Code: `editor.action.triggerSuggest`); without it no completion item carries a command. */
  readonly suggestCommand?: string;
  /** The client sends `runsChanged` for every change its own store watcher sees, so the server watches nothing. */
  readonly forwardsRunChanges?: boolean;
}

/** Client → server: the folders or their store settings changed; replaces the whole list. */
export interface StoresMessage {
  readonly type: 'stores';
  readonly stores: readonly FolderStore[];
}

/** Client → server: runs of a store changed (the extension's store watcher saw it). */
export interface RunsChangedMessage {
  readonly type: 'runsChanged';
  readonly storeDir: string;
  /** The runs to re-read; null: re-list the whole store (it was reloaded or reopened). */
  readonly runIds: readonly string[] | null;
}

/** Server → client: a store could not be read (hovers go on without run data); the client logs it. */
export interface StoreProblemMessage {
  readonly type: 'storeProblem';
  readonly storeDir: string;
  readonly message: string;
}

/** Every custom message the client sends. */
export type ClientMessage = StoresMessage | RunsChangedMessage;
/** Every custom message the server sends. */
export type ServerMessage = StoreProblemMessage;

function isFolderStore(v: unknown): v is FolderStore {
  return isRecord(v) && isString(v.folder) && isString(v.storeDir);
}

/** Checks the client's `initializationOptions`. */
export function isInitOptions(v: unknown): v is InitOptions {
  return isRecord(v) && (v.stores === undefined || isArrayOf(v.stores, isFolderStore))
    && (v.suggestCommand === undefined || isString(v.suggestCommand))
    && (v.forwardsRunChanges === undefined || isBoolean(v.forwardsRunChanges));
}

/** Checks a message the server received on {@link CLIENT_NOTIFICATION}. */
export function isClientMessage(v: unknown): v is ClientMessage {
  if (!hasType(v, ['stores', 'runsChanged'])) return false;
  if (v.type === 'stores') return isArrayOf(v.stores, isFolderStore);
  return isString(v.storeDir) && (v.runIds === null || isStringArray(v.runIds));
}

/** Checks a message the client received on {@link SERVER_NOTIFICATION}. */
export function isServerMessage(v: unknown): v is ServerMessage {
  return hasType(v, ['storeProblem']) && isString(v.storeDir) && isString(v.message);
}
