/**
 * The normalised model every format maps onto, computed once per document analysis and kept with the object
 * (`SloObject.model`): features, budgets, live queries and rule generators read it, never the raw YAML.
 */
import type { CalendarUnit, LocalTime } from '../../budget/calendar.js';
import type { SloWindow } from '../../budget/window.js';
import { DEFAULT_SLOTH_PERIOD } from './defaults.js';
import type { SloObject } from '../analysis/object.js';
import type { FormatId } from '../formats/format.js';
import { formatOfObject } from '../formats/registry.js';
import type { YNode } from '../syntax/node.js';

/** Where each field is written (fields the file leaves out have no node), for diagnostics and edits. */
export type FieldNodes<T> = Partial<Record<keyof T, YNode>>;

export type BudgetingMethod = 'Occurrences' | 'Timeslices' | 'RatioTimeslices';

/** An SLO window: its length and label (as the budget sees it), with calendar details and where it is written. */
export interface WindowModel extends SloWindow {
  /** The length as written (`28d`, `1M`), or as Sloth's period setting gives it. */
  duration: string;
  /** Calendar-aligned periods: how many of which unit, from which start, in which time zone. */
  calendar?: {
    count: number;
    unit: CalendarUnit;
    /** `calendar.startTime` as written. */
    startTime?: string;
    /** The start time read as a local time (1970-01-01 00:00:00 when absent or unreadable). */
    anchor: LocalTime;
    timeZone: string;
  };
  /** True when the file does not say: the window is Sloth's SLO period setting. */
  fromDefaultPeriod?: boolean;
  node?: YNode;
  /** Where the window's settings are written. */
  at?: Partial<Record<'list' | 'entry' | 'duration' | 'isRolling' | 'startTime' | 'timeZone', YNode>>;
}

/** What a query measures in its indicator. */
export type QueryRole = 'good' | 'bad' | 'total' | 'errorRatio' | 'successRatio' | 'value';

/** One query of an indicator, as written, with where it reads from. */
export interface MetricQuery {
  /** The query text (PromQL for Prometheus sources; a bare selector for Pyrra). */
  query?: string;
  /** The data source type written with the query (`Prometheus`, `sloth`), if any. */
  sourceType?: string;
  /** The OpenSLO DataSource it reads, by name. */
  dataSourceRef?: string;
  node?: YNode;
}

export type IndicatorKind =
  'ratio' | 'raw-ratio' | 'threshold' | 'latency' | 'latency-native' | 'bool-gauge' | 'plugin';

/** The SLI: what counts as good, as queries by role. */
export interface IndicatorModel {
  /** Undefined when the SLI says none of the kinds its format knows. */
  kind?: IndicatorKind;
  queries: Partial<Record<QueryRole, MetricQuery>>;
  /** Pyrra `latencyNative.latency`: the threshold of a native histogram. */
  latency?: string;
  /** Pyrra `grouping`: one SLO per combination of these labels. */
  grouping?: string[];
  /** Sloth plugin SLIs: the plugin and its options. */
  plugin?: { id?: string; options: Record<string, string> };
  node?: YNode;
}

/** An OpenSLO AlertCondition (inline or its own object). */
export interface AlertConditionModel {
  name?: string;
  severity?: string;
  /** `condition.kind`, e.g. `burnrate`. */
  kind?: string;
  op?: string;
  /** The burn rate that fires. */
  threshold?: number;
  lookbackWindow?: string;
  alertAfter?: string;
  node: YNode;
  at: FieldNodes<AlertConditionModel>;
}

/** An OpenSLO AlertPolicy: its conditions inline or by reference. */
export interface AlertPolicyModel {
  name?: string;
  alertWhenBreaching?: boolean;
  alertWhenResolved?: boolean;
  alertWhenNoData?: boolean;
  conditions: Array<{ ref?: string; condition?: AlertConditionModel }>;
  node: YNode;
}

/** One generated alert (Sloth's page or ticket alert). */
export interface GeneratedAlert {
  disable: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  node?: YNode;
}

/** How an SLO alerts: its own conditions, or a table of burn-rate alerts its tool generates. */
export type AlertingModel =
  | { style: 'conditions'; policies: Array<{ ref?: string; policy?: AlertPolicyModel }> }
  | {
      /** The SRE workbook's multi-window multi-burn-rate page and ticket alerts. */
      style: 'multiwindow';
      /** The alert table as it is named in reports. */
      source: string;
      name?: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
      page: GeneratedAlert;
      ticket: GeneratedAlert;
      node?: YNode;
    }
  | {
      /** Burn-rate tiers with fixed factors whose windows scale with the SLO window. */
      style: 'window-scaled-tiers';
      source: string;
      disabled: boolean;
      burnrates: boolean;
      absent: boolean;
      name?: string;
      absentName?: string;
      severities: Record<string, string>;
      node?: YNode;
    };

/** One objective of an SLO: its target as a ratio, and the per-objective settings. */
export interface ObjectiveModel {
  displayName?: string;
  /** Target as a ratio in [0, 1]. */
  target?: number;
  /** The node holding the target as written (a ratio, a percentage, or a Pyrra string). */
  targetNode?: YNode;
  /** Threshold SLIs: how each value is judged good (`lt`, `lte`, `gt`, `gte`), as written. */
  op?: string;
  value?: number;
  /** Time-slice budgeting: the slice length as written, in minutes, and the share of good a slice needs. */
  timeSliceWindow?: string;
  timeSliceMinutes?: number;
  timeSliceTarget?: number;
  /** An indicator of this objective alone (OpenSLO v1alpha `ratioMetrics`). */
  indicator?: IndicatorModel;
  node: YNode;
  at: FieldNodes<ObjectiveModel>;
}

/** One SLO, whatever its format (a Sloth file defines several; other objects one or none). */
export interface SloModel {
  /** The SLO's id (`<service>-<name>` for Sloth). */
  name: string;
  /** The format of the object that defines it. */
  format: FormatId;
  /** The node that defines the SLO (a Sloth `slos` item, or the object's root). */
  node: YNode;
  /** The service, as its format says it (Pyrra has none: its namespace stands in). */
  service: string;
  labels: Record<string, string>;
  description?: string;
  window?: WindowModel;
  windowNode?: YNode;
  budgetingMethod: BudgetingMethod;
  /** The SLI written in the SLO, unless it names one (`indicatorRef`). */
  indicator?: IndicatorModel;
  indicatorRef?: string;
  alerting: AlertingModel;
  objectives: ObjectiveModel[];
  at: FieldNodes<SloModel>;
}

/** An OpenSLO DataSource. */
export interface DataSourceModel {
  type?: string;
  /** `connectionDetails.url` (or `address`). */
  url?: string;
  node: YNode;
}

/** One of Sloth's multiwindow alerts: the share of the period's budget it spends, over two windows (ms). */
export interface AlertWindowModel {
  errorBudgetPercent: number;
  shortWindowMs: number;
  longWindowMs: number;
}

/** A Sloth `AlertWindows` object: the page and ticket alert windows of one SLO period. */
export interface AlertWindowsModel {
  periodMs: number;
  pageQuick: AlertWindowModel;
  pageSlow: AlertWindowModel;
  ticketQuick: AlertWindowModel;
  ticketSlow: AlertWindowModel;
  node: YNode;
}

/** What one object contributes to the model: its SLOs, or the piece other objects refer to. */
export interface ObjectModel {
  slos: SloModel[];
  /** A `kind: SLI` object's indicator. */
  sli?: IndicatorModel;
  alertPolicy?: AlertPolicyModel;
  alertCondition?: AlertConditionModel;
  dataSource?: DataSourceModel;
  /** A Sloth `AlertWindows` object, when it is complete. */
  alertWindows?: AlertWindowsModel;
  /** A `kind: Service` object. */
  service?: { name?: string; displayName?: string; description?: string; node: YNode };
}

/** Finds the model of an object other objects refer to by kind and name (`AlertPolicy`, `SLI`, …). */
export type ModelResolver = (kind: string, name: string) => ObjectModel | undefined;

export interface ModelOptions {
  /** Sloth's SLO period (`--default-slo-period`), a Prometheus duration. */
  slothPeriod: string;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = { slothPeriod: DEFAULT_SLOTH_PERIOD };

/** SLOs made for another Sloth period than the analysis used, by period, per (cached, shared) object model. */
const reworked = new WeakMap<ObjectModel, Map<string, SloModel[]>>();

/**
 * The SLOs an object defines, from the model computed with the document. Only Sloth's windows depend on the
 * options: asked with another period than the analysis had, the object's model is made again, once per period
 * and document (edits elsewhere keep it).
 */
export function normaliseSlos(object: SloObject, options: ModelOptions = DEFAULT_MODEL_OPTIONS): SloModel[] {
  const slos = object.model.slos;
  if (
    options.slothPeriod === object.modelOptions.slothPeriod ||
    !slos.some((s) => s.window?.fromDefaultPeriod)
  )
    return slos;
  let byPeriod = reworked.get(object.model);
  if (!byPeriod) reworked.set(object.model, (byPeriod = new Map()));
  let out = byPeriod.get(options.slothPeriod);
  if (!out) {
    out = formatOfObject(object).normalise(object, options).slos;
    byPeriod.set(options.slothPeriod, out);
  }
  return out;
}
