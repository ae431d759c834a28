/**
 * Sloth's SLO period windows (`internal/alert/window.go`): the built-in Google catalogue for 30 and 28 days
 * (`internal/alert/windows/google-*.yaml`) and `AlertWindows` objects, which give the windows of any period.
 */
import type { AlertWindowModel, AlertWindowsModel } from '../../model/slo-model.js';
import type { YNode } from '../../syntax/node.js';
import { parsePromDurationMs, promDurationString } from './go-format.js';

/** The kind an `AlertWindows` object is defined and resolved as, by the Prometheus string of its period. */
export const ALERT_WINDOWS_KIND = 'AlertWindows';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Google's SRE workbook windows, as Sloth embeds them: the same for 30 and 28 days but for the period. */
function google(periodMs: number): Omit<AlertWindowsModel, 'node'> {
  return {
    periodMs,
    pageQuick: { errorBudgetPercent: 2, shortWindowMs: 5 * MINUTE, longWindowMs: HOUR },
    pageSlow: { errorBudgetPercent: 5, shortWindowMs: 30 * MINUTE, longWindowMs: 6 * HOUR },
    ticketQuick: { errorBudgetPercent: 10, shortWindowMs: 2 * HOUR, longWindowMs: DAY },
    ticketSlow: { errorBudgetPercent: 10, shortWindowMs: 6 * HOUR, longWindowMs: 3 * DAY },
  };
}

/** Sloth's embedded catalogue, by period in milliseconds. */
export const BUILT_IN_WINDOWS: ReadonlyMap<number, Omit<AlertWindowsModel, 'node'>> = new Map([
  [30 * DAY, google(30 * DAY)],
  [28 * DAY, google(28 * DAY)],
]);

/** The name an `AlertWindows` object is found by: its period as Prometheus prints it (`7d`, `4w`). */
export function alertWindowsName(periodMs: number): string {
  return promDurationString(periodMs);
}

/** A duration field of an `AlertWindows` object, in milliseconds; undefined when absent or not a duration. */
function durationMs(node: YNode | undefined): number | undefined {
  const text = node?.string ?? (node?.number !== undefined ? String(node.number) : undefined);
  return text === undefined ? undefined : parsePromDurationMs(text);
}

function window(node: YNode | undefined): AlertWindowModel | undefined {
  const errorBudgetPercent = node?.get('errorBudgetPercent')?.number;
  const shortWindowMs = durationMs(node?.get('shortWindow'));
  const longWindowMs = durationMs(node?.get('longWindow'));
  // Sloth's `Window.Validate`: each of the three is required and not zero.
  if (!errorBudgetPercent || !shortWindowMs || !longWindowMs) return undefined;
  return { errorBudgetPercent, shortWindowMs, longWindowMs };
}

/** The period of an `AlertWindows` object, in milliseconds, with the node it is written in. */
export function alertWindowsPeriod(root: YNode): { ms: number; node: YNode } | undefined {
  const node = root.get('spec')?.get('sloPeriod');
  const ms = durationMs(node);
  return node && ms ? { ms, node } : undefined;
}

/** The windows an `AlertWindows` object gives, or undefined when Sloth's loader would reject it. */
export function alertWindowsModel(root: YNode): AlertWindowsModel | undefined {
  const spec = root.get('spec');
  const period = alertWindowsPeriod(root);
  const page = spec?.get('page');
  const ticket = spec?.get('ticket');
  const pageQuick = window(page?.get('quick'));
  const pageSlow = window(page?.get('slow'));
  const ticketQuick = window(ticket?.get('quick'));
  const ticketSlow = window(ticket?.get('slow'));
  if (!period || !pageQuick || !pageSlow || !ticketQuick || !ticketSlow) return undefined;
  return { periodMs: period.ms, pageQuick, pageSlow, ticketQuick, ticketSlow, node: root };
}
