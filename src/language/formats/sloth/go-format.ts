/**
 * Numbers, durations and label filters printed as Sloth's Go code prints them: `fmt`'s `%v`/`%g` and
 * `strconv.FormatFloat(f, 'f', -1, 64)` for floats, Prometheus's `model.Duration` and `model.LabelSet` strings.
 * Generated rules must equal Sloth's byte for byte, so each follows the Go source, not JavaScript's defaults.
 */
import { formatDuration, formatFloat, formatG, goQuote, parseDuration } from '../../../rules/promql-print.js';

/** `strconv.FormatFloat(x, 'f', -1, 64)`: shortest digits, never an exponent. */
export const goFormatFloatF = formatFloat;

/** `fmt.Sprint(x)` / `fmt.Sprintf("%g", x)` of a float64: shortest digits, `%e` below 1e-4 and from 1e6. */
export const goFormatFloatG = formatG;

/** `model.ParseDuration`: a Prometheus duration in milliseconds, or undefined when it does not parse. */
export const parsePromDurationMs = parseDuration;

/** `model.Duration.String()`: years and weeks only when exact (`4w`, `1w`, but `90d`), then d, h, m, s, ms. */
export const promDurationString = formatDuration;

const MS_PER = { h: 3_600_000 };

/** `time.Duration.Hours()`: whole hours plus the remainder's fraction, summed as Go sums them. */
export function goHours(ms: number): number {
  const hours = Math.floor(ms / MS_PER.h);
  const nanos = (ms % MS_PER.h) * 1e6;
  return hours + nanos / 3.6e12;
}

/** `model.LabelSet.String()`: names sorted, `{a="x", b="y"}`. */
export function promLabelFilter(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${goQuote(labels[n]!)}`).join(', ')}}`;
}
