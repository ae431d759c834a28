/** Durations as Prometheus reads and prints them, for the windows and slices of live reads. */
import { promDuration } from '../budget/format.js';
import { formatDuration } from '../rules/promql-print.js';

/** A window length in seconds as a Prometheus duration: whole minutes as `1h4m`, otherwise seconds. */
export function windowText(secondsLong: number): string {
  const s = Math.round(secondsLong);
  if (s % 60 === 0) return promDuration(s / 60);
  return `${s}s`;
}

/** A duration as Prometheus prints it (`model.Duration`), which Sloth and Pyrra use in rule names: 7d → 1w. */
export function canonicalDuration(secondsLong: number): string {
  return formatDuration(Math.round(secondsLong * 1000));
}
