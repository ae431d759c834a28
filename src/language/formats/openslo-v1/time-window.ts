/** Rules of an OpenSLO v1 SLO's time window: its duration, calendar start and time zone. */
import { openSloDurationMinutes } from '../../../budget/duration.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import { truncate, yaml11Boolean } from '../../fields/field-spec.js';
import type { YNode } from '../../syntax/node.js';
import { checkOneWindow, checkOpenSloDuration } from '../openslo-common.js';
import { canonicalTimeZone, isValidTimeZone } from '../timezone.js';

const STARTTIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function checkStartTime(node: YNode | undefined, r: Reporter): void {
  const v = node?.string;
  if (!node || v === undefined) return;
  const m = STARTTIME.exec(v);
  const ok =
    m !== null &&
    (() => {
      const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
      return (
        date.getUTCFullYear() === y &&
        date.getUTCMonth() === mo - 1 &&
        date.getUTCDate() === d &&
        h < 24 &&
        mi < 60 &&
        s < 60
      );
    })();
  if (ok) return;
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(v);
  const fixed = iso ? `${iso[1]} ${iso[2]!.length === 5 ? `${iso[2]}:00` : iso[2]}` : undefined;
  r.report(
    'SLO111',
    node,
    `\`calendar.startTime\` ${JSON.stringify(truncate(v))} does not match the layout \`2006-01-02 15:04:05\` (no \`T\`, no zone; the zone goes in \`timeZone\`)` +
      (fixed ? `: write \`"${fixed}"\`.` : '.'),
    {
      fixes: fixed
        ? [r.replaceValue(node, `"${fixed}"`, `Change to "${fixed}"`)].filter((f) => f !== undefined)
        : [],
    },
  );
}

export function checkTimeZone(node: YNode | undefined, r: Reporter): void {
  const v = node?.string;
  if (!node || v === undefined || isValidTimeZone(v)) return;
  const canonical = canonicalTimeZone(v);
  r.report(
    'SLO112',
    node,
    `\`${truncate(v)}\` is not an IANA time zone name: use a name such as \`UTC\`, \`Europe/Paris\` or \`America/New_York\`` +
      (canonical
        ? ` (time zone names are case-sensitive: \`${canonical}\`).`
        : ' (abbreviations like CEST and offsets like +01:00 are not accepted).'),
    {
      fixes: canonical
        ? [r.replaceValue(node, canonical, `Change to ${canonical}`)].filter((f) => f !== undefined)
        : [],
    },
  );
}

/** Returns the window length in minutes, when known. */
export function checkTimeWindow(spec: YNode, r: Reporter): number | undefined {
  const tw = spec.get('timeWindow');
  if (!tw?.isSeq) return undefined;
  const items = checkOneWindow(tw, 'timeWindow', '`- duration: 28d` with `isRolling: true`', r);
  const w = items[0];
  if (!w?.isMap) return undefined;
  const duration = w.get('duration');
  const durationOk = checkOpenSloDuration(duration, r, 'duration');
  const rolling = w.get('isRolling');
  const calendar = w.get('calendar');
  // Go reads an unquoted `yes` as true (SLO007 flags the spelling): no calendar error on top of it.
  const isRolling = yaml11Boolean(rolling) === true;
  if (isRolling && calendar && !calendar.isNull) {
    r.report(
      'SLO109',
      calendar,
      'A rolling window (`isRolling: true`) has no calendar: remove `calendar`, or set `isRolling: false` for calendar-aligned periods.',
      {
        where: 'key',
        fixes: [r.removeEntry(calendar, 'Remove calendar')].filter((f) => f !== undefined),
      },
    );
  }
  if (!isRolling && (!calendar || calendar.isNull)) {
    r.report(
      'SLO110',
      rolling ?? w,
      (rolling ? '' : '`isRolling` is not set, so the window is calendar-aligned. ') +
        'A calendar window (`isRolling: false`) needs `calendar` with `startTime` ("2024-01-01 00:00:00") and `timeZone` (e.g. UTC).',
      {
        where: 'pair',
        path: `${w.path}.calendar`,
        fixes: [
          r.insertKeys(
            w,
            ['calendar:', '  startTime: "2024-01-01 00:00:00"', '  timeZone: UTC'],
            'Add a calendar',
          ),
        ].filter((f) => f !== undefined),
      },
    );
  }
  if (calendar?.isMap) {
    checkStartTime(calendar.get('startTime'), r);
    checkTimeZone(calendar.get('timeZone'), r);
  }
  if (!durationOk || !duration?.string) return undefined;
  if (duration.string === '1m') {
    r.report('SLO601', duration, '`1m` is one minute (`m` is minutes): an SLO window of one month is `1M`.', {
      fixes: [r.replaceValue(duration, '1M', 'Change to 1M (one month)')].filter((f) => f !== undefined),
    });
  }
  return openSloDurationMinutes(duration.string);
}
