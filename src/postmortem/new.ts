/** A new postmortem's front matter and text, from what the user answered: shared by the editor and the CLI. */
import { plainText } from '../language/diagnostics/plain.js';
import type { BudgetInput } from '../budget/budget-report.js';
import { BudgetInputError } from '../budget/input-error.js';
import { sloImpact, type ErrorRateSource, type PostmortemFields, type PostmortemSloRef } from './model.js';
import { renderTemplate, type PostmortemTemplate, type TemplateWarning } from './templates.js';

export interface AffectedSlo {
  /** The SLO file, relative to the workspace folder, with `/`. */
  file: string;
  name: string;
  service?: string;
  /** The engine's view of the objective; without it only the reference is written. */
  input?: BudgetInput;
  /** This SLO's own error rate during the incident (measured, or typed for it), before the one of the answers. */
  errorRate?: number;
  /** Where `errorRate` came from, written next to it. */
  errorRateSource?: ErrorRateSource;
  /** Threshold SLIs: minutes the metric was over its threshold (default: the whole incident). */
  minutesOverThreshold?: number;
}

export interface NewPostmortem {
  title: string;
  /** ISO 8601: a date (`2026-11-03`) or a date and time with its zone. */
  started: string;
  resolved: string;
  severity?: string;
  owner?: string;
  slos: AffectedSlo[];
  /** Share of requests failing during the incident (default: a full outage when times are known). */
  errorRate?: number;
  /** Where `errorRate` came from (e.g. `typed`), written next to the SLOs that use it. */
  errorRateSource?: ErrorRateSource;
  /** When the incident was detected, as written. */
  detected?: string;
}

/** A Prometheus address as a postmortem records it: without a user name, a password or a trailing slash. */
export function recordedAddress(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

const hasTime = (iso: string) => /T\d{2}:\d{2}/.test(iso);

/**
 * The fields and the text of a new postmortem. The budget each SLO lost is computed when the incident has a
 * start and an end time; with dates only, the SLOs are listed without figures and a warning says why.
 */
export function composePostmortem(
  answers: NewPostmortem,
  template: PostmortemTemplate,
): { date: string; fields: PostmortemFields; text: string; warnings: TemplateWarning[] } {
  const warnings: TemplateWarning[] = [];
  const started = new Date(answers.started);
  const resolved = new Date(answers.resolved);
  const timed =
    hasTime(answers.started) &&
    hasTime(answers.resolved) &&
    !Number.isNaN(started.getTime()) &&
    !Number.isNaN(resolved.getTime()) &&
    resolved.getTime() > started.getTime();
  if (answers.slos.length && !timed)
    warnings.push({
      line: 0,
      message:
        'The budget each SLO lost needs the start and end times of the incident (e.g. 2026-11-03T14:12:00+01:00): the SLOs are listed without figures.',
    });
  const slos: PostmortemSloRef[] = answers.slos.map((s) => {
    const ref: PostmortemSloRef = { file: s.file, name: s.name };
    if (!s.input || !timed) return ref;
    const own = s.errorRate;
    const errorRate = own ?? answers.errorRate;
    const source = own !== undefined ? s.errorRateSource : answers.errorRateSource;
    try {
      const impact = sloImpact(s.input, started, resolved, {
        ...(errorRate === undefined ? {} : { errorRate }),
        ...(s.minutesOverThreshold === undefined ? {} : { minutesOverThreshold: s.minutesOverThreshold }),
      });
      // The source sits right under the error rate it explains.
      return Object.fromEntries(
        Object.entries({ ...ref, ...impact }).flatMap(([k, v]) =>
          k === 'errorRate' && source
            ? [
                [k, v],
                ['errorRateSource', source],
              ]
            : [[k, v]],
        ),
      ) as unknown as PostmortemSloRef;
    } catch (err) {
      // One SLO's window that cannot be computed leaves that SLO without figures, not the postmortem unwritten.
      if (!(err instanceof BudgetInputError)) throw err;
      warnings.push({
        line: 0,
        message: `${s.name}: the budget it lost is not computed: ${plainText(err.message)}`,
      });
      return ref;
    }
  });
  const services = [...new Set(answers.slos.map((s) => s.service).filter((s): s is string => !!s))];
  const fields: PostmortemFields = {
    title: answers.title,
    date: answers.started.slice(0, 10),
    started: answers.started,
    ...(answers.detected ? { detected: answers.detected } : {}),
    resolved: answers.resolved,
    status: 'draft',
    ...(answers.owner ? { owner: answers.owner, authors: [answers.owner] } : {}),
    ...(answers.severity ? { severity: answers.severity } : {}),
    ...(services.length ? { services } : {}),
    slos,
    action_items: [],
  };
  const rendered = renderTemplate(template.body, fields, template.addedLines);
  // A warning about a team's template names its file.
  const from = template.source === 'built-in' ? '' : `${template.source}: `;
  return {
    date: fields.date!,
    fields,
    text: rendered.text,
    warnings: [...warnings, ...rendered.warnings.map((w) => ({ ...w, message: from + w.message }))],
  };
}
