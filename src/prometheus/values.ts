/**
 * Values no ratio can be: `+Inf`, `-Inf`, an SLI above 100 % or below 0 %. Each is an error of its own kind,
 * with the query that returned it, instead of a figure printed as "−Infinity %" or sent as `null` (which means
 * "no traffic"). `NaN` passes: it is the absence of traffic, said by the caller.
 */
import { PrometheusError } from './client.js';

/** Room for rounding: an error ratio of 1.0000000000000002, read through two rate() computations, is 1. */
export const ROUNDING = 1e-9;

const percent = (x: number) => `${Number((x * 100).toPrecision(6))} %`;

/** The error a value Prometheus returned is when it is infinite, else undefined. */
export function infinite(value: number, what: string, query?: string): PrometheusError | undefined {
  if (value === Number.POSITIVE_INFINITY)
    return new PrometheusError(
      'positive-infinity',
      `For ${what}, Prometheus returned +Inf: a division by zero (errors counted while the total is 0?), not a figure the budget can use.`,
      query,
    );
  if (value === Number.NEGATIVE_INFINITY)
    return new PrometheusError(
      'negative-infinity',
      `For ${what}, Prometheus returned -Inf: not a figure the budget can use.`,
      query,
    );
  return undefined;
}

/** The error an SLI (a good ratio) outside 0–1 is, else undefined. */
export function outOfRange(sli: number, what: string, query?: string): PrometheusError | undefined {
  if (sli > 1 + ROUNDING)
    return new PrometheusError(
      'above-one',
      `For ${what}, the SLI comes out at ${percent(sli)}, above 100 %: the good events outnumber the total (do the queries count the same requests?).`,
      query,
    );
  if (sli < -ROUNDING)
    return new PrometheusError(
      'below-zero',
      `For ${what}, the SLI comes out at ${percent(sli)}, below 0 %: the bad events outnumber the total (do the queries count the same requests?).`,
      query,
    );
  return undefined;
}

/** A value Prometheus returned, or the error it is when infinite. */
export function finite(value: number, what: string, query?: string): number {
  const error = infinite(value, what, query);
  if (error) throw error;
  return value;
}

/** An error ratio as read: NaN (no traffic) passes; ±Inf and a ratio outside 0–1 throw their error. */
export function checkedErrorRatio(ratio: number, what: string, query?: string): number {
  const error = infinite(ratio, what, query) ?? outOfRange(1 - ratio, what, query);
  if (error) throw error;
  return ratio;
}

/**
 * The bound a figure is compared with, moved by the rounding room so that a figure equal to `value` within
 * rounding compares as equal to it: engines compute the same figure a few units of the last place apart, and
 * VictoriaMetrics stores values with 12 significant digits. `>=` and `<` get it lowered, `>` and `<=` raised.
 */
export function roundedBound(value: number, op: '<' | '<=' | '>' | '>='): number {
  const room = Math.abs(value) * ROUNDING;
  return Number((op === '>=' || op === '<' ? value - room : value + room).toPrecision(12));
}
