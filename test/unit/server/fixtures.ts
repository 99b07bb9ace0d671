// Run manifests and a runlens.yaml for the language server's unit tests, built in memory so each
// test states exactly the params and metrics it reasons about.
import { type MetricSummary, type ParamValue, type RunManifest, type RunStatus } from '../../../src/core/model';

let counter = 0;

/** A metric summary whose min, max and last are `values`' (count = their number). */
export function summary(...values: number[]): MetricSummary {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    count: values.length,
    last: values[values.length - 1] ?? NaN,
    lastStep: values.length - 1,
    min: finite.length > 0 ? Math.min(...finite) : null,
    max: finite.length > 0 ? Math.max(...finite) : null,
    nonFinite: values.length - finite.length,
  };
}

/** A run of `experiment`; ids grow with each call, so later runs are newer. */
export function run(name: string, experiment: string | null, params: Record<string, ParamValue>, metrics: Record<string, MetricSummary> = {}, status: RunStatus = 'finished'): RunManifest {
  counter++;
  const id = `20260101-000000-${String(counter).padStart(6, '0')}`;
  return {
    format: 1, id, name, experiment, command: ['python', 'train.py'], shell: false, cwd: '/w', params, env: {}, status,
    createdAt: new Date(1.7e12 + counter * 1000).toISOString(), startedAt: new Date(1.7e12 + counter * 1000).toISOString(),
    endedAt: null, exitCode: 0, signal: null, error: null, process: null, versions: {}, metrics, badMetricLines: 0,
    tags: [], starred: false, note: '', code: null, data: null, reproducedFrom: null,
  };
}

/** Newest first, as the store lists them. */
export function newestFirst(runs: RunManifest[]): RunManifest[] {
  return [...runs].sort((a, b) => (a.id < b.id ? 1 : -1));
}

/** A config with two experiments, flow and block params, a sweep, datasets and patterns. */
export const CONFIG = [
  'version: 1',
  'experiments:',
  '  train:',
  '    command: python train.py --lr ${lr} --layers ${layers}',
  '    params:',
  '      lr: 0.01',
  '      layers: 2',
  '      label: base',
  '    sweep:',
  '      lr: [0.1, 0.01]',
  '    datasets:',
  '      - path: data/train.csv',
  '        cache: true',
  '      - data/extra/*.csv',
  '    metrics:',
  '      primary: val_loss',
  '      goal: min',
  '  evaluate:',
  '    command: [python, eval.py, "--ckpt=${ckpt}"]',
  '    params: { ckpt: last.pt, batch: 64 }',
  '    metrics: { primary: acc, goal: max }',
  '',
].join('\n');

/** The 0-based line of the first line of `text` that contains `needle`, and the character just after it. */
export function positionAfter(text: string, needle: string, nth = 0): { line: number; character: number } {
  const lines = text.split('\n');
  let seen = 0;
  for (const [i, l] of lines.entries()) {
    const at = l.indexOf(needle);
    if (at !== -1 && seen++ === nth) return { line: i, character: at + needle.length };
  }
  throw new Error(`no ${JSON.stringify(needle)} in the text`);
}
