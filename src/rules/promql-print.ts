/**
 * PromQL expressions as Prometheus prints them (`promql/parser/printer.go`): sorted matchers, the metric name's
 * matcher left out, Go-quoted strings, `sum by (a, b) (…)`, ranges as `model.Duration`. Generators build the
 * tree and print it, so their text equals what Go tools built on Prometheus's parser write.
 */

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

export type PromExpr =
  | { kind: 'vector'; name: string; matchers: readonly Matcher[] }
  | { kind: 'matrix'; vector: PromExpr & { kind: 'vector' }; rangeMs: number }
  | { kind: 'subquery'; expr: PromExpr; rangeMs: number; stepMs: number }
  | { kind: 'call'; func: string; args: readonly PromExpr[] }
  | { kind: 'aggregate'; op: string; grouping: readonly string[]; expr: PromExpr }
  | { kind: 'binary'; op: string; lhs: PromExpr; rhs: PromExpr }
  | { kind: 'paren'; expr: PromExpr }
  | { kind: 'number'; value: number };

const MS = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** `model.Duration.String()`: years and weeks only when exact, e.g. `4w`, `1h30m`, `90d`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.trunc(ms);
  let out = '';
  const unit = (u: keyof typeof MS, exact: boolean) => {
    const mult = MS[u];
    if (exact && rest % mult !== 0) return;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${u}`;
      rest -= v * mult;
    }
  };
  unit('y', true);
  unit('w', true);
  for (const u of ['d', 'h', 'm', 's', 'ms'] as const) unit(u, false);
  return out;
}

/** Go's `time.Duration.String()` for whole milliseconds: `2m0s`, `1h0m0s`, `1.5s`, `500ms`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / MS.h);
  rest -= h * MS.h;
  const m = Math.floor(rest / MS.m);
  rest -= m * MS.m;
  const s = Math.floor(rest / 1000);
  const frac = rest % 1000;
  const seconds = frac ? `${s}.${String(frac).padStart(3, '0').replace(/0+$/, '')}` : String(s);
  if (h > 0) return `${sign}${h}h${m}m${seconds}s`;
  if (m > 0) return `${sign}${m}m${seconds}s`;
  return `${sign}${seconds}s`;
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** `model.ParseDuration`: milliseconds, or undefined for text Prometheus rejects (or past its int64 range). */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const units = [MS.y, MS.w, MS.d, MS.h, MS.m, MS.s, MS.ms];
  let total = 0;
  for (const [i, mult] of units.entries()) {
    const v = m[i + 1];
    if (v !== undefined) total += Number(v) * mult;
  }
  // Go keeps durations in int64 nanoseconds.
  return total * 1e6 > 9.223372036854775e18 ? undefined : total;
}

/** The shortest digits of a float and its decimal exponent, as Go's strconv finds them. */
function shortestDigits(x: number): { digits: string; exp: number } {
  const [mantissa, e] = Math.abs(x).toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exp: Number(e) };
}

/** Go's `strconv.FormatFloat(x, 'f', -1, 64)`: the shortest digits, never an exponent. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { digits, exp } = shortestDigits(x);
  const sign = x < 0 ? '-' : '';
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's `fmt.Sprintf("%g", x)`: the shortest digits, an exponent below 1e-4 or from 1e6 up. */
export function formatG(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return formatFloat(x);
  const { digits, exp } = shortestDigits(x);
  // Go's strconv decides with precision 6 when the digits are the shortest.
  if (exp < -4 || exp >= 6) {
    const sign = x < 0 ? '-' : '';
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return formatFloat(x);
}

/** Go's `strconv.Quote`: printable characters kept, the others escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `labels.Matcher.String()`: `name="value"`, the name quoted when it is not a legacy label name. */
export function printMatcher(m: Matcher): string {
  return `${LEGACY_LABEL.test(m.name) ? m.name : goQuote(m.name)}${m.type}${goQuote(m.value)}`;
}

function printVector(name: string, matchers: readonly Matcher[]): string {
  const shown = matchers
    .filter((m) => !(m.name === '__name__' && m.type === '=' && m.value === name && m.value !== ''))
    .map(printMatcher)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return shown.length > 0 ? `${name}{${shown.join(',')}}` : name;
}

/** The expression as Prometheus's `String()` prints it. */
export function printExpr(e: PromExpr): string {
  switch (e.kind) {
    case 'vector':
      return printVector(e.name, e.matchers);
    case 'matrix':
      return `${printVector(e.vector.name, e.vector.matchers)}[${formatDuration(e.rangeMs)}]`;
    case 'subquery':
      return `${printExpr(e.expr)}[${formatDuration(e.rangeMs)}:${e.stepMs ? formatDuration(e.stepMs) : ''}]`;
    case 'call':
      return `${e.func}(${e.args.map(printExpr).join(', ')})`;
    case 'aggregate': {
      const by = e.grouping.length
        ? ` by (${e.grouping.map((g) => (LEGACY_LABEL.test(g) ? g : goQuote(g))).join(', ')}) `
        : '';
      return `${e.op}${by}(${printExpr(e.expr)})`;
    }
    case 'binary':
      return `${printExpr(e.lhs)} ${e.op} ${printExpr(e.rhs)}`;
    case 'paren':
      return `(${printExpr(e.expr)})`;
    case 'number':
      return formatFloat(e.value);
  }
}
