import type { BudgetReport } from '../budget/budget-report.js';
import type { LiveBudget } from '../prometheus/live.js';

/** What the preview shows of the live budget. */
export type LiveState =
  | { state: 'off'; hint: string }
  | { state: 'unsupported'; reason: string }
  | { state: 'confirm'; url: string; dataSource: string }
  | { state: 'loading'; url: string }
  | { state: 'ok'; url: string; data: LiveBudget; fetched: string; refreshSeconds: number }
  | { state: 'error'; url: string; kind: string; message: string; query?: string };

/** Extension → preview (the webview's messages; docs/protocol.md lists them). */
export type ToPreview = {
  type: 'update';
  file: string;
  reports: BudgetReport[];
  selected: number;
  /** Set when the document does not parse: the preview keeps the last good reports and says why. */
  error?: string;
  live?: LiveState;
};

/** Preview → extension. */
export type FromPreview =
  | { type: 'ready' }
  | { type: 'select'; index: number }
  | { type: 'refresh' }
  | { type: 'allowDataSource'; url: string }
  | { type: 'configure' };

/** Accepts only the messages the preview may send. */
export function parseFromPreview(message: unknown): FromPreview | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'refresh' || m.type === 'configure') return { type: m.type };
  if (m.type === 'allowDataSource' && typeof m.url === 'string' && m.url.length < 2048)
    return { type: 'allowDataSource', url: m.url };
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

/** Accepts only the messages the extension sends the preview; the preview ignores anything else posted to it. */
export function parseToPreview(message: unknown): ToPreview | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Partial<ToPreview>;
  return m.type === 'update' && Array.isArray(m.reports) ? (message as ToPreview) : undefined;
}
