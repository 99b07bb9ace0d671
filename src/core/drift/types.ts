// Shapes of a drift report and its options: per column the test, statistic, p-value or distance,
// threshold, verdict, sample sizes and effect size; per dataset the schema changes and the verdict.

/** The test a column was judged by. */
export type DriftTest = 'ks' | 'wasserstein' | 'chi-squared' | 'jensen-shannon' | 'none';

/** Thresholds and rules (defaults: Evidently's, see docs/data-shift.md). */
export interface DriftOptions {
  /** KS and chi-squared: drift when p < this. */
  readonly pValue: number;
  /** Normalised Wasserstein distance: drift when ≥ this. */
  readonly wasserstein: number;
  /** Jensen–Shannon distance: drift when ≥ this. */
  readonly jensenShannon: number;
  /** Largest sample (both sides) judged by a statistical test instead of a distance. */
  readonly smallSample: number;
  /** A numeric column with at most this many distinct reference values is treated as categorical. */
  readonly fewUnique: number;
  /** The dataset is shifted when at least this share of the reference's columns drift. */
  readonly datasetShare: number;
  /** Per column: a forced test and/or threshold. */
  readonly columns?: Readonly<Record<string, { readonly test?: DriftTest; readonly threshold?: number }>>;
}

/** The defaults. */
export const DEFAULT_DRIFT_OPTIONS: DriftOptions = {
  pValue: 0.05, wasserstein: 0.1, jensenShannon: 0.1, smallSample: 1000, fewUnique: 5, datasetShare: 0.5,
};

/** The verdict on one column. */
export interface ColumnDrift {
  readonly name: string;
  readonly type: string;
  readonly test: DriftTest;
  /** KS D, chi-squared statistic, or the distance. */
  readonly statistic: number;
  /** For the tests (KS, chi-squared). */
  readonly pValue?: number;
  readonly threshold: number;
  readonly drifted: boolean;
  /** Non-missing values on each side. */
  readonly nReference: number;
  readonly nCurrent: number;
  /** A size of the difference that does not grow with the sample: KS D, Cramér's V, or the distance. */
  readonly effectSize: { readonly name: string; readonly value: number };
  readonly psi: number;
  readonly missingShare: { readonly reference: number; readonly current: number };
  /** True when computed from every value; false when from sketches (within docs/data-shift.md's tolerance). */
  readonly exact: boolean;
  /** Why a column was not tested, or how. */
  readonly note?: string;
}

/** A column whose type changed. */
export interface TypeChange {
  readonly name: string;
  readonly reference: string;
  readonly current: string;
}

/** The whole comparison. */
export interface DriftReport {
  readonly reference: { readonly sha256: string; readonly rows: number };
  readonly current: { readonly sha256: string; readonly rows: number };
  readonly columns: readonly ColumnDrift[];
  readonly schema: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly typeChanged: readonly TypeChange[] };
  /** Drifted columns (removed and type-changed ones count), out of the reference's columns. */
  readonly drifted: number;
  readonly total: number;
  readonly shifted: boolean;
  readonly options: DriftOptions;
}
