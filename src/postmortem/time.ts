/**
 * Incident times as people type them: a date, an ISO time with its offset, or a local time without one,
 * read in a named IANA time zone (the platform's Intl database; no table of our own).
 */

/** The answer as written in the front matter, and the instant it stands for. */
export type IncidentTime =
  { ok: true; iso: string; date: Date; hasTime: boolean } | { ok: false; message: string };

const INPUT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|[+-]\d{2}:?\d{2})?)?$/i;

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** Whether `zone` is a time zone the platform knows (`Europe/Paris`, `UTC`); `CEST` is not. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The offset from UTC of `zone` at the instant `ms`, in minutes (Paris in winter: 60). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

/** `+01:00`, `-03:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The instants a wall-clock time of `zone` stands for: none in a spring-forward gap, two in a fall-back hour. */
function instantsOf(wallMs: number, zone: string): Array<{ ms: number; offset: number }> {
  const day = 86_400_000;
  const offsets = new Set([-day, 0, day].map((d) => zoneOffsetMinutes(zone, wallMs + d)));
  const found = new Map<number, number>();
  for (const offset of offsets) {
    const ms = wallMs - offset * 60_000;
    if (zoneOffsetMinutes(zone, ms) === offset) found.set(ms, offset);
  }
  return [...found].sort((a, b) => a[0] - b[0]).map(([ms, offset]) => ({ ms, offset }));
}

const EXAMPLE = '2026-11-03 14:05 or 2026-11-03T14:05:00+01:00';

/**
 * Reads an incident time: `2026-11-03` (a date), `2026-11-03 14:05` or `2026-11-03T14:05` (a local time of
 * `zone`), or a time with `Z` or an offset. A time is written back in full, with seconds and its offset
 * (`2026-11-03T14:05:00+01:00`); a local time that does not exist in `zone` (clocks moved forward) or exists
 * twice (clocks moved back) is refused with a one-line message that says what to write.
 */
export function parseIncidentTime(text: string, zone: string): IncidentTime {
  const t = text.trim();
  const m = INPUT.exec(t);
  if (!m) return { ok: false, message: `Not a date or a time: write it like ${EXAMPLE}.` };
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const day0 = new Date(Date.UTC(year, month - 1, day));
  if (day0.getUTCFullYear() !== year || day0.getUTCMonth() !== month - 1 || day0.getUTCDate() !== day)
    return { ok: false, message: `${date} is not a day of the calendar.` };
  if (m[4] === undefined) return { ok: true, iso: date, date: day0, hasTime: false };
  const [hour, minute, second = 0] = [m[4], m[5], m[6]].map((x) => (x === undefined ? undefined : Number(x)));
  if (hour! > 23 || minute! > 59 || second > 59)
    return { ok: false, message: `${t} is not a time of day: hours 00–23, minutes and seconds 00–59.` };
  const clock = `${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}`;
  const wallMs = Date.UTC(year, month - 1, day, hour!, minute!, second) + (m[7] ? Number(m[7]) * 1000 : 0);
  const zoneText = m[8];
  if (zoneText !== undefined) {
    if (/^z$/i.test(zoneText))
      return { ok: true, iso: `${date}T${clock}Z`, date: new Date(wallMs), hasTime: true };
    const digits = zoneText.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59)
      return { ok: false, message: `${zoneText} is not an offset from UTC: write it like +01:00.` };
    const offset = (digits[0] === '-' ? -1 : 1) * (oh * 60 + om);
    return {
      ok: true,
      iso: `${date}T${clock}${formatOffset(offset)}`,
      date: new Date(wallMs - offset * 60_000),
      hasTime: true,
    };
  }
  if (!isTimeZone(zone))
    return { ok: false, message: `${zone} is not a time zone: give the offset, like ${EXAMPLE}.` };
  const shown = `${date} ${m[4]}:${m[5]}`;
  const found = instantsOf(wallMs, zone);
  if (found.length === 0) {
    const before = zoneOffsetMinutes(zone, wallMs - 12 * 3_600_000);
    const after = zoneOffsetMinutes(zone, wallMs + 12 * 3_600_000);
    const later = new Date(wallMs + (after - before) * 60_000).toISOString();
    return {
      ok: false,
      message: `${shown} does not exist in ${zone}: the clocks moved forward from ${formatOffset(before)} to ${formatOffset(after)} that night. Write ${later.slice(0, 10)} ${later.slice(11, 16)}, or give the offset.`,
    };
  }
  if (found.length > 1)
    return {
      ok: false,
      message: `${shown} happens twice in ${zone} (the clocks moved back): add the offset, ${date}T${clock}${formatOffset(found[0]!.offset)} for the first or ${formatOffset(found[1]!.offset)} for the second.`,
    };
  const [{ ms, offset }] = found as [{ ms: number; offset: number }];
  return { ok: true, iso: `${date}T${clock}${formatOffset(offset)}`, date: new Date(ms), hasTime: true };
}
