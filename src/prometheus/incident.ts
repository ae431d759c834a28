// What an incident cost, measured from the SLO's own queries over the incident's span.
import { PrometheusError, type PrometheusClient } from './client.js';
import { windowText } from './durations.js';
import { queryReader, type LiveSpec } from './live.js';

const seconds = (d: Date) => d.getTime() / 1000;

/**
 * The error ratio of an SLO's SLI between `start` and `end` (an incident), from its own queries: what the
 * incident cost, measured instead of estimated. Throws a `PrometheusError` when it cannot be read.
 */
export async function measureErrorRatio(
  spec: LiveSpec,
  client: PrometheusClient,
  start: Date,
  end: Date,
): Promise<number> {
  if (spec.sli.kind !== 'events' && spec.sli.kind !== 'ratio')
    throw new PrometheusError(
      'unsupported',
      spec.sli.kind === 'unsupported' ? spec.sli.reason : 'A threshold SLI has no error ratio to measure.',
    );
  const window = windowText(Math.max(60, Math.round((seconds(end) - seconds(start)) / 60) * 60));
  const ratio = await queryReader(client, spec.sli).ratio(
    `the error ratio during the incident (${window})`,
    window,
    end,
  );
  if (Number.isNaN(ratio))
    throw new PrometheusError(
      'nan',
      `No traffic during the incident (${window}): no error ratio to measure.`,
    );
  return Number(Math.min(1, Math.max(0, ratio)).toPrecision(6));
}
