// The shapes of a profile: column statistics of one tabular file (or a merged folder), as stored in
// `.runlens/cache/profiles/<sha256>.json` (docs/store-format.md) and read by drift.
import { type KllState } from './kll';

/** Version of the stored profile format; a profile of another version is recomputed. */
export const PROFILE_FORMAT = 1;

/** What a column holds, decided after the whole file was read. */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text' | 'empty';

/** A count of one category. */
export interface CategoryCount {
  readonly value: string;
  readonly count: number;
}

/** An equal-width histogram: `edges` has one more entry than `counts`. */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** Statistics of values read as numbers (numeric columns; datetimes as epoch milliseconds). */
export interface NumericStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation (ddof 0, as numpy's std and Evidently's normalisation). */
  readonly std: number;
  /** Quantiles at QUANTILE_LEVELS, from the KLL sketch (exact while the column has ≤ 400 values). */
  readonly quantiles: Readonly<Record<string, number>>;
  readonly histogram: Histogram;
  /** The quantile sketch, kept for merging and for drift. */
  readonly kll: KllState;
  /** A uniform sample of up to 1,000 values; every value when the column has no more. */
  readonly sample: readonly number[];
}

/** Counts of the values as categories (exact up to a cap, the rest in `otherCount`). */
export interface CategoryStats {
  /** Categories by descending count (at most STORED_CATEGORIES). */
  readonly top: readonly CategoryCount[];
  /** Values not in `top` (categories past the cap). */
  readonly otherCount: number;
  /** True when the counting cap was reached: `top` counts are then lower bounds. */
  readonly capped: boolean;
}

/** The profile of one column. */
export interface ColumnProfile {
  readonly name: string;
  readonly type: ColumnType;
  /** Non-missing values. */
  readonly count: number;
  readonly missing: number;
  /** Distinct non-missing values: exact when the categories were not capped, else HyperLogLog. */
  readonly distinct: number;
  readonly distinctExact: boolean;
  /** Values that did not fit the column's type (counted as present but left out of its statistics). */
  readonly invalid: number;
  /**
   * True for a numeric column of strictly increasing (or decreasing) integers, so every value is
   * unique: a row number or key, which drift leaves out (its distribution says nothing about the data).
   */
  readonly idLike?: boolean;
  readonly numeric?: NumericStats;
  readonly categories?: CategoryStats;
  /** HyperLogLog registers (base64), for merging. */
  readonly hll: string;
}

/** A problem met while reading a file: never fatal, always said. */
export interface ProfileWarning {
  readonly kind: 'ragged-rows' | 'bad-quoting' | 'invalid-utf8' | 'long-line' | 'mixed-types' | 'bad-json' | 'too-many-columns' | 'unreadable';
  readonly message: string;
}

/** The profile of a file (or of a folder's files merged). */
export interface FileProfile {
  readonly format: typeof PROFILE_FORMAT;
  /** SHA-256 of the file's content (for a merged profile: the dataset hash). */
  readonly sha256: string;
  /** What was read: csv, tsv (with the delimiter found), jsonl, parquet (with its row groups), or merged. */
  readonly source: { readonly kind: 'csv' | 'jsonl' | 'parquet' | 'merged'; readonly delimiter?: string; readonly header?: boolean; readonly files?: number; readonly rowGroups?: number };
  readonly rows: number;
  readonly bytes: number;
  readonly columns: readonly ColumnProfile[];
  readonly warnings: readonly ProfileWarning[];
}

/** Quantile levels every numeric column reports. */
export const QUANTILE_LEVELS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

/** Categories counted exactly while profiling, per column. */
export const COUNTED_CATEGORIES = 10_000;
/** Categories kept in a stored profile, per column (keeps a column's profile well under 100 KB). */
export const STORED_CATEGORIES = 1_000;
/** Bins of the stored histogram. */
export const HISTOGRAM_BINS = 20;
