// Shared types and errors of dataset hashing (docs/data-hashing.md): what a dataset manifest is,
// what a hash pass reports, and the errors a caller must tell apart (missing data vs. a bad spec).

/** One hashed file of a dataset. */
export interface FileEntry {
  /** Path relative to the workspace root, posix separators. */
  readonly path: string;
  readonly size: number;
  /** Lowercase hex SHA-256 of the content (of the target's content for a symlink). */
  readonly sha256: string;
  /** For a symlinked file: the link's target as written in the link (not resolved). */
  readonly link?: string;
}

/** A symlink met while walking a dataset (file or directory), recorded but not part of the hash. */
export interface LinkEntry {
  readonly path: string;
  readonly target: string;
}

/** The manifest of one declared dataset or output. */
export interface DatasetManifest {
  /** The path or glob exactly as declared. */
  readonly spec: string;
  /** SHA-256 over the canonical manifest (see canonicalManifest in manifest.ts). */
  readonly hash: string;
  /** Files sorted by the UTF-8 bytes of their path. */
  readonly files: FileEntry[];
  /** Total size of `files`. */
  readonly bytes: number;
  /** Symlinks met on the way (file and directory links). */
  readonly links: LinkEntry[];
  /** Files that could not be hashed (permission, dangling or looping link, vanished...). */
  readonly errors: { path: string; message: string }[];
  /** Entries left out on purpose (fifos, sockets, devices, .git, the store). */
  readonly skipped: { path: string; reason: string }[];
  /** True when the spec matched nothing and the caller asked for `missing: 'warn'`. */
  readonly missing: boolean;
  /**
   * Whether the run copied these files into the data cache (`cache: true`), hence pushes them to a
   * data remote; absent in runs recorded before it was noted (then every file is looked for).
   */
  readonly cached?: boolean;
}

/** Counters of one or more hash passes, for progress reports, tests and benchmarks. */
export interface HashStats {
  /** Files whose content was read and hashed. */
  filesHashed: number;
  /** Bytes read to hash them. */
  bytesHashed: number;
  /** Files whose hash came from the stat cache without reading them. */
  cacheHits: number;
}

/** Progress of a hash pass; `total*` are known once the walk is done. */
export interface HashProgress {
  readonly files: number;
  readonly totalFiles: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/** A declared dataset that does not exist (a path that is not there, a glob that matches nothing). */
export class DatasetMissingError extends Error {
  constructor(readonly spec: string) {
    super(`Dataset "${spec}" does not exist in the workspace: nothing matches it. ` +
      'Create it, fix the path in runlens.yaml, or declare it as optional.');
    this.name = 'DatasetMissingError';
  }
}

/** A dataset spec that cannot be accepted (escapes the workspace, empty, malformed glob). */
export class DatasetSpecError extends Error {
  constructor(readonly spec: string, reason: string, readonly kind: 'Dataset' | 'Output' = 'Dataset') {
    super(`${kind} "${spec}": ${reason}`);
    this.name = 'DatasetSpecError';
  }
}

/** Thrown when a hash pass is cancelled through its AbortSignal. */
export class HashAbortedError extends Error {
  constructor() {
    super('Hashing was cancelled.');
    this.name = 'AbortError';
  }
}
