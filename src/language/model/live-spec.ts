/**
 * How to read an SLO's SLI from Prometheus: the queries with `{{.window}}` where the window goes, the
 * recording rules its tool deploys for it, and the DataSource it names. Each format says how, from the model.
 */
import type { LiveSpec } from '../../prometheus/live.js';
import { formatOf } from '../formats/registry.js';
import type { ModelResolver, ObjectiveModel, SloModel } from './slo-model.js';

export { queryOverWindow } from '../syntax/query-window.js';

export interface DataSourceRef {
  name: string;
  type?: string;
  /** `spec.connectionDetails.url` (or `address`), as written in the workspace. */
  url?: string;
}

export interface SloLiveSpec extends LiveSpec {
  dataSource?: DataSourceRef;
}

/** How to read one objective of an SLO from Prometheus. */
export function liveSpec(slo: SloModel, objective: ObjectiveModel, resolve?: ModelResolver): SloLiveSpec {
  return formatOf(slo.format).liveSpec(slo, objective, resolve);
}
