/**
 * Postmortem templates: Markdown with YAML front matter and `{{placeholders}}`. Rendering is plain text
 * substitution in one pass (a value holding `{{x}}` stays as it is); nothing in a template is evaluated.
 */
import { Document, isScalar, parseDocument, visit, type ToStringOptions } from 'yaml';
import { formatCount, formatDuration, formatPercent } from '../budget/format.js';
import { closest } from '../language/diagnostics/suggest.js';
import { TextPositions } from '../language/syntax/text.js';
import { frontMatterBounds, parsePostmortem } from './frontmatter.js';
import { cell, inline, table } from './markdown.js';
import { parseIsoTime, type ActionItem, type PostmortemFields, type PostmortemSloRef } from './model.js';

/** Where a team keeps its own templates, relative to the workspace (or working) folder. */
export const TEMPLATES_DIR = '.team-sre/templates';

export interface PostmortemTemplate {
  name: string;
  title: string;
  description: string;
  /** Markdown with front matter and placeholders. */
  body: string;
  /** `built-in`, or the path of the workspace file. */
  source: string;
  /** Lines put before the file's own text (the standard front matter, for a file without one). */
  addedLines?: number;
}

export const PLACEHOLDERS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'title', description: 'The title of the postmortem.' },
  { name: 'date', description: 'The date of the incident, `YYYY-MM-DD`.' },
  { name: 'started', description: 'When the impact started, ISO 8601 with its zone.' },
  { name: 'detected', description: 'When the incident was detected.' },
  { name: 'resolved', description: 'When the impact ended.' },
  { name: 'status', description: '`draft`, `in review` or `final`.' },
  { name: 'owner', description: 'The one person who drives the postmortem to `final`.' },
  {
    name: 'authors',
    description: 'The authors: a YAML list in the front matter, comma-separated in the text.',
  },
  { name: 'severity', description: 'The severity of the incident, e.g. `SEV2`.' },
  { name: 'services', description: 'The services affected: a YAML list in the front matter.' },
  {
    name: 'slos',
    description:
      'The SLOs the incident hit, with the budget each lost: a YAML list in the front matter, their names in the text.',
  },
  {
    name: 'action_items',
    description: 'The action items: a YAML list in the front matter, a table in the text.',
  },
  { name: 'tags', description: 'Tags: a YAML list in the front matter.' },
  {
    name: 'links',
    description: 'Incident channel, dashboards, related postmortems: a YAML mapping in the front matter.',
  },
  { name: 'duration', description: 'From `started` to `resolved`, e.g. `38 min`.' },
  { name: 'slo_summary', description: 'One bullet per SLO: the error budget the incident cost it.' },
];

const NAMES = PLACEHOLDERS.map((p) => p.name);

const FRONT_MATTER = `---
title: {{title}}
date: {{date}}
started: {{started}}
detected: {{detected}}
resolved: {{resolved}}
status: {{status}}
owner: {{owner}}
authors: {{authors}}
severity: {{severity}}
services: {{services}}
slos: {{slos}}
action_items: {{action_items}}
tags: {{tags}}
links: {{links}}
---
`;

const TIMELINE = `| Time | Event |
| ---- | ----- |
| {{started}} | Impact starts |
| {{detected}} | Detected |
| {{resolved}} | Resolved |`;

const GOOGLE = `${FRONT_MATTER}
# {{title}}

- **Date:** {{date}}
- **Authors:** {{authors}}
- **Status:** {{status}}
- **Owner:** {{owner}}
- **Severity:** {{severity}}
- **Duration:** {{duration}}

## Summary

<!-- Two or three sentences: what broke, for whom, for how long. -->

## Impact

{{slo_summary}}

<!-- Users, requests, revenue and support tickets affected. -->

## Root causes

<!-- Why it happened: the latent conditions, not a person to blame. -->

## Trigger

<!-- The change or event that set the latent bug off. -->

## Resolution

<!-- What stopped the impact, then what repaired the system. -->

## Detection

<!-- How it was noticed: which alert, after how long; what would have caught it sooner. -->

## Action items

{{action_items}}

## Lessons learned

### What went well

### What went wrong

### Where we got lucky

## Timeline

${TIMELINE}
`;

const PAGERDUTY = `${FRONT_MATTER}
# {{title}}

- **Date:** {{date}}
- **Owner:** {{owner}}
- **Severity:** {{severity}}
- **Services:** {{services}}
- **Duration:** {{duration}}
- **Status:** {{status}}

## Overview

<!-- What happened, the impact and the fix, in a short paragraph. -->

## What happened

<!-- The sequence of events, without blame. -->

## Resolution

<!-- How the impact was stopped. -->

## Impact

{{slo_summary}}

<!-- Time in each severity, customers affected, support requests. -->

## Responders

<!-- Incident commander, subject matter experts, communications. -->

## Contributing factors

<!-- The conditions that made the incident possible or worse. -->

## Timeline

${TIMELINE}

## What went well

## What didn't go so well

## Action items

{{action_items}}
`;

const LIGHTWEIGHT = `${FRONT_MATTER}
# {{title}}

- **Date:** {{date}}
- **Duration:** {{duration}}
- **Owner:** {{owner}}

## Summary

## Impact

{{slo_summary}}

## Cause

## Action items

{{action_items}}
`;

export const BUILT_IN_TEMPLATES: readonly PostmortemTemplate[] = [
  {
    name: 'google',
    title: 'Google SRE book',
    description:
      'Summary, impact, root causes, trigger, resolution, detection, action items, lessons learned, timeline.',
    body: GOOGLE,
  },
  {
    name: 'pagerduty',
    title: 'PagerDuty',
    description:
      'Overview, what happened, resolution, impact, responders, contributing factors, timeline, action items.',
    body: PAGERDUTY,
  },
  {
    name: 'lightweight',
    title: 'Lightweight',
    description: 'Summary, impact, cause and action items, for small incidents.',
    body: LIGHTWEIGHT,
  },
].map((t) => ({ ...t, source: 'built-in' }));

/**
 * The templates to offer: the workspace's `.md` files (from `.team-sre/templates/`, named after the file)
 * first, then the built-in ones they do not replace. A workspace template without front matter gets the
 * standard one.
 */
export function loadWorkspaceTemplates(
  files: ReadonlyArray<{ path: string; text: string }>,
): PostmortemTemplate[] {
  const own: PostmortemTemplate[] = [];
  const sorted = files
    .map((f) => ({ ...f, name: f.path.split(/[\\/]/).pop()!.replace(/\.md$/i, '') }))
    .filter((f) => /\.md$/i.test(f.path) && f.name !== '')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const taken = (name: string) => (t: PostmortemTemplate) => t.name.toLowerCase() === name.toLowerCase();
  for (const f of sorted) {
    if (own.some(taken(f.name))) continue;
    const text = f.text.replace(/^\uFEFF/, '');
    own.push({
      name: f.name,
      title: f.name,
      description: `Workspace template ${f.path}`,
      source: f.path,
      ...(frontMatterBounds(text)
        ? { body: text }
        : { body: `${FRONT_MATTER}\n${text}`, addedLines: FRONT_MATTER.split('\n').length }),
    });
  }
  return [...own, ...BUILT_IN_TEMPLATES.filter((b) => !own.some(taken(b.name)))];
}

export interface TemplateWarning {
  /** 1-based, as editors show it. */
  line: number;
  message: string;
  placeholder?: string;
}

/** From `started` to `resolved`, e.g. "38 min"; empty when either is missing or they are out of order. */
export function incidentDuration(fields: PostmortemFields): string {
  const started = parseIsoTime(fields.started ?? '')?.date;
  const resolved = parseIsoTime(fields.resolved ?? '')?.date;
  if (!started || !resolved || resolved < started) return '';
  return formatDuration((resolved.getTime() - started.getTime()) / 60_000);
}

function sloLine(s: PostmortemSloRef): string {
  const parts: string[] = [];
  if (s.badMinutes !== undefined) {
    const rate =
      s.errorRate !== undefined && s.errorRate < 1
        ? ` (${formatPercent(s.errorRate)} of requests failing)`
        : '';
    parts.push(`${formatDuration(s.badMinutes)} of full outage${rate}`);
  }
  if (s.minutesOverThreshold !== undefined)
    parts.push(`${formatDuration(s.minutesOverThreshold)} over the threshold`);
  if (s.badEvents !== undefined) parts.push(`${formatCount(s.badEvents)} bad events`);
  if (s.badSlices !== undefined)
    parts.push(
      `${formatCount(s.badSlices)} bad time slice${s.badSlices === 1 ? '' : 's'}${s.allowedBadSlices !== undefined ? ` of ${Number(s.allowedBadSlices.toPrecision(6))} allowed` : ''}`,
    );
  if (s.budgetConsumed !== undefined)
    parts.push(
      `${formatPercent(s.budgetConsumed)} of the error budget${s.window ? ` (${inline(s.window)})` : ''}`,
    );
  const objective = s.objective ? `, ${inline(s.objective)}` : '';
  return `- \`${s.name.replace(/`/g, '')}\`${objective} in ${inline(s.file)}: ${parts.join(', ') || 'budget not computed yet'}.`;
}

/** One Markdown bullet per SLO with the budget the incident cost it. */
export function sloSummary(slos: readonly PostmortemSloRef[]): string {
  if (!slos.length)
    return 'No SLO recorded: list the SLOs the incident hit under `slos` in the front matter, with the budget each lost.';
  return slos.map(sloLine).join('\n');
}

function actionItemsTable(items: readonly ActionItem[]): string {
  if (!items.length)
    return '<!-- List them under `action_items` in the front matter (title, type, priority, owner, due, ticket, status): the index and the checks read them there. -->';
  const keys = ['title', 'type', 'priority', 'owner', 'due', 'ticket', 'status'] as const;
  return table(
    ['Action item', 'Type', 'Priority', 'Owner', 'Due', 'Ticket', 'Status'],
    items.map((item) => keys.map((k) => cell(item[k] ?? ''))),
  );
}

const COMPUTED: Record<string, (f: PostmortemFields) => string> = {
  duration: incidentDuration,
  slo_summary: (f) => sloSummary(f.slos ?? []),
};

function markdownValue(name: string, fields: PostmortemFields): string {
  const computed = COMPUTED[name];
  if (computed) return computed(fields);
  if (name === 'action_items') return actionItemsTable(fields.action_items ?? []);
  if (name === 'slos')
    return (fields.slos ?? []).map((s) => `${inline(s.name)} (${inline(s.file)})`).join(', ');
  if (name === 'links')
    return Object.entries(fields.links ?? {})
      .map(([k, v]) => `${inline(k)}: ${inline(v)}`)
      .join(', ');
  const v = fields[name as keyof PostmortemFields];
  return Array.isArray(v) ? inline(v.join(', ')) : typeof v === 'string' ? inline(v) : '';
}

const YAML_OPTIONS: ToStringOptions = { lineWidth: 0, blockQuote: false, flowCollectionPadding: false };

/** A string YAML 1.1 readers (Jekyll, Hugo, GitHub) would take for a boolean or a number: `yes`, `1:20`. */
function yaml11NonString(s: string): boolean {
  if (!/^[\w.+:-]+$/.test(s)) return false;
  const node = parseDocument(s, { version: '1.1' }).contents;
  return isScalar(node) && (typeof node.value === 'boolean' || typeof node.value === 'number');
}

/**
 * A value as YAML: on one line (quoted as needed, lists and mappings in flow style), or as a block under
 * its key when `blockIndent` is given and the value is a non-empty list or mapping.
 */
function yamlValue(value: unknown, blockIndent: string | undefined, eol: string): string {
  if (value === undefined || value === null || value === '') return '';
  const doc = new Document(value);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && yaml11NonString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const block = blockIndent !== undefined && typeof value === 'object' && Object.keys(value).length > 0;
  const out = doc.toString({ ...YAML_OPTIONS, collectionStyle: block ? 'block' : 'flow' }).replace(/\n$/, '');
  return block
    ? out
        .split('\n')
        .map((l) => eol + blockIndent + l)
        .join('')
    : out;
}

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][\w.-]*)[ \t]*\}\}/g;
/** The text before a placeholder that makes it a whole value: `key: ` or `- key: ` (on a short line). */
const KEY_BEFORE = /^((?:[ \t]*- )*[ \t]*)[^\s#][^#]*:[ \t]*$/;
const MAX_KEY_LINE = 200;
const blanks = (line: string) => line.length - line.replace(/[ \t]+$/, '').length;

/**
 * Fills the placeholders: as YAML values in the front matter, as Markdown in the text. An unknown
 * placeholder is left as it is, with a warning; so is a front matter that does not parse once filled.
 */
export function renderTemplate(
  body: string,
  fields: PostmortemFields,
  /** Lines before the template file's own text, not counted in the lines warnings name. */
  addedLines = 0,
): { text: string; warnings: TemplateWarning[] } {
  const frontMatterEnd = frontMatterBounds(body)?.contentEnd ?? 0;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const warnings: TemplateWarning[] = [];
  let positions: TextPositions | undefined;
  const out: string[] = [];
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    const [placeholder, name] = m as unknown as [string, string];
    let before = body.slice(last, m.index);
    last = m.index + placeholder.length;
    let value = placeholder;
    if (!NAMES.includes(name)) {
      positions ??= new TextPositions(body);
      const line = positions.position(m.index).line + 1 - addedLines;
      const guess = closest(name, NAMES);
      warnings.push({
        line,
        placeholder: name,
        message: `Unknown placeholder “${placeholder}” on line ${line}, left as it is${guess ? `: did you mean “{{${guess}}}”?` : '.'}`,
      });
    } else if (m.index >= frontMatterEnd) {
      value = markdownValue(name, fields).replace(/\n/g, eol);
    } else {
      const line = body.slice(body.lastIndexOf('\n', m.index - 1) + 1, m.index);
      const lineEnd = body.indexOf('\n', last);
      const rest = body.slice(last, lineEnd === -1 ? body.length : lineEnd);
      const key = line.length <= MAX_KEY_LINE && /^\s*$/.test(rest) ? KEY_BEFORE.exec(line) : null;
      value = yamlValue(
        COMPUTED[name]?.(fields) ?? fields[name as keyof PostmortemFields],
        key ? `${key[1]!.replace(/-/g, ' ')}  ` : undefined,
        eol,
      );
      // `key:` alone when the value is empty or a block on the next lines: no blanks after the colon.
      if (key && (value === '' || value.startsWith(eol)))
        before = before.slice(0, before.length - blanks(line));
    }
    out.push(before, value);
  }
  out.push(body.slice(last));
  const text = out.join('');
  for (const e of parsePostmortem(text).errors) {
    const line = e.range.start.line + 1;
    warnings.push({
      line,
      message: `Line ${line}: the filled-in front matter is not valid YAML. ${e.message}`,
    });
  }
  return { text, warnings };
}
