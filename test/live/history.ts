/**
 * Ten days of checkout traffic at one sample per minute, whose truth is known: varying traffic, 0.1 % errors
 * (plus a few every 13 minutes), a 60-minute full outage three days before AT and a 5 % incident ending ten
 * minutes before AT; a p99 latency gauge; and the series Sloth's and Pyrra's recording rules would hold
 * for two SLOs. Written as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`.
 */

export const T0 = Date.UTC(2026, 10, 1) / 1000; // 2026-11-01T00:00:00Z, in seconds
export const MINUTES = 10 * 1440;
/** The instant the tests query at: 2026-11-10T12:00:00Z. */
export const AT_MINUTE = 9 * 1440 + 720;
export const AT = new Date((T0 + AT_MINUTE * 60) * 1000);

/** The full outage: the minutes after the first and up to the second have only errors. */
export const OUTAGE = [AT_MINUTE - 3 * 1440 - 60, AT_MINUTE - 3 * 1440] as const;
const INCIDENT = [AT_MINUTE - 40, AT_MINUTE - 10] as const;

/** Requests in minute m (the minute ending at T0 + 60 m), and how many failed. */
export function minute(m: number): { total: number; errors: number; p99: number } {
  const total = 4000 + 1000 * ((m * 37) % 7);
  let errors = total / 1000 + (m % 13 === 0 ? 5 : 0);
  let p99 = 0.3 + ((m * 11) % 5) / 20;
  if (m > OUTAGE[0] && m <= OUTAGE[1]) {
    errors = total;
    p99 = 2.5;
  } else if (m > INCIDENT[0] && m <= INCIDENT[1]) {
    errors = total / 20;
    p99 = 1.2;
  }
  return { total, errors, p99 };
}

const prefixTotal = new Float64Array(MINUTES + 1);
const prefixErrors = new Float64Array(MINUTES + 1);
for (let m = 1; m <= MINUTES; m++) {
  const { total, errors } = minute(m);
  prefixTotal[m] = prefixTotal[m - 1]! + total;
  prefixErrors[m] = prefixErrors[m - 1]! + errors;
}

/** Errors and requests in the `window` minutes ending at minute `end`. */
export function events(end: number, window: number): { errors: number; total: number } {
  return {
    errors: prefixErrors[end]! - prefixErrors[end - window]!,
    total: prefixTotal[end]! - prefixTotal[end - window]!,
  };
}

export function errorRatio(end: number, window: number): number {
  const e = events(end, window);
  return e.errors / e.total;
}

/** Sloth's period ratio: the mean of its 5-minute ratios over the period (one every 5 minutes here). */
export function slothPeriodRatio(end: number, window: number): number {
  let sum = 0;
  let n = 0;
  for (let m = end; m > end - window; m -= 5) {
    sum += errorRatio(m, 5);
    n++;
  }
  return sum / n;
}

const SLOTH_WINDOWS: Array<[string, number]> = [
  ['5m', 5],
  ['30m', 30],
  ['1h', 60],
  ['2h', 120],
  ['6h', 360],
  ['1d', 1440],
  ['3d', 4320],
  ['1w', 10080],
];
const PYRRA_WINDOWS: Array<[string, number]> = [
  ['1m', 1],
  ['8m', 8],
  ['15m', 15],
  ['30m', 30],
  ['1h30m', 90],
  ['6h', 360],
  ['1d', 1440],
];

/** The id of the Sloth SLO whose recording rules are in the history, and the Pyrra SLO's name. */
export const SLOTH_RECORDED_ID = 'checkout-recorded';
export const PYRRA_RECORDED = 'checkout-pyrra-recorded';

/**
 * Which part of the history is written, and when: the minutes up to `until`, with minute `until` at the unix
 * second `endsAt` (by default the whole history from T0). Prometheus evaluates rules only from when it starts, so
 * a history ending now puts a chosen minute of it (the outage, the hour before) at the first rule evaluation.
 */
export interface HistoryOptions {
  until?: number;
  endsAt?: number;
  /** The jobs whose requests follow the history (the examples' SLOs read other jobs than `checkout`). */
  jobs?: string[];
}

export function openMetrics({ until = MINUTES, endsAt, jobs = ['checkout'] }: HistoryOptions = {}): string {
  const start = endsAt === undefined ? T0 : endsAt - until * 60;
  const ts = (m: number) => start + m * 60;
  const out: string[] = ['# TYPE http_requests counter'];
  for (const job of jobs) {
    for (const code of ['200', '500']) {
      let c = 0;
      for (let m = 0; m <= until; m++) {
        if (m > 0) {
          const { total, errors } = minute(m);
          c += code === '500' ? errors : total - errors;
        }
        out.push(`http_requests_total{job="${job}",code="${code}"} ${c} ${ts(m)}`);
      }
    }
  }
  out.push('# TYPE checkout_p99_seconds gauge');
  for (let m = 0; m <= until; m++) out.push(`checkout_p99_seconds{job="checkout"} ${minute(m).p99} ${ts(m)}`);
  // Recorded series exist for the last 4 days of history, once every window fits in the data.
  const from = MINUTES - 4 * 1440;
  const sloth = `sloth_id="${SLOTH_RECORDED_ID}",sloth_service="checkout",sloth_slo="recorded"`;
  for (const [name, w] of SLOTH_WINDOWS) {
    out.push(`# TYPE slo:sli_error:ratio_rate${name} gauge`);
    for (let m = from; m <= until; m++) {
      const v = w === 10080 ? slothPeriodRatio(m, w) : errorRatio(m, w);
      out.push(`slo:sli_error:ratio_rate${name}{${sloth},sloth_window="${name}"} ${v} ${ts(m)}`);
    }
  }
  const pyrra = `job="checkout",slo="${PYRRA_RECORDED}"`;
  for (const [name, w] of PYRRA_WINDOWS) {
    out.push(`# TYPE http_requests:burnrate${name} gauge`);
    for (let m = from; m <= until; m++)
      out.push(`http_requests:burnrate${name}{${pyrra}} ${errorRatio(m, w)} ${ts(m)}`);
  }
  out.push('# TYPE http_requests:increase1w gauge');
  for (const code of ['200', '500']) {
    for (let m = from; m <= until; m++) {
      const e = events(m, 10080);
      out.push(
        `http_requests:increase1w{code="${code}",${pyrra}} ${code === '500' ? e.errors : e.total - e.errors} ${ts(m)}`,
      );
    }
  }
  out.push('# EOF', '');
  return out.join('\n');
}
