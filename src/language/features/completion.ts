import type { FileAnalysis } from '../analysis/analyze.js';
import { documentStarts } from '../analysis/analyze.js';
import type { RefKind } from '../model/facts.js';
import { API_VERSIONS as ALL_VERSIONS, FORMATS, formatOf } from '../formats/registry.js';
import { typeInWords, type FieldSpec } from '../fields/field-spec.js';
import { specAt, specFor } from '../fields/spec-path.js';
import { DOCUMENT_SNIPPETS } from './snippets.js';
import type { FormatId, Range } from '../types.js';

export type CompletionKind = 'property' | 'value' | 'reference' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** LSP snippet syntax when `snippet` is true. */
  insertText: string;
  snippet: boolean;
  /** The text the entry replaces (the word typed so far). */
  range: Range;
  sortText?: string;
}

export interface CompletionContext {
  /** Names defined in the workspace for an OpenSLO kind, for references. */
  names(kind: RefKind): string[];
}

/** Keys whose value names another object, from every format. */
const REFERENCE_KEYS: Record<string, RefKind> = Object.assign(
  {},
  ...FORMATS.map((f) => f.referenceKeys ?? {}),
) as Record<string, RefKind>;

const EXCLUSIVE_KEYS = [
  ['target', 'targetPercent'],
  ['indicator', 'indicatorRef'],
  ['thresholdMetric', 'ratioMetric'],
  ['events', 'raw', 'plugin'],
  ['ratio', 'latency', 'latencyNative', 'bool_gauge'],
];

/** The apiVersion values completion offers, with what each is. */
const COMPLETED_VERSIONS = ALL_VERSIONS.filter((v) => !v.versionKey && v.completion);
const API_VERSIONS: Array<[string, string]> = COMPLETED_VERSIONS.map((v) => [v.value, v.completion!.label]);
const KINDS: Record<string, readonly string[]> = Object.fromEntries(
  COMPLETED_VERSIONS.map((v) => [v.value, v.kinds]),
);
const VERSION_VALUES = ALL_VERSIONS.filter((v) => v.versionKey);

const DURATIONS: Record<string, string[]> = {
  duration: ['28d', '30d', '1w', '1M', '1Q'],
  timeSliceWindow: ['1m', '5m'],
  lookbackWindow: ['5m', '1h', '6h', '1d', '3d'],
  alertAfter: ['2m', '5m', '15m'],
  window: ['28d', '30d', '4w', '7d'],
};

interface LineShape {
  indent: number;
  dashes: number[];
  key?: string;
  keyCol: number;
  rest: string;
}

function shape(line: string): LineShape {
  let col = /^ */.exec(line)![0].length;
  const dashes: number[] = [];
  while (line.startsWith('- ', col) || line.slice(col) === '-') {
    dashes.push(col);
    col += 2;
    while (line[col] === ' ') col++;
  }
  const m = /^([^\s:#'"{[\]][^:#]*?|"[^"]*"|'[^']*'):(?=\s|$)/.exec(line.slice(col));
  return {
    indent: /^ */.exec(line)![0].length,
    dashes,
    key: m?.[1]?.replace(/^["']|["']$/g, ''),
    keyCol: col,
    rest: m ? line.slice(col + m[0].length).trim() : line.slice(col),
  };
}

/** The path of mappings and list items that encloses a position at column `col`, from the lines above. */
function enclosingPath(lines: string[], col: number, dashesHere: number[]): string[] {
  const path: string[] = dashesHere.map(() => '[]');
  let limit = dashesHere.length ? dashesHere[0]! : col;
  for (let i = lines.length - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const s = shape(line);
    if (s.key !== undefined && s.keyCol < limit) {
      path.unshift(s.key);
      limit = s.keyCol;
    }
    for (let d = s.dashes.length - 1; d >= 0; d--) {
      if (s.dashes[d]! < limit) {
        path.unshift('[]');
        limit = s.dashes[d]!;
      }
    }
  }
  return path;
}

/** Keys already written in the mapping the cursor is in: same column, same block. */
function siblingKeys(lines: string[], row: number, col: number): Set<string> {
  const keys = new Set<string>();
  const visit = (i: number, upward: boolean): boolean => {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return true;
    const s = shape(line);
    // A line that starts left of the column ends the block; going up, it may be the `- key:` line opening it.
    if (s.indent < col) {
      if (upward && s.key !== undefined && s.keyCol === col) keys.add(s.key);
      return false;
    }
    if (s.key !== undefined && s.keyCol === col) keys.add(s.key);
    return true;
  };
  for (let i = row - 1; i >= 0 && visit(i, true); i--);
  for (let i = row + 1; i < lines.length && visit(i, false); i++);
  return keys;
}

function detectDocumentFormat(doc: string): { format?: FormatId; kind: string; apiVersion?: string } {
  const apiVersion = /^apiVersion:\s*["']?([^\s"'#]+)/m.exec(doc)?.[1];
  const kind = /^kind:\s*["']?([^\s"'#]+)/m.exec(doc)?.[1] ?? '';
  const version = /^version:\s*["']?([^\s"'#]+)/m.exec(doc)?.[1];
  if (apiVersion)
    return {
      format: COMPLETED_VERSIONS.find((v) => v.value === apiVersion)?.completion?.format,
      kind,
      apiVersion,
    };
  const byVersion = VERSION_VALUES.find((v) => v.value === version);
  if (byVersion) return { format: byVersion.formatOf(undefined), kind: byVersion.value };
  return { kind };
}

/** A line that holds no YAML content: blank, a comment, or a document marker. */
const EMPTY_LINE = /^\s*(#.*)?$|^(---|\.\.\.)\s*(#.*)?$/;

function keyInsertText(key: string, spec: FieldSpec): string {
  const type = Array.isArray(spec.type) ? spec.type[0] : spec.type;
  if (type === 'map') return `${key}:\n  $0`;
  if (type === 'seq') return `${key}:\n  - $0`;
  if (spec.enum?.length) return `${key}: \${1|${spec.enum.filter((e) => e !== '').join(',')}|}`;
  if (type === 'boolean') return `${key}: \${1|true,false|}`;
  return `${key}: $0`;
}

/** Completion at a file offset: keys valid there, values of enums and references, whole-document snippets. */
export function complete(analysis: FileAnalysis, offset: number, ctx: CompletionContext): CompletionEntry[] {
  const { text, positions } = analysis;
  const starts = documentStarts(text);
  let docStart = 0;
  for (const s of starts) if (s <= offset) docStart = s;
  const docEnd = starts.find((s) => s > offset) ?? text.length;
  const doc = text.slice(docStart, docEnd);
  const [lineStart] = positions.lineBounds(offset);
  const before = text.slice(lineStart, offset);
  const all = doc.split('\n').map((l) => l.replace(/\r$/, ''));
  const row = text.slice(docStart, lineStart).split('\n').length - 1;
  const above = all.slice(0, row);
  const pos = positions.position(offset);
  const word = /[\w./-]*$/.exec(before)![0];
  const range: Range = { start: { line: pos.line, character: pos.character - word.length }, end: pos };
  const detected = detectDocumentFormat(doc);
  // A document the analyzer recognised by its shape (Pyrra's file mode reads any apiVersion) keeps its format.
  const analysed = detected.format
    ? undefined
    : analysis.objects.find((o) => o.base === docStart || (o.offsets[0] <= offset && offset <= o.offsets[1]));
  const format = detected.format ?? analysed?.format;
  const kind = analysed?.kind ?? detected.kind;
  const apiVersion = detected.apiVersion;
  const here = shape(before);
  const valueMatch = /^(\s*(?:- +)*)([\w.-]+):\s+(.*)$/.exec(before);

  if (valueMatch) {
    const key = valueMatch[2]!;
    const col = valueMatch[1]!.length;
    const dashes = shape(before).dashes;
    const path = [...enclosingPath(above, col, dashes), key];
    return valueCompletions(key, path, format, kind, apiVersion, ctx, range);
  }
  if (/^\s*(- +)*[\w.-]*$/.test(before)) {
    const col = here.keyCol;
    const path = enclosingPath(above, col, here.dashes);
    if (!format) {
      // Whole documents are offered where one is being started: in an SLO file, or a document that holds
      // nothing yet besides the line being typed; never inside someone else's YAML (a workflow, compose file).
      const others = all.filter((_, i) => i !== row);
      const startsOne = analysis.isSloFile || others.every((l) => EMPTY_LINE.test(l));
      if (col === 0 && startsOne && !/^\s*(apiVersion|version):/m.test(doc))
        return documentSnippets(range).concat(apiVersionKeys(range));
      return [];
    }
    const root = specFor(format, kind);
    const spec = root && specAt(root, path);
    if (!spec?.fields) return [];
    const existing = siblingKeys(all, row, col);
    // Keys that exclude each other: once one is written, the other is not offered.
    for (const group of EXCLUSIVE_KEYS)
      if (group.some((k) => existing.has(k))) group.forEach((k) => existing.add(k));
    return Object.entries(spec.fields)
      .filter(([k]) => !existing.has(k))
      .map(([k, f]) => ({
        label: k,
        kind: 'property' as const,
        detail: `${typeInWords(f)}${f.required ? ' · required' : ''}`,
        documentation: f.doc,
        insertText: keyInsertText(k, f),
        snippet: true,
        range,
        sortText: `${f.required ? '0' : '1'}${k}`,
      }));
  }
  return [];
}

function documentSnippets(range: Range): CompletionEntry[] {
  return DOCUMENT_SNIPPETS.map((s, i) => ({
    label: s.label,
    kind: 'snippet' as const,
    detail: 'Team SRE snippet',
    documentation: s.description,
    insertText: s.body,
    snippet: true,
    range,
    sortText: `0${i}`,
  }));
}

function apiVersionKeys(range: Range): CompletionEntry[] {
  return [
    {
      label: 'apiVersion',
      kind: 'property',
      insertText: `apiVersion: \${1|${API_VERSIONS.map(([v]) => v).join(',')}|}`,
      snippet: true,
      range,
      documentation: 'The format of this document.',
    },
    {
      label: 'version',
      kind: 'property',
      insertText: 'version: "prometheus/v1"',
      snippet: false,
      range,
      documentation: 'A Sloth `prometheus/v1` file.',
    },
  ];
}

function values(
  items: Array<string | [string, string]>,
  kind: CompletionKind,
  range: Range,
  detail?: string,
): CompletionEntry[] {
  return items.map((item, i) => {
    const [label, doc] = Array.isArray(item) ? item : [item, undefined];
    return {
      label,
      kind,
      insertText: label,
      snippet: false,
      range,
      sortText: String(i).padStart(3, '0'),
      ...(detail ? { detail } : {}),
      ...(doc ? { documentation: doc } : {}),
    };
  });
}

function valueCompletions(
  key: string,
  path: string[],
  format: FormatId | undefined,
  kind: string,
  apiVersion: string | undefined,
  ctx: CompletionContext,
  range: Range,
): CompletionEntry[] {
  if (path.length === 1 && key === 'apiVersion') return values(API_VERSIONS, 'value', range);
  if (path.length === 1 && key === 'kind' && apiVersion && KINDS[apiVersion])
    return values([...KINDS[apiVersion]!], 'value', range);
  if (path.length === 1 && key === 'version')
    return values(
      VERSION_VALUES.map((v) => v.value),
      'value',
      range,
    );
  if (!format) return [];
  const refKind =
    REFERENCE_KEYS[key] ??
    (formatOf(format).serviceReference?.kind === kind &&
    path.join('.') === formatOf(format).serviceReference?.path
      ? 'Service'
      : undefined);
  if (refKind) return values(ctx.names(refKind), 'reference', range, `${refKind} in the workspace`);
  const root = specFor(format, kind);
  const spec = root && specAt(root, path);
  if (!spec) return [];
  if (spec.enum)
    return values(
      spec.enum.filter((e) => e !== ''),
      'value',
      range,
    );
  if (spec.type === 'boolean') return values(['true', 'false'], 'value', range);
  if (key === 'timeZone')
    return values(['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')], 'value', range);
  if (DURATIONS[key]) return values(DURATIONS[key]!, 'value', range);
  return [];
}
