/**
 * Where live queries may go. The SLO's queries come from the workspace's files: in an untrusted workspace they
 * are sent nowhere until the user allows the address — the configured one as much as a DataSource's URL, which
 * comes from the files themselves.
 */
export interface EndpointChoice {
  /** `teamSre.prometheus.url` as configured (empty when not set). */
  configured: string;
  /** The URL the SLO's OpenSLO DataSource names, and that DataSource's name. */
  dataSource?: { name: string; url?: string };
  trusted: boolean;
  /** Addresses the user allowed for this workspace. */
  allowed: readonly string[];
}

export type EndpointDecision =
  { use: string; from: 'setting' | 'dataSource' } | { off: string } | { confirm: string; dataSource: string };

export function chooseEndpoint({
  configured,
  dataSource,
  trusted,
  allowed,
}: EndpointChoice): EndpointDecision {
  const url = configured.trim() || dataSource?.url?.trim() || '';
  if (!url)
    return { off: 'Set `teamSre.prometheus.url` to see the budget actually left, read from Prometheus.' };
  const from = configured.trim() ? 'setting' : 'dataSource';
  if (!trusted && !allowed.includes(url))
    return { confirm: url, dataSource: from === 'dataSource' ? (dataSource?.name ?? '') : '' };
  return { use: url, from };
}
