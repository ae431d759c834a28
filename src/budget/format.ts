/** Human-readable figures for budgets: "43 min 12 s", "99.9 %", "1 bad request in 1 000". */

/** A duration in minutes as days, hours, minutes and seconds, rounded to the second. */
export function formatDuration(minutes: number): string {
  let seconds = Math.round(minutes * 60);
  if (seconds === 0) return minutes > 0 ? 'under 1 s' : '0 s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['day', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(unit === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${unit}`);
    seconds -= n * size;
  }
  return parts.join(' ');
}

/**
 * A ratio as a percentage without floating-point noise: 0.999 → "99.9 %", 0.99995 → "99.995 %" (a value written
 * with up to 6 significant digits, such as an SLO's target, stays exact); a computed one is cut to 4 significant
 * digits: 0.0103333… → "1.033 %".
 */
export function formatPercent(ratio: number): string {
  const exact = Number((ratio * 100).toPrecision(10));
  const written = Number(exact.toPrecision(6)) === exact;
  return `${written ? exact : Number(exact.toPrecision(4))} %`;
}

/** "1 query", "2 queries": a count with its noun, singular or plural. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Thousands separated by a thin space, as in "1 000". */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** "1 bad request in 1 000" for an error budget of 0.001; "about" when the ratio is not a whole number. */
export function badEventsPer(budget: number, noun = 'request'): string {
  if (budget <= 0) return `no bad ${noun} at all`;
  const per = 1 / budget;
  const whole = Math.round(per);
  const exact = Math.abs(per - whole) < 1e-6 * per;
  return `${exact ? '' : 'about '}1 bad ${noun} in ${formatCount(whole)}`;
}

/** A window as Prometheus and Pyrra write it, rounded to the minute: 64 → "1h4m", 1543 → "1d1h43m". */
export function promDuration(minutes: number, seconds = false): string {
  if (seconds && minutes < 1440) {
    // Short budgets keep their seconds: 43.2 → "43m12s".
    const total = Math.round(minutes * 60);
    const parts = [
      [Math.floor(total / 3600), 'h'],
      [Math.floor((total % 3600) / 60), 'm'],
      [total % 60, 's'],
    ] as const;
    const text = parts
      .filter(([n]) => n > 0)
      .map(([n, u]) => `${n}${u}`)
      .join('');
    return text || '0s';
  }
  let rest = Math.round(minutes);
  if (rest <= 0) return '0m';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 1440],
    ['h', 60],
    ['m', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}
