import * as v from 'valibot';
import type { BudgetReport } from '../budget/budget-report.js';
import type { LiveBudget } from '../prometheus/live.js';
import { escapeControls } from '../text/escape.js';

/** What the preview shows of the live budget. */
export type LiveState =
  | { state: 'off'; hint: string }
  | { state: 'unsupported'; reason: string }
  | { state: 'confirm'; url: string; dataSource: string }
  | { state: 'loading'; url: string }
  | { state: 'ok'; url: string; data: LiveBudget; fetched: string; refreshSeconds: number }
  | { state: 'error'; url: string; kind: string; message: string; query?: string };

/** What the replay timeline shows of `teamSre/backtest`'s answer. */
export interface ReplayData {
  from: string;
  to: string;
  /** The target replayed (a ratio), the file's or the one typed. */
  target: number;
  alerts: Array<{
    name: string;
    severity?: string;
    notifications: number;
    firing: Array<{ start: string; end: string | null; alreadyFiring: boolean }>;
  }>;
  incidents: Array<{
    title: string;
    file: string;
    start: string;
    end: string;
    detection: { alert: string; severity?: string; delayMinutes: number } | null;
  }>;
  /** The error ratio over time: seconds and ratio (null without traffic). */
  series?: { step: number; points: Array<[number, number | null]> };
  notes: string[];
}

/** The replay of the objective shown, over the last 28 days or its window, whichever is shorter. */
export type ReplayState =
  | { state: 'loading'; target: number; fileTarget: number }
  | { state: 'ok'; target: number; fileTarget: number; data: ReplayData }
  | { state: 'error'; target: number; fileTarget: number; message: string };

/** Extension → preview (the webview's messages; docs/protocol.md lists them). */
export type ToPreview = {
  type: 'update';
  file: string;
  reports: BudgetReport[];
  selected: number;
  /** Set when the document does not parse: the preview keeps the last good reports and says why. */
  error?: string;
  live?: LiveState;
  /** Per report, per alert row: the 0-based line of its rule in the generated rules, or null when none matches. */
  ruleLines?: Array<Array<number | null>>;
  replay?: ReplayState;
  /** The preview stays on this SLO whatever the cursor does, until unpinned. */
  pinned?: boolean;
  /** Why the SLO shown is not the one under the cursor: the active editor has none (its file). */
  kept?: string;
};

/** Preview → extension. */
export type FromPreview =
  | { type: 'ready' }
  | { type: 'select'; index: number }
  | { type: 'refresh' }
  | { type: 'allowDataSource'; url: string }
  | { type: 'configure' }
  /** Open the generated rules of the previewed file at a line (an alert row's rule). */
  | { type: 'showRule'; line: number }
  /** Replay the objective shown under another target (a ratio), the file untouched. */
  | { type: 'replayTarget'; target: number }
  /** Write that target into the file. */
  | { type: 'applyTarget'; target: number }
  /** Stay on the SLO shown (true), or follow the cursor again (false). */
  | { type: 'pin'; pinned: boolean };

/** A number, NaN included (a figure the engine could not give). */
const number = v.union([v.number(), v.nan()]);
/**
 * A figure. JSON, which carries the messages, writes an infinite or undefined number (the exhaustion time of a
 * zero burn rate) as null: it is read back as NaN, which the preview shows as a figure it cannot give.
 */
const figure = v.pipe(
  v.union([v.number(), v.nan(), v.null()]),
  v.transform((x) => x ?? NaN),
);
/** A figure that is null when there is none (a burn rate over a window without traffic). */
const maybeFigure = v.nullable(number);
const text = v.string();
const optionalText = v.optional(text);
const METHODS = ['Occurrences', 'Timeslices', 'RatioTimeslices'] as const;

const alertRow = v.object({
  severity: text,
  longWindow: text,
  shortWindow: text,
  factor: figure,
  threshold: figure,
  exhaustionHours: figure,
  budgetSpent: figure,
  alertAfter: text,
  alertAfterMinutes: figure,
  detectionMinutes: figure,
  neverFires: v.boolean(),
  disabled: v.boolean(),
});

const budgetReport = v.object({
  name: text,
  format: text,
  objective: optionalText,
  target: figure,
  method: v.picklist(METHODS),
  sli: v.picklist(['ratio', 'threshold']),
  timeSlice: v.optional(v.object({ minutes: figure, target: v.optional(figure) })),
  window: v.object({
    kind: v.picklist(['rolling', 'calendar']),
    label: text,
    start: text,
    end: text,
    days: figure,
    timeZone: optionalText,
  }),
  budget: v.object({
    ratio: figure,
    allowedBadMinutes: figure,
    allowedBadEvents: v.optional(figure),
    allowedBadSlices: v.optional(figure),
  }),
  alerts: v.array(alertRow),
  alertSource: text,
  warnings: v.array(text),
});

const liveBudget = v.object({
  at: text,
  source: v.picklist(['queries', 'sloth-recording-rules', 'pyrra-recording-rules']),
  sourceNote: text,
  method: v.picklist(METHODS),
  measured: v.object({ start: text, end: text, window: text }),
  sli: figure,
  budgetRemaining: figure,
  burnRates: v.record(text, maybeFigure),
  alertsNow: v.array(v.object({ fires: v.nullable(v.boolean()), text })),
  freshness: v.optional(v.object({ newestSample: text, ageSeconds: figure, stale: v.boolean() })),
  slices: v.optional(
    v.object({ length: text, counted: figure, bad: figure, empty: figure, inWindow: figure }),
  ),
  burnDown: v.object({
    step: figure,
    meaning: text,
    points: v.array(v.tuple([figure, maybeFigure])),
  }),
  notes: v.array(text),
  queries: v.array(
    v.object({
      purpose: text,
      query: text,
      type: v.picklist(['instant', 'range']),
      time: optionalText,
      start: optionalText,
      end: optionalText,
      step: v.optional(figure),
    }),
  ),
});

const liveState = v.variant('state', [
  v.object({ state: v.literal('off'), hint: text }),
  v.object({ state: v.literal('unsupported'), reason: text }),
  v.object({ state: v.literal('confirm'), url: text, dataSource: text }),
  v.object({ state: v.literal('loading'), url: text }),
  v.object({ state: v.literal('ok'), url: text, data: liveBudget, fetched: text, refreshSeconds: figure }),
  v.object({ state: v.literal('error'), url: text, kind: text, message: text, query: optionalText }),
]);

const instantText = v.pipe(text, v.maxLength(40));
const replayData = v.object({
  from: instantText,
  to: instantText,
  target: figure,
  alerts: v.pipe(
    v.array(
      v.object({
        name: text,
        severity: optionalText,
        notifications: figure,
        firing: v.pipe(
          v.array(v.object({ start: instantText, end: v.nullable(instantText), alreadyFiring: v.boolean() })),
          v.maxLength(10_000),
        ),
      }),
    ),
    v.maxLength(100),
  ),
  incidents: v.pipe(
    v.array(
      v.object({
        title: text,
        file: text,
        start: instantText,
        end: instantText,
        detection: v.nullable(v.object({ alert: text, severity: optionalText, delayMinutes: figure })),
      }),
    ),
    v.maxLength(2000),
  ),
  series: v.optional(
    v.object({
      step: figure,
      points: v.pipe(v.array(v.tuple([figure, maybeFigure])), v.maxLength(11_000)),
    }),
  ),
  notes: v.array(text),
});
/** A target as a ratio: above 0, below 1. */
const ratio = v.pipe(v.number(), v.gtValue(0), v.ltValue(1));
const replayState = v.variant('state', [
  v.object({ state: v.literal('loading'), target: figure, fileTarget: figure }),
  v.object({ state: v.literal('ok'), target: figure, fileTarget: figure, data: replayData }),
  v.object({ state: v.literal('error'), target: figure, fileTarget: figure, message: text }),
]);

const index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9_999));
/** A 0-based line of the generated rules. */
const line = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000));

const toPreview = v.object({
  type: v.literal('update'),
  file: text,
  reports: v.array(budgetReport),
  selected: index,
  error: optionalText,
  live: v.optional(liveState),
  ruleLines: v.optional(v.array(v.array(v.nullable(line)))),
  replay: v.optional(replayState),
  pinned: v.optional(v.boolean()),
  kept: optionalText,
});

const fromPreview = v.variant('type', [
  v.object({ type: v.picklist(['ready', 'refresh', 'configure']) }),
  v.object({ type: v.literal('select'), index }),
  v.object({ type: v.literal('allowDataSource'), url: v.pipe(text, v.maxLength(2047)) }),
  v.object({ type: v.literal('showRule'), line }),
  v.object({ type: v.picklist(['replayTarget', 'applyTarget']), target: ratio }),
  v.object({ type: v.literal('pin'), pinned: v.boolean() }),
]);

// The schemas say what the types say, field for field: a field added to one and not the other fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(proof: Same<A, B>) => proof;
same<v.InferOutput<typeof budgetReport>, BudgetReport>(true);
same<v.InferOutput<typeof liveBudget>, LiveBudget>(true);
same<v.InferOutput<typeof liveState>, LiveState>(true);
same<v.InferOutput<typeof replayData>, ReplayData>(true);
same<v.InferOutput<typeof replayState>, ReplayState>(true);
same<v.InferOutput<typeof toPreview>, ToPreview>(true);
same<v.InferOutput<typeof fromPreview>, FromPreview>(true);

/** Why a message was not accepted, on one line: the first field at fault and what it should be. */
function reason(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const issue = issues[0];
  return escapeControls(`${v.getDotPath(issue) ?? 'the message'}: ${issue.message}`);
}

function parse<S extends v.GenericSchema>(
  schema: S,
  message: unknown,
  onInvalid?: (why: string) => void,
): v.InferOutput<S> | undefined {
  const result = v.safeParse(schema, message);
  if (result.success) return result.output;
  onInvalid?.(reason(result.issues));
  return undefined;
}

/** Accepts only the messages the preview may send, whole; `onInvalid` is told why another is dropped. */
export function parseFromPreview(
  message: unknown,
  onInvalid?: (why: string) => void,
): FromPreview | undefined {
  return parse(fromPreview, message, onInvalid);
}

/**
 * Accepts only the messages the extension sends the preview, every field of the right type (a copy without
 * unknown fields); `onInvalid` is told why another is dropped.
 */
export function parseToPreview(message: unknown, onInvalid?: (why: string) => void): ToPreview | undefined {
  return parse(toPreview, message, onInvalid);
}
