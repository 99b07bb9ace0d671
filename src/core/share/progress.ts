// Progress of a push or pull, as every front end shows it (the CLI's stderr, the editor's notification).

/** One step of progress: `done` of `total` in `phase` (total 0 when unknown). */
export interface ShareProgress {
  readonly phase: 'listing' | 'records' | 'push' | 'fetch' | 'materialise' | (string & {});
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

/** Receives progress; may be called often, so it should be cheap. */
export type ProgressSink = (p: ShareProgress) => void;
