/**
 * Numbers, durations and label filters printed as Sloth's Go code prints them: `fmt`'s `%v`/`%g` and
 * `strconv.FormatFloat(f, 'f', -1, 64)` for floats, Prometheus's `model.Duration` and `model.LabelSet` strings.
 * Generated rules must equal Sloth's byte for byte, so each follows the Go source, not JavaScript's defaults.
 */

/** The shortest round-trip digits of a finite float and its decimal exponent (`d.ddd × 10^exp`). */
function shortestDigits(x: number): { negative: boolean; digits: string; exp: number } {
  // `toExponential()` without an argument gives the shortest digits that read back as the same float, as Go's.
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  return { negative: x < 0 || Object.is(x, -0), digits: mantissa.replace('.', ''), exp: Number(exponent) };
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return undefined;
}

/** `strconv.FormatFloat(x, 'f', -1, 64)`: shortest digits, never an exponent. */
export function goFormatFloatF(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { negative, digits, exp } = shortestDigits(x);
  const point = exp + 1;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** `fmt.Sprint(x)` / `fmt.Sprintf("%g", x)` of a float64: shortest digits, `%e` below 1e-4 and from 1e6. */
export function goFormatFloatG(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { negative, digits, exp } = shortestDigits(x);
  // strconv's 'g' uses %e when exp < -4 || exp >= eprec, and eprec is 6 for the shortest precision.
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${negative ? '-' : ''}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return goFormatFloatF(x);
}

const MS_PER = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

const PROM_DURATION =
  /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/;

/** `model.ParseDuration`: a Prometheus duration in milliseconds, or undefined when it does not parse. */
export function parsePromDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = PROM_DURATION.exec(text);
  if (!m) return undefined;
  const [, y, w, d, h, min, s, ms] = m.map((v) => (v === undefined ? 0 : Number(v)));
  const total =
    y! * MS_PER.y + w! * MS_PER.w + d! * MS_PER.d + h! * MS_PER.h + min! * MS_PER.m + s! * 1000 + ms!;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** `model.Duration.String()`: years and weeks only when exact (`4w`, `1w`, but `90d`), then d, h, m, s, ms. */
export function promDurationString(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  const unit = (name: keyof typeof MS_PER, exact: boolean) => {
    const mult = MS_PER[name];
    if (exact && rest % mult !== 0) return;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${name}`;
      rest -= v * mult;
    }
  };
  unit('y', true);
  unit('w', true);
  unit('d', false);
  unit('h', false);
  unit('m', false);
  unit('s', false);
  unit('ms', false);
  return out;
}

/** `time.Duration.Hours()`: whole hours plus the remainder's fraction, summed as Go sums them. */
export function goHours(ms: number): number {
  const hours = Math.floor(ms / MS_PER.h);
  const nanos = (ms % MS_PER.h) * 1e6;
  return hours + nanos / 3.6e12;
}

/** Go's `strconv.Quote` for the printable text label values hold: JSON's escapes, `\x` for other controls. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `model.LabelSet.String()`: names sorted, `{a="x", b="y"}`. */
export function promLabelFilter(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${goQuote(labels[n]!)}`).join(', ')}}`;
}
