import { OPENSLO_DURATION, openSloDurationMinutes, prometheusDurationMinutes } from './duration.js';
import { formatDuration } from './format.js';

export type WindowKind = 'rolling' | 'calendar';

/** An SLO window as the budget sees it: its length (a range for calendar periods) and a label. */
export interface SloWindow {
  kind: WindowKind;
  /** Length in minutes; for calendar periods, the nominal one (30-day month, 91-day quarter). */
  minutes: number;
  /** Shortest and longest real period, for calendar months, quarters and years. */
  range?: [number, number];
  label: string;
}

const DAY = 1440;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** An OpenSLO duration (`28d`, `1M`) with its rolling flag. */
export function openSloWindow(duration: string, rolling: boolean): SloWindow | undefined {
  const m = OPENSLO_DURATION.exec(duration);
  const minutes = openSloDurationMinutes(duration);
  if (!m || minutes === undefined) return undefined;
  const n = Number(m[1]);
  const kind: WindowKind = rolling ? 'rolling' : 'calendar';
  const calendar = (one: string, many: string) => (n === 1 ? one : `${n} ${many}`);
  switch (m[2]) {
    case 'm':
      return { kind, minutes, label: `${plural(n, 'minute')}, ${kind}` };
    case 'h':
      return { kind, minutes, label: `${plural(n, 'hour')}, ${kind}` };
    case 'd':
      return { kind, minutes, label: `${plural(n, 'day')}, ${kind}` };
    case 'w':
      return {
        kind,
        minutes,
        label: rolling ? `${plural(n * 7, 'day')}, rolling` : calendar('calendar week', 'calendar weeks'),
      };
    case 'M':
      return {
        kind,
        minutes,
        range: n === 1 ? [28 * DAY, 31 * DAY] : undefined,
        label: rolling
          ? `${plural(n, 'month')} (${n * 30} days), rolling`
          : calendar('calendar month', 'calendar months'),
      };
    case 'Q':
      return {
        kind,
        minutes,
        range: n === 1 ? [90 * DAY, 92 * DAY] : undefined,
        label: rolling
          ? `${plural(n, 'quarter')}, rolling`
          : calendar('calendar quarter', 'calendar quarters'),
      };
    default:
      return {
        kind,
        minutes,
        range: n === 1 ? [365 * DAY, 366 * DAY] : undefined,
        label: rolling ? `${plural(n, 'year')}, rolling` : calendar('calendar year', 'calendar years'),
      };
  }
}

/** A Prometheus duration (`30d`, `4w`, `1h30m`) as a rolling window. */
export function prometheusWindow(duration: string): SloWindow | undefined {
  const minutes = prometheusDurationMinutes(duration);
  if (minutes === undefined || minutes <= 0) return undefined;
  const label =
    minutes % DAY === 0 ? `${plural(minutes / DAY, 'day')}, rolling` : `${formatDuration(minutes)}, rolling`;
  return { kind: 'rolling', minutes, label };
}

/** An OpenSLO v1alpha window: `count` × `unit`. */
export function v1alphaWindow(unit: string, count: number, rolling: boolean): SloWindow | undefined {
  const letter: Record<string, string> = { Day: 'd', Week: 'w', Month: 'M', Quarter: 'Q' };
  if (unit === 'Second')
    return {
      kind: rolling ? 'rolling' : 'calendar',
      minutes: count / 60,
      label: `${plural(count, 'second')}`,
    };
  return letter[unit] ? openSloWindow(`${count}${letter[unit]}`, rolling) : undefined;
}
