/** Calendar arithmetic in an IANA time zone, with the real lengths of months, quarters, years and DST days. */
import { BudgetInputError } from './input-error.js';

export interface LocalTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new BudgetInputError(
        'timeZone',
        `The calendar window cannot be placed in the time zone \`${timeZone}\`: use an IANA name such as \`UTC\` or \`Europe/Paris\`.`,
      );
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a zone. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const asUtc = (t: LocalTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

/** The instant a wall-clock time denotes in a zone (the earlier one when DST repeats it, the later when it skips it). */
export function instantOf(t: LocalTime, timeZone: string): Date {
  const wanted = asUtc(t);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const offset = asUtc(localTime(new Date(guess), timeZone)) - guess;
    guess = wanted - offset;
  }
  return new Date(guess);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds months to a wall-clock time, clamping the day (31 January + 1 month = 28 or 29 February). */
export function addMonths(t: LocalTime, months: number): LocalTime {
  const index = t.year * 12 + (t.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { ...t, year, month, day: Math.min(t.day, daysInMonth(year, month)) };
}

export function addDays(t: LocalTime, days: number): LocalTime {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return { ...t, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export type CalendarUnit = 'm' | 'h' | 'd' | 'w' | 'M' | 'Q' | 'Y';

/** One calendar period: where it starts and ends, as instants. */
export interface Period {
  start: Date;
  end: Date;
}

/**
 * The calendar period containing `at`: periods of `count` × `unit` laid end to end from `anchor` (a wall-clock
 * time in `timeZone`), forwards and backwards. Days and weeks are calendar days, so a period holding a DST
 * change is an hour shorter or longer; months, quarters and years have their real lengths.
 */
export function periodAt(
  at: Date,
  count: number,
  unit: CalendarUnit,
  anchor: LocalTime,
  timeZone: string,
): Period {
  if (unit === 'm' || unit === 'h') {
    const step = count * (unit === 'm' ? 60_000 : 3_600_000);
    const origin = instantOf(anchor, timeZone).getTime();
    const k = Math.floor((at.getTime() - origin) / step);
    return { start: new Date(origin + k * step), end: new Date(origin + (k + 1) * step) };
  }
  const stepOf = (t: LocalTime, k: number): LocalTime => {
    switch (unit) {
      case 'd':
        return addDays(t, k * count);
      case 'w':
        return addDays(t, k * count * 7);
      case 'M':
        return addMonths(t, k * count);
      case 'Q':
        return addMonths(t, k * count * 3);
      default:
        return addMonths(t, k * count * 12);
    }
  };
  const local = localTime(at, timeZone);
  // A first guess of how many periods lie between the anchor and `at`, then a correction.
  const monthsPerStep = unit === 'M' ? count : unit === 'Q' ? count * 3 : unit === 'Y' ? count * 12 : 0;
  let k: number;
  if (monthsPerStep) {
    k = Math.floor((local.year * 12 + local.month - (anchor.year * 12 + anchor.month)) / monthsPerStep);
  } else {
    const days =
      (Date.UTC(local.year, local.month - 1, local.day) -
        Date.UTC(anchor.year, anchor.month - 1, anchor.day)) /
      86_400_000;
    k = Math.floor(days / (count * (unit === 'w' ? 7 : 1)));
  }
  const startOf = (i: number) => instantOf(stepOf(anchor, i), timeZone);
  while (startOf(k).getTime() > at.getTime()) k--;
  while (startOf(k + 1).getTime() <= at.getTime()) k++;
  return { start: startOf(k), end: startOf(k + 1) };
}
