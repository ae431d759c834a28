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
  const m = /^([0-9]+)([mhdwMQY])$/.exec(duration);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  const kind: WindowKind = rolling ? 'rolling' : 'calendar';
  switch (unit) {
    case 'm':
      return { kind, minutes: n, label: `${plural(n, 'minute')}, ${kind}` };
    case 'h':
      return { kind, minutes: n * 60, label: `${plural(n, 'hour')}, ${kind}` };
    case 'd':
      return { kind, minutes: n * DAY, label: `${plural(n, 'day')}, ${kind}` };
    case 'w':
      return {
        kind,
        minutes: n * 7 * DAY,
        label: rolling
          ? `${plural(n * 7, 'day')}, rolling`
          : n === 1
            ? 'calendar week'
            : `${n} calendar weeks`,
      };
    case 'M':
      return {
        kind,
        minutes: n * 30 * DAY,
        range: n === 1 ? [28 * DAY, 31 * DAY] : undefined,
        label: rolling
          ? `${plural(n, 'month')} (${n * 30} days), rolling`
          : n === 1
            ? 'calendar month'
            : `${n} calendar months`,
      };
    case 'Q':
      return {
        kind,
        minutes: n * 91 * DAY,
        range: n === 1 ? [90 * DAY, 92 * DAY] : undefined,
        label: rolling
          ? `${plural(n, 'quarter')}, rolling`
          : n === 1
            ? 'calendar quarter'
            : `${n} calendar quarters`,
      };
    case 'Y':
      return {
        kind,
        minutes: n * 365 * DAY,
        range: n === 1 ? [365 * DAY, 366 * DAY] : undefined,
        label: rolling ? `${plural(n, 'year')}, rolling` : n === 1 ? 'calendar year' : `${n} calendar years`,
      };
  }
  return undefined;
}

/** A Prometheus duration (`30d`, `4w`, `1h30m`) as a rolling window. */
export function prometheusWindow(duration: string): SloWindow | undefined {
  const m = /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$/.exec(
    duration,
  );
  if (!m || duration === '') return undefined;
  const [, y, w, d, h, min, s] = m.map((x) => Number(x ?? 0));
  const minutes = y! * 365 * DAY + w! * 7 * DAY + d! * DAY + h! * 60 + min! + s! / 60;
  if (minutes <= 0) return undefined;
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
