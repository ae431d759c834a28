/** The questions of the New Postmortem wizard: which are asked on the path taken, in order, and the SLO list. */

export type WizardQuestion =
  | 'title'
  | 'slos'
  | 'started'
  | 'detected'
  | 'resolved'
  | 'severity'
  | 'owner'
  | 'template'
  /** The share of requests failing during the incident, for the SLO named. */
  | { errorRate: string }
  /** Threshold SLIs: the minutes over the threshold, for the SLO named. */
  | { minutesOverThreshold: string };

const FIXED: readonly WizardQuestion[] = [
  'title',
  'slos',
  'started',
  'detected',
  'resolved',
  'severity',
  'owner',
  'template',
];

export interface WizardPath {
  /** The SLOs picked, once they are; `measured`: its error rate is (or is expected to be) read from Prometheus. */
  slos?: ReadonlyArray<{ name: string; sli?: 'ratio' | 'threshold'; measured?: boolean }>;
  /** False when the workspace has no SLO to pick: the question is not asked. */
  listed?: boolean;
  /** Whether the start and the end have a time of day; unknown until both are answered (then taken as yes). */
  timed?: boolean;
}

/**
 * The questions asked on `path`, in order: the fixed ones, then one per SLO picked when the incident has times
 * (its minutes over the threshold, or its error rate unless Prometheus measures it). Unknown answers count as
 * the path that asks the most, so the count only shrinks as answers come, except when a measurement fails.
 */
export function wizardQuestions(path: WizardPath): WizardQuestion[] {
  const perSlo: WizardQuestion[] =
    path.timed === false
      ? []
      : (path.slos ?? []).flatMap((s): WizardQuestion[] =>
          s.sli === 'threshold'
            ? [{ minutesOverThreshold: s.name }]
            : s.measured
              ? []
              : [{ errorRate: s.name }],
        );
  return [...FIXED.filter((q) => q !== 'slos' || path.listed !== false), ...perSlo];
}

const same = (a: WizardQuestion, b: WizardQuestion) => JSON.stringify(a) === JSON.stringify(b);

/** `New Postmortem (3/9): label` for `question` on `path`. */
export function stepTitle(path: WizardPath, question: WizardQuestion, label: string): string {
  const questions = wizardQuestions(path);
  const k = questions.findIndex((q) => same(q, question));
  if (k === -1) throw new RangeError(`${JSON.stringify(question)} is not asked on this path.`);
  return `New Postmortem (${k + 1}/${questions.length}): ${label}`;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The SLO list of the wizard: the current one (under the cursor, or the one the command was started for)
 * first, then by name, objective and file.
 */
export function orderSlos<T>(
  slos: readonly T[],
  key: (slo: T) => { name: string; file: string; objective?: string },
  isCurrent: (slo: T) => boolean = () => false,
): T[] {
  return slos
    .map((slo) => ({ slo, k: key(slo), current: isCurrent(slo) }))
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        collator.compare(a.k.name, b.k.name) ||
        collator.compare(a.k.objective ?? '', b.k.objective ?? '') ||
        collator.compare(a.k.file, b.k.file),
    )
    .map(({ slo }) => slo);
}

/**
 * The time zone a time typed without an offset is read in: the calendar time zone of the first SLO picked that
 * has one, else this computer's.
 */
export function incidentZone(
  slos: ReadonlyArray<{ name: string; timeZone?: string }>,
  localZone: string,
): { zone: string; note: string } {
  const slo = slos.find((s) => s.timeZone);
  return slo
    ? {
        zone: slo.timeZone!,
        note: `Times without an offset are in ${slo.timeZone} (the calendar of ${slo.name})`,
      }
    : { zone: localZone, note: `Times without an offset are in ${localZone} (this computer's time zone)` };
}
