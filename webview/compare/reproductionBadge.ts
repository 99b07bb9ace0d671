// The badge on a reproduction's chip in Compare: "✓ reproduces calm-river-2" (✗ when it diverged,
// … before it is judged), so the verdict is visible wherever the pair is compared.
import './reproductionBadge.css';
import { h } from '../shared/dom';
import { type ReproducesBadge } from '../../src/protocol/reproduction';

/** The badge element, or null for a run that is not a reproduction. */
export function reproductionBadge(badge: ReproducesBadge | undefined): HTMLElement | null {
  if (!badge) return null;
  const mark = badge.verdict === 'reproduced' ? '✓' : badge.verdict === 'diverged' ? '✗' : '…';
  const state = badge.verdict ?? 'not judged yet';
  return h('span', {
    class: `chip-tag repro repro-${badge.verdict ?? 'pending'}`,
    title: `Reproduces ${badge.originalName} (${badge.originalId}): ${state}`,
    'aria-label': `reproduces ${badge.originalName}, ${state}`,
  }, `${mark} reproduces ${badge.originalName}`);
}
