/**
 * A small client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), POSTing form-encoded
 * queries, with a timeout over the whole exchange, bounded answers (bytes, nesting, series, points) and a bounded
 * number of queries per read, and every failure turned into a `PrometheusError` that says what went wrong where.
 */

export interface PrometheusConfig {
  /** Base URL, e.g. `http://prometheus.monitoring:9090` (a path prefix such as `/prometheus` is kept). */
  url: string;
  /** Extra request headers (an `Authorization: Bearer …`, a tenant header for Mimir or Thanos). */
  headers?: Record<string, string>;
  /** Per request, headers and body, in milliseconds (default 10 000; kept within `TIMEOUT_SECONDS`). */
  timeoutMs?: number;
}

/** Why a read gave no figure: each failure, and each value no ratio can be, is a kind of its own. */
export const PROMETHEUS_ERROR_KINDS = [
  'url',
  'unreachable',
  'timeout',
  'http',
  'promql',
  'garbage',
  'too-large',
  'limit',
  'no-data',
  'nan',
  'positive-infinity',
  'negative-infinity',
  'above-one',
  'below-zero',
  'cancelled',
  'unsupported',
] as const;

export type PrometheusErrorKind = (typeof PROMETHEUS_ERROR_KINDS)[number];

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

/**
 * The bounds of reading from Prometheus. Fixed, not settings: they sit far above what reading an SLO needs (a few
 * dozen queries, answers of a few kilobytes), and a workspace's settings must not be able to lift them.
 */
export const LIMITS = {
  /** Queries sent for one objective's read (its SLI, slices, burn-down and burn rates). */
  queriesPerRead: 200,
  /** Time slices counted in one read: two years of 1-minute slices; each is a step of Prometheus's subqueries. */
  slicesPerRead: 1_100_000,
  /** Points per series of a range query: Prometheus refuses more. */
  pointsPerRangeQuery: 11_000,
  /** Bytes of one answer, read as they arrive; the exchange is cut past it. */
  answerBytes: 16 * 1024 * 1024,
  /** Nesting of an answer's JSON: Prometheus's answers nest 6 levels deep. */
  answerDepth: 32,
  /** Series in one answer. */
  seriesPerAnswer: 10_000,
  /** Points in one answer, all series together. */
  pointsPerAnswer: 250_000,
} as const;

/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS = LIMITS.pointsPerRangeQuery;

/** The timeout of one query, in seconds: `--timeout` outside the range is refused, the setting kept within it. */
export const TIMEOUT_SECONDS = { default: 10, minimum: 0.1, maximum: 3600 } as const;

/** A timeout in milliseconds within `TIMEOUT_SECONDS` (the default when it is not a finite number). */
export function boundedTimeoutMs(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return TIMEOUT_SECONDS.default * 1000;
  return Math.min(TIMEOUT_SECONDS.maximum * 1000, Math.max(TIMEOUT_SECONDS.minimum * 1000, ms));
}

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A sample value as the API writes it: a string holding a float, `NaN`, `+Inf` or `-Inf`; undefined for anything
 * else, which no Prometheus sends.
 */
export function parseValue(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  return FLOAT.test(text) ? Number(text) : undefined;
}

/** Whether JSON text nests objects and arrays deeper than `limit`, read without parsing it. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

const MB = 1024 * 1024;

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

type Body = {
  status?: string;
  data?: { resultType?: string; result?: unknown };
  error?: string;
  errorType?: string;
};

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

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
    this.count(query);
    this.sent.push({ purpose, query, type: 'instant', time: time.toISOString() });
    const data = await this.post('query', { query, time: String(time.getTime() / 1000) }, query);
    if (data.resultType === 'scalar') return [{ metric: {}, value: this.sample(data.result, query) }];
    const result = this.result(data, 'vector', query);
    return result.map((r) => ({
      metric: this.metric(r, query),
      value: this.sample(isObject(r) ? r.value : undefined, query),
    }));
  }

  /** A range query from `start` to `end` every `step` seconds (at most MAX_POINTS points). */
  async range(purpose: string, query: string, start: Date, end: Date, step: number): Promise<Series[]> {
    const points = Math.floor((end.getTime() - start.getTime()) / 1000 / step) + 1;
    if (points > MAX_POINTS)
      throw new PrometheusError(
        'limit',
        `${points} points per series is above Prometheus's limit of ${MAX_POINTS} points per range query`,
        query,
      );
    this.count(query);
    this.sent.push({
      purpose,
      query,
      type: 'range',
      start: start.toISOString(),
      end: end.toISOString(),
      step,
    });
    const from = start.getTime() / 1000;
    const data = await this.post(
      'query_range',
      {
        query,
        start: String(from),
        end: String(end.getTime() / 1000),
        step: String(step),
        // VictoriaMetrics moves the points of a cached range query onto multiples of the step; this keeps them.
        nocache: '1',
      },
      query,
    );
    const result = this.result(data, 'matrix', query);
    let total = 0;
    return result.map((r) => {
      const values = isObject(r) ? r.values : undefined;
      if (!Array.isArray(values)) throw this.garbage('a series without values', query);
      total += values.length;
      if (total > LIMITS.pointsPerAnswer)
        throw new PrometheusError(
          'too-large',
          `${this.base.origin} answered with more than ${LIMITS.pointsPerAnswer} points, the bound on one answer: aggregate the query (sum by …)`,
          query,
        );
      return {
        metric: this.metric(r, query),
        points: values.map((p: unknown) => {
          const t = this.time(p, query);
          if (Math.abs((t - from) / step - Math.round((t - from) / step)) > 1e-6)
            throw new PrometheusError(
              'garbage',
              `${this.base.origin} answered a point at ${t}, off the requested steps of ${step} s from ${from} (a front end aligning range queries to the step?): turn that alignment off to read this SLO`,
              query,
            );
          return [t, this.sample(p, query)] as [number, number];
        }),
      };
    });
  }

  /** The bound on the queries of one read, checked before each is sent. */
  private count(query: string): void {
    if (this.sent.length >= LIMITS.queriesPerRead)
      throw new PrometheusError(
        'limit',
        `This read needs more than ${LIMITS.queriesPerRead} queries, the bound on one read`,
        query,
      );
  }

  private garbage(what: string, query: string): PrometheusError {
    return new PrometheusError(
      'garbage',
      `${this.base.origin} did not answer like Prometheus (${what})`,
      query,
    );
  }

  /** The series of an answer of the expected type, at most `LIMITS.seriesPerAnswer` of them. */
  private result(data: Body['data'] & object, type: 'vector' | 'matrix', query: string): unknown[] {
    if (data.resultType !== type || !Array.isArray(data.result))
      throw new PrometheusError('garbage', `expected a ${type}, got ${String(data.resultType)}`, query);
    if (data.result.length > LIMITS.seriesPerAnswer)
      throw new PrometheusError(
        'too-large',
        `${this.base.origin} answered with ${data.result.length} series, above the bound of ${LIMITS.seriesPerAnswer} series per answer: aggregate the query (sum by …)`,
        query,
      );
    return data.result;
  }

  private metric(series: unknown, query: string): Record<string, string> {
    const metric = isObject(series) ? (series.metric ?? {}) : undefined;
    if (!isObject(metric)) throw this.garbage('a series without labels', query);
    return metric as Record<string, string>;
  }

  private time(point: unknown, query: string): number {
    const t = Array.isArray(point) ? point[0] : undefined;
    if (typeof t !== 'number' || !Number.isFinite(t)) throw this.garbage('a sample without a time', query);
    return t;
  }

  /** The value of a `[time, "value"]` pair; anything else is garbage. */
  private sample(point: unknown, query: string): number {
    const value = Array.isArray(point) && point.length === 2 ? parseValue(point[1]) : undefined;
    if (value === undefined)
      throw this.garbage(
        `a sample value that is not a number: ${JSON.stringify(point)?.slice(0, 60) ?? String(point)}`,
        query,
      );
    return value;
  }

  private async post(
    endpoint: string,
    form: Record<string, string>,
    query: string,
  ): Promise<NonNullable<Body['data']>> {
    const url = new URL(`${this.base.pathname.replace(/\/+$/, '')}/api/v1/${endpoint}`, this.base);
    const timeoutMs = boundedTimeoutMs(this.config.timeoutMs);
    // A timer of our own, held until the body is read: `AbortSignal.timeout()` is held weakly, and once the
    // headers have arrived it can be collected and never fire, leaving a slow body unbounded.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const cancel = () => abort.abort();
    this.signal?.addEventListener('abort', cancel);
    if (this.signal?.aborted) abort.abort();
    try {
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
            ...this.config.headers,
          },
          body: new URLSearchParams(form).toString(),
          signal: abort.signal,
          redirect: 'error',
        });
        text = await this.readBody(response, abort, query);
      } catch (err) {
        if (err instanceof PrometheusError) throw err;
        throw this.networkError(err, timedOut, timeoutMs, query);
      }
      return this.answer(response, text, query);
    } finally {
      clearTimeout(timer);
      this.signal?.removeEventListener('abort', cancel);
    }
  }

  /** The body as text, read as it arrives and cut past `LIMITS.answerBytes`. */
  private async readBody(response: Response, abort: AbortController, query: string): Promise<string> {
    const tooLarge = () => {
      abort.abort();
      return new PrometheusError(
        'too-large',
        `${this.base.origin} sent an answer larger than ${LIMITS.answerBytes / MB} MB, the bound on one answer: narrow or aggregate the query`,
        query,
      );
    };
    if (Number(response.headers.get('content-length')) > LIMITS.answerBytes) throw tooLarge();
    if (!response.body) return '';
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > LIMITS.answerBytes) {
        reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    const body = new Uint8Array(bytes);
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.byteLength;
    }
    // As Node's Buffer decodes: a byte-order mark kept (JSON.parse then rejects it), bad bytes replaced.
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  }

  private answer(response: Response, text: string, query: string): NonNullable<Body['data']> {
    // JSON.parse copes with any depth; a depth no Prometheus answer has is garbage, not a value.
    const deep = nestsDeeperThan(text, LIMITS.answerDepth);
    let body: Body | undefined;
    let parsed = false;
    if (!deep)
      try {
        body = JSON.parse(text) as Body;
        parsed = true;
      } catch {
        // said below
      }
    if (!parsed) {
      if (!response.ok)
        throw new PrometheusError(
          'http',
          `${this.base.origin} answered HTTP ${response.status} ${response.statusText}${text.trim() ? `: ${text.trim().slice(0, 200)}` : ''}${authHint(response.status)}`,
          query,
          response.status,
        );
      throw this.garbage(
        deep
          ? `JSON nested deeper than ${LIMITS.answerDepth} levels`
          : `not JSON: ${JSON.stringify(text.slice(0, 60))}`,
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
    if (body?.status !== 'success' || !isObject(body.data)) throw this.garbage('no data field', query);
    return body.data;
  }

  private networkError(err: unknown, timedOut: boolean, timeoutMs: number, query: string): PrometheusError {
    if (timedOut)
      return new PrometheusError(
        'timeout',
        `${this.base.origin} did not answer within ${timeoutMs / 1000} s`,
        query,
      );
    if (this.signal?.aborted) return new PrometheusError('cancelled', 'cancelled', query);
    return new PrometheusError('unreachable', `cannot reach ${this.base.origin} (${reason(err)})`, query);
  }
}
