// Which way is better for each metric, the rule the Compare view and `runlens compare` share: the
// primary metric's goal comes from runlens.yaml; other metrics are judged by their name (loss,
// error: lower; accuracy, F1: higher), and a name that says nothing gets no goal (no guess).
import { type MetricSummary } from '../model';

/** Which direction of a metric is better. */
export type Goal = 'min' | 'max';

/** The primary metric and its goal, as runlens.yaml (or the settings) declare them. */
export interface DeclaredGoal {
  readonly primary: string | undefined;
  readonly goal: Goal;
}

const LOWER = /(loss|err|mse|mae|rmse|nll|perplexity|ppl|wer|cer|latency|duration|regret|distance|cost)/i;
const HIGHER = /(acc|f1|precision|recall|auc|score|reward|bleu|rouge|iou|map|r2|return|throughput|dice|ndcg)/i;

/** The goal of `metric`: declared for the primary metric, else guessed from its name, else null. */
export function goalOfMetric(metric: string, declared: DeclaredGoal | undefined): Goal | null {
  if (declared && declared.primary === metric) return declared.goal;
  if (LOWER.test(metric)) return 'min';
  if (HIGHER.test(metric)) return 'max';
  return null;
}

/** The best finite value of a summary by `goal`; null without a goal or any finite value. */
export function bestOf(summary: MetricSummary, goal: Goal | null): number | null {
  if (goal === 'min') return summary.min;
  if (goal === 'max') return summary.max;
  return null;
}
