/**
 * A small client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), POSTing form-encoded
 * queries, with a timeout, and every failure turned into a `PrometheusError` that says what went wrong where.
 */

export interface PrometheusConfig {
  /** Base URL, e.g. `http://prometheus.monitoring:9090` (a path prefix such as `/prometheus` is kept). */
  url: string;
  /** Extra request headers (an `Authorization: Bearer …`, a tenant header for Mimir or Thanos). */
  headers?: Record<string, string>;
  /** Per request, in milliseconds (default 10 000). */
  timeoutMs?: number;
}

export type PrometheusErrorKind =
  | 'url'
  | 'unreachable'
  | 'timeout'
  | 'http'
  | 'promql'
  | 'garbage'
  | 'no-data'
  | 'nan'
  | 'cancelled'
  | 'unsupported';

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    /** The query that failed, when one did. */
    readonly query?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }

  /** What the CLI's JSON and the editor's answers carry of it: its kind, message and failed query. */
  describe(): { kind: PrometheusErrorKind; message: string; query?: string } {
    return { kind: this.kind, message: this.message, ...(this.query ? { query: this.query } : {}) };
  }
}

/** One series of an instant query: its labels and value (`NaN` and `±Inf` as numbers). */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** One series of a range query: its labels and points (seconds since the epoch, value). */
export interface Series {
  metric: Record<string, string>;
  points: Array<[number, number]>;
}

/** What was sent, for the user to read and run themselves. */
export interface SentQuery {
  purpose: string;
  query: string;
  type: 'instant' | 'range';
  time?: string;
  start?: string;
  end?: string;
  step?: number;
}

/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS = 11_000;

const DEFAULT_TIMEOUT_MS = 10_000;

/** A sample value as the API writes it: a string, possibly `NaN`, `+Inf` or `-Inf`. */
export function parseValue(text: unknown): number {
  if (typeof text !== 'string') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const n = Number(text);
  return text.trim() === '' ? Number.NaN : n;
}

/** Checks a user-given address: http or https, with a host. */
export function parsePrometheusUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new PrometheusError(
      'url',
      `'${text}' is not a URL: give the Prometheus address, e.g. http://localhost:9090`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new PrometheusError('url', `'${text}' is not an http or https address`);
  if (url.username || url.password)
    throw new PrometheusError(
      'url',
      `'${url.origin}' has credentials in the URL: set a bearer token instead, so it is not stored in settings`,
    );
  return url;
}

const authHint = (status: number) =>
  status === 401 || status === 403 ? ' (the bearer token is missing or refused)' : '';

const reason = (err: unknown): string => {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
};

export class PrometheusClient {
  readonly base: URL;
  readonly sent: SentQuery[] = [];

  constructor(
    readonly config: PrometheusConfig,
    private readonly signal?: AbortSignal,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = parsePrometheusUrl(config.url);
  }

  /** The value of an instant query at `time`. */
  async instant(purpose: string, query: string, time: Date): Promise<Sample[]> {
    const iso = time.toISOString();
    this.sent.push({ purpose, query, type: 'instant', time: iso });
    const data = await this.post('query', { query, time: String(time.getTime() / 1000) }, query);
    if (data.resultType === 'scalar') {
      const v = data.result as unknown as [number, string];
      return [{ metric: {}, value: parseValue(v?.[1]) }];
    }
    if (data.resultType !== 'vector' || !Array.isArray(data.result))
      throw new PrometheusError('garbage', `expected a vector, got ${String(data.resultType)}`, query);
    return data.result.map((r) => ({
      metric: (r as { metric?: Record<string, string> }).metric ?? {},
      value: parseValue((r as { value?: [number, string] }).value?.[1]),
    }));
  }

  /** A range query from `start` to `end` every `step` seconds (at most MAX_POINTS points). */
  async range(purpose: string, query: string, start: Date, end: Date, step: number): Promise<Series[]> {
    const points = Math.floor((end.getTime() - start.getTime()) / 1000 / step) + 1;
    if (points > MAX_POINTS)
      throw new PrometheusError(
        'unsupported',
        `${points} points per series is above Prometheus's limit of ${MAX_POINTS}`,
        query,
      );
    this.sent.push({
      purpose,
      query,
      type: 'range',
      start: start.toISOString(),
      end: end.toISOString(),
      step,
    });
    const data = await this.post(
      'query_range',
      { query, start: String(start.getTime() / 1000), end: String(end.getTime() / 1000), step: String(step) },
      query,
    );
    if (data.resultType !== 'matrix' || !Array.isArray(data.result))
      throw new PrometheusError('garbage', `expected a matrix, got ${String(data.resultType)}`, query);
    return data.result.map((r) => ({
      metric: (r as { metric?: Record<string, string> }).metric ?? {},
      points: ((r as { values?: Array<[number, string]> }).values ?? []).map(
        ([t, v]) => [Number(t), parseValue(v)] as [number, number],
      ),
    }));
  }

  private async post(
    endpoint: string,
    form: Record<string, string>,
    query: string,
  ): Promise<{ resultType?: string; result?: unknown[] }> {
    const url = new URL(`${this.base.pathname.replace(/\/+$/, '')}/api/v1/${endpoint}`, this.base);
    const timeoutMs = this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          ...this.config.headers,
        },
        body: new URLSearchParams(form).toString(),
        signal,
        redirect: 'error',
      });
    } catch (err) {
      throw this.networkError(err, timeout, timeoutMs, query);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw this.networkError(err, timeout, timeoutMs, query);
    }
    let body: {
      status?: string;
      data?: { resultType?: string; result?: unknown[] };
      error?: string;
      errorType?: string;
    };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      if (!response.ok)
        throw new PrometheusError(
          'http',
          `${this.base.origin} answered HTTP ${response.status} ${response.statusText}${text.trim() ? `: ${text.trim().slice(0, 200)}` : ''}${authHint(response.status)}`,
          query,
          response.status,
        );
      throw new PrometheusError(
        'garbage',
        `${this.base.origin} did not answer like Prometheus (not JSON: ${JSON.stringify(text.slice(0, 60))})`,
        query,
      );
    }
    if (body?.status === 'error' || (!response.ok && body?.error)) {
      const bad = body.errorType === 'bad_data' || response.status === 400 || response.status === 422;
      throw new PrometheusError(
        bad ? 'promql' : 'http',
        bad
          ? `Prometheus rejected the query: ${body.error ?? 'bad data'}`
          : `${this.base.origin} answered HTTP ${response.status}: ${body.errorType ?? 'error'}: ${body.error ?? ''}`.trim(),
        query,
        response.status,
      );
    }
    if (!response.ok)
      throw new PrometheusError(
        'http',
        `${this.base.origin} answered HTTP ${response.status} ${response.statusText}${authHint(response.status)}`,
        query,
        response.status,
      );
    if (body?.status !== 'success' || typeof body.data !== 'object' || body.data === null)
      throw new PrometheusError(
        'garbage',
        `${this.base.origin} did not answer like Prometheus (no data field)`,
        query,
      );
    return body.data;
  }

  private networkError(
    err: unknown,
    timeout: AbortSignal,
    timeoutMs: number,
    query: string,
  ): PrometheusError {
    if (timeout.aborted)
      return new PrometheusError(
        'timeout',
        `${this.base.origin} did not answer within ${timeoutMs / 1000} s`,
        query,
      );
    if (this.signal?.aborted) return new PrometheusError('cancelled', 'cancelled', query);
    return new PrometheusError('unreachable', `cannot reach ${this.base.origin} (${reason(err)})`, query);
  }
}
