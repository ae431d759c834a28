import type { BudgetReport } from './budget/report.js';

/** Extension → preview. */
export type ToPreview = {
  type: 'update';
  file: string;
  reports: BudgetReport[];
  selected: number;
  /** Set when the document does not parse: the preview keeps the last good reports and says why. */
  error?: string;
};

/** Preview → extension. */
export type FromPreview = { type: 'ready' } | { type: 'select'; index: number };

/** Accepts only the messages the preview may send. */
export function parseFromPreview(message: unknown): FromPreview | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (
    m.type === 'select' &&
    Number.isInteger(m.index) &&
    (m.index as number) >= 0 &&
    (m.index as number) < 10_000
  ) {
    return { type: 'select', index: m.index as number };
  }
  return undefined;
}
