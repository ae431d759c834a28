/** The checks of a postmortem's front matter, as diagnostics with the range of the key or value at fault. */
import { POSTMORTEM_CATALOGUE, type PostmortemCode } from '../language/diagnostics/codes.js';
import { truncate } from '../language/fields/field-spec.js';
import { plainText } from '../language/diagnostics/plain.js';
import {
  allowedDistance,
  closest,
  editDistance,
  listWords,
  normalise,
} from '../language/diagnostics/suggest.js';
import { TextPositions } from '../language/syntax/text.js';
import type { Diagnostic, Range } from '../language/types.js';
import { asText, errorRateSource, isRecord, parsePostmortem, type PathSegment } from './frontmatter.js';
import { isOpen, normaliseStatus, parseIsoTime, STATUSES } from './model.js';
import { scalarReplacement } from './references.js';

/**
 * Whether an SLO reference of `slos` exists: `no-file` when there is no such SLO file, `no-slo` when the file
 * has no SLO of that name; with `known`, the names that do exist (files, or the file's SLOs) for a suggestion.
 */
export type SloResolution = 'ok' | 'no-file' | 'no-slo' | { missing: 'file' | 'slo'; known: string[] };
export type SloResolver = (file: string, name: string) => SloResolution;

const SINGLE_VALUES = ['title', 'date', 'started', 'detected', 'resolved', 'status', 'owner', 'severity'];
/** A single value is read as a list of one. */
const LISTS = ['authors', 'services', 'tags'];
const MAPPING_LISTS = ['slos', 'action_items'];
const TIMES = ['started', 'detected', 'resolved'] as const;
const EXAMPLE_TIME = '`2026-11-03T14:12:00+01:00`';

/** The first line with text, for a file with no front matter at all. */
function firstLineRange(text: string): Range {
  const start = /\S/.exec(text)?.index ?? 0;
  const nl = text.indexOf('\n', start);
  const end = nl === -1 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  return new TextPositions(text.slice(0, end)).range(start, end);
}

/** Fixes offered at most for an unresolved SLO reference. */
const MAX_CLOSE = 3;

/** The known words close enough to `word` to be what was meant: `first` (the best match), then by distance. */
function closeWords(word: string, known: readonly string[], first: string | undefined): string[] {
  const allowed = allowedDistance(word);
  const w = normalise(word);
  const scored = known
    .filter((k) => k !== first && k !== word)
    .map((k) => ({ k, d: editDistance(w, normalise(k), allowed) }))
    .filter(({ d }) => d <= allowed)
    .sort((a, b) => a.d - b.d);
  return [...(first ? [first] : []), ...scored.map(({ k }) => k)].slice(0, MAX_CLOSE);
}

/**
 * Diagnostics for a postmortem's front matter. `resolveSlo` checks the SLO references (skipped without
 * it); `today` (`YYYY-MM-DD`) enables the overdue check. Diagnostics come in the order of the text.
 */
export function checkPostmortem(text: string, resolveSlo?: SloResolver, today?: string): Diagnostic[] {
  const pm = parsePostmortem(text);
  const out: Diagnostic[] = [];
  const report = (code: PostmortemCode, range: Range, message: string) => {
    out.push({
      code,
      severity: POSTMORTEM_CATALOGUE.get(code)!.severity,
      message: plainText(message),
      range,
    });
  };
  if (!pm.frontMatter) {
    report(
      'SLO801',
      firstLineRange(text),
      'This postmortem has no front matter: start the file with a `---` line, its fields (title, date, status, owner, slos, action_items…) and a closing `---`.',
    );
    return out;
  }
  const { data, fields, rangeOf } = pm;
  const [error] = pm.errors;
  if (error || !data) {
    if (error) report('SLO802', error.range, error.message);
    return out;
  }
  const top = pm.frontMatter.range;
  const at = (path: PathSegment[], part?: 'key' | 'value') => rangeOf(path, part) ?? top;

  /** Keys whose value has the wrong type: reported once, not checked further. */
  const wrong = new Set<string>();
  for (const [key, v] of Object.entries(data)) {
    const shape = Array.isArray(v) ? 'list' : isRecord(v) ? 'mapping' : undefined;
    const problem =
      SINGLE_VALUES.includes(key) && shape
        ? key === 'owner'
          ? '`owner` is one person, not a list: keep the others in `authors`.'
          : `\`${key}\` is a single value, not a ${shape}.`
        : LISTS.includes(key) && shape === 'mapping'
          ? `\`${key}\` is a list, not a mapping.`
          : MAPPING_LISTS.includes(key) && v !== null && shape !== 'list'
            ? `\`${key}\` is a list: start each entry on a new line with \`- \`.`
            : key === 'links' && v !== null && shape !== 'mapping'
              ? '`links` is a mapping of names to addresses (`dashboard: https://…`).'
              : undefined;
    if (!problem) continue;
    wrong.add(key);
    report('SLO803', at([key]), problem);
  }
  const slos = Array.isArray(data.slos) ? data.slos : [];
  const items = Array.isArray(data.action_items) ? data.action_items : [];
  /** Action items may be a bare title; lists and mappings of anything else are not items. */
  const badItem = (v: unknown) => typeof v === 'object' && v !== null && !isRecord(v);
  slos.forEach((v, i) => {
    if (!isRecord(v))
      report('SLO803', at(['slos', i]), '`slos` entries are mappings with `file` and `name`.');
    else if (v.errorRateSource !== undefined && !errorRateSource(v.errorRateSource))
      report(
        'SLO803',
        at(['slos', i, 'errorRateSource']),
        '`errorRateSource` is `typed`, or `measured:` with the `query`, the `prometheus` address and the time it was read (`at`).',
      );
  });
  items.forEach((v, i) => {
    if (badItem(v))
      report(
        'SLO803',
        at(['action_items', i]),
        'An action item is a mapping (`title`, `owner`, `ticket`…), not a list.',
      );
  });

  if (!wrong.has('owner') && !fields.owner?.trim())
    report(
      'SLO804',
      'owner' in data ? at(['owner'], 'key') : top,
      'The postmortem has no `owner`: name the one person who drives it to `final`.',
    );

  const status = fields.status?.trim();
  if (!wrong.has('status') && !status)
    report(
      'SLO805',
      'status' in data ? at(['status'], 'key') : top,
      `The postmortem has no \`status\`: ${listWords(STATUSES)}.`,
    );
  else if (status && !normaliseStatus(status)) {
    const guess = closest(status, STATUSES);
    report(
      'SLO805',
      at(['status']),
      `\`${truncate(status)}\` is not a postmortem status: ${guess ? `did you mean \`${guess}\`?` : `use ${listWords(STATUSES)}.`}`,
    );
  }

  /** The instant of a date field, or undefined (reported when it is not ISO 8601). */
  const date = (path: PathSegment[], value: unknown, withTime: boolean): Date | undefined => {
    const key = String(path[path.length - 1]);
    if (value === undefined || value === null || value === '' || wrong.has(key)) return undefined;
    const s = asText(value);
    const t = s === undefined ? undefined : parseIsoTime(s);
    const problem = !t
      ? `\`${key}\` is not an ISO 8601 date${withTime ? ` and time: write it like ${EXAMPLE_TIME}` : ': write it like `2026-11-03`'}.`
      : withTime && !t.hasTime
        ? `\`${key}\` needs a time of day and a zone: write it like ${EXAMPLE_TIME}.`
        : withTime && !t.hasZone
          ? `\`${key}\` has no time zone: add \`Z\` for UTC or an offset like \`+01:00\`, or readers in other zones read another instant.`
          : undefined;
    if (problem) report('SLO806', at(path), problem);
    return t?.date;
  };
  date(['date'], data.date, false);
  const [started, detected, resolved] = TIMES.map((k) => date([k], data[k], true));
  if (started && resolved && resolved < started)
    report(
      'SLO807',
      at(['resolved']),
      `\`resolved\` (${fields.resolved}) is before \`started\` (${fields.started}): the incident cannot end before it starts.`,
    );
  if (started && detected && detected < started)
    report(
      'SLO807',
      at(['detected']),
      `\`detected\` (${fields.detected}) is before \`started\` (${fields.started}): the incident cannot be detected before it starts.`,
    );

  slos.forEach((v, i) => {
    const ref = fields.slos?.[i];
    if (!isRecord(v) || !ref) return;
    const missing = (['file', 'name'] as const).filter((k) => !ref[k].trim());
    if (missing.length) {
      report(
        'SLO808',
        rangeOf(['slos', i, missing.length === 1 && missing[0] === 'file' ? 'name' : 'file'], 'key') ??
          at(['slos', i]),
        `The SLO reference needs ${listWords(missing, 'and')}: the SLO file, relative to the workspace folder, and the SLO's name.`,
      );
      return;
    }
    const r = resolveSlo?.(ref.file, ref.name) ?? 'ok';
    if (r === 'ok') return;
    const what = typeof r === 'string' ? (r === 'no-file' ? 'file' : 'slo') : r.missing;
    const known = typeof r === 'string' ? [] : r.known;
    const written = what === 'file' ? ref.file : ref.name;
    const guess = closest(written, known);
    const hint = guess
      ? `: did you mean \`${guess}\`?`
      : known.length
        ? `: ${what === 'file' ? 'the SLO files are' : 'it defines'} ${listWords(known.slice(0, 5), 'and')}${known.length > 5 ? '…' : ''}.`
        : '.';
    const range = at(['slos', i, what === 'file' ? 'file' : 'name']);
    report(
      'SLO808',
      range,
      what === 'file'
        ? `No SLO file \`${ref.file}\` in the workspace${hint}`
        : `\`${ref.file}\` has no SLO named \`${ref.name}\`${hint}`,
    );
    // The close names, the likeliest first, each a quick fix that writes it in place of the typo.
    const close = closeWords(written, known, guess);
    if (close.length)
      out[out.length - 1]!.fixes = close.map((word, k) => ({
        title: `Change to ${word}`,
        edits: [{ range, newText: scalarReplacement(text, range, word) }],
        ...(k === 0 && close.length === 1 ? { preferred: true } : {}),
      }));
  });

  const open: string[] = [];
  const isDay = today !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(today);
  items.forEach((v, i) => {
    const item = fields.action_items?.[i];
    if (!item || badItem(v)) return;
    const name = item.title.trim() ? `\`${truncate(item.title.trim().replace(/\s+/g, ' '))}\`` : `#${i + 1}`;
    const where = rangeOf(['action_items', i, 'title']) ?? at(['action_items', i]);
    if (!item.owner?.trim()) report('SLO809', where, `The action item ${name} has no owner.`);
    if (!item.ticket?.trim())
      report(
        'SLO810',
        where,
        `The action item ${name} has no ticket: link it to the tracker (\`ticket: CHK-1423\`).`,
      );
    const due = isRecord(v) ? date(['action_items', i, 'due'], v.due, false) : undefined;
    if (!isOpen(item)) return;
    open.push(name);
    if (isDay && due && item.due!.trim().slice(0, 10) < today)
      report(
        'SLO811',
        at(['action_items', i, 'due']),
        `The action item ${name} was due on ${item.due!.trim()} and is still open${item.status ? ` (status \`${item.status}\`)` : ''}.`,
      );
  });
  if (open.length && normaliseStatus(status) === 'final')
    report(
      'SLO812',
      at(['status']),
      `The postmortem is final but ${open.length === 1 ? '1 action item is' : `${open.length} action items are`} still open: ${open.slice(0, 3).join(', ')}${open.length > 3 ? '…' : ''}.`,
    );

  return out.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
