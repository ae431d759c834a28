/** Durations as Prometheus reads and prints them, for the windows and slices of live reads. */
import { promDuration } from '../budget/format.js';

/** A window length in seconds as a Prometheus duration: whole minutes as `1h4m`, otherwise seconds. */
export function windowText(secondsLong: number): string {
  const s = Math.round(secondsLong);
  if (s % 60 === 0) return promDuration(s / 60);
  return `${s}s`;
}

/** A duration as Prometheus prints it (`model.Duration`), which Sloth and Pyrra use in rule names: 7d → 1w. */
export function canonicalDuration(secondsLong: number): string {
  let ms = Math.round(secondsLong * 1000);
  if (ms === 0) return '0s';
  let out = '';
  for (const [unit, size] of [
    ['y', 31_536_000_000],
    ['w', 604_800_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(ms / size);
    if (n > 0) out += `${n}${unit}`;
    ms -= n * size;
  }
  return out;
}
