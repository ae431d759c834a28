import { UsageError } from '../fs/walk.js';
import { settingDefault } from '../config/schema.js';
import { parsePrometheusUrl, TIMEOUT_SECONDS, type PrometheusConfig } from '../prometheus/client.js';
import type { OptionSpecs, OptionValues } from './args.js';

/** `--prometheus URL [--header 'Name: value' ...] [--timeout SECONDS]`, for every command that reads Prometheus. */
export const PROMETHEUS_OPTIONS = {
  prometheus: { type: 'string' },
  header: { type: 'string', multiple: true },
  timeout: { type: 'string', default: String(settingDefault('teamSre.prometheus.timeout')) },
} as const satisfies OptionSpecs;

/** `--header 'Name: value'` added to the headers, or a usage error. */
export function addHeader(headers: Record<string, string>, header: string): void {
  const colon = header.indexOf(':');
  if (colon < 1) throw new UsageError(`--header must look like 'Name: value', not '${header}'`);
  headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
}

/** `--timeout SECONDS` in milliseconds, or a usage error: a finite number within `TIMEOUT_SECONDS`. */
export function parseTimeout(text: string): number {
  const seconds = text.trim() === '' ? Number.NaN : Number(text);
  const { minimum, maximum } = TIMEOUT_SECONDS;
  if (!(Number.isFinite(seconds) && seconds >= minimum && seconds <= maximum))
    throw new UsageError(
      `--timeout must be a number of seconds from ${minimum} to ${maximum}, not '${text}'`,
    );
  return seconds * 1000;
}

/**
 * The Prometheus a command reads from: `--prometheus URL` checked, the `--header`s, a bearer token from
 * `TEAM_SRE_PROMETHEUS_TOKEN` unless an Authorization header is given, and `--timeout`.
 */
export function prometheusConfig(
  url: string,
  headers: Record<string, string>,
  timeoutMs?: number,
): { config: PrometheusConfig; shown: string } {
  let parsed: URL;
  try {
    parsed = parsePrometheusUrl(url);
  } catch (err) {
    throw new UsageError(`--prometheus: ${(err as Error).message}`);
  }
  const all = { ...headers };
  const token = process.env.TEAM_SRE_PROMETHEUS_TOKEN;
  if (token && !Object.keys(all).some((h) => h.toLowerCase() === 'authorization'))
    all.Authorization = `Bearer ${token}`;
  return {
    config: { url, headers: all, ...(timeoutMs ? { timeoutMs } : {}) },
    shown: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`,
  };
}

/**
 * The Prometheus the options name, or undefined without `--prometheus`; the headers and the timeout are checked
 * either way.
 */
export function prometheusOptions(
  values: OptionValues<typeof PROMETHEUS_OPTIONS>,
): { config: PrometheusConfig; shown: string } | undefined {
  const headers: Record<string, string> = {};
  for (const header of values.header) addHeader(headers, header);
  const timeoutMs = parseTimeout(values.timeout);
  return values.prometheus === undefined
    ? undefined
    : prometheusConfig(values.prometheus, headers, timeoutMs);
}
