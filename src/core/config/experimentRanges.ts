// Where each experiment is declared in runlens.yaml: the source range of its key under
// `experiments:`, for editor features placed on that line (CodeLens "▶ Run").
import { LineCounter, isMap, isPair, isScalar, parseDocument } from 'yaml';
import { nodeRange, type SourceRange } from './yaml-positions';

/** One experiment's key in the file. */
export interface ExperimentKey {
  readonly name: string;
  /** 1-based, end exclusive, as every config range. */
  readonly range: SourceRange;
}

/**
 * The key of every experiment under `experiments:`, in file order. Tolerant: a file with syntax
 * errors still yields the keys the parser recovered; a file without `experiments:` yields none.
 */
export function experimentKeyRanges(text: string): ExperimentKey[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  if (!isMap(doc.contents)) return [];
  const experiments = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'experiments');
  if (!experiments || !isMap(experiments.value)) return [];
  const keys: ExperimentKey[] = [];
  for (const pair of experiments.value.items) {
    if (!isScalar(pair.key)) continue;
    const name: unknown = pair.key.value;
    if (typeof name !== 'string' && typeof name !== 'number' && typeof name !== 'boolean') continue;
    keys.push({ name: String(name), range: nodeRange(lc, pair.key) });
  }
  return keys;
}
