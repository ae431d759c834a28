/** Reads the YAML front matter of a postmortem, with the position of every key and value. */
import {
  isMap,
  isNode,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Pair,
  type YAMLError,
} from 'yaml';
import { TextPositions } from '../language/syntax/text.js';
import type { Range } from '../language/types.js';
import type { ActionItem, ErrorRateSource, PostmortemFields, PostmortemSloRef } from './model.js';

/** Front matter above this size is not parsed (a postmortem's is a few kilobytes). */
export const MAX_FRONT_MATTER = 1_000_000;

export interface FrontMatterBounds {
  /** Offset where the YAML starts, after the opening `---` line. */
  start: number;
  /** Offset of the closing `---` (or `...`) line; the end of the text when it is missing. */
  contentEnd: number;
  /** Offset after the closing line, where the Markdown body starts. */
  end: number;
  closed: boolean;
}

/** Where the front matter is: a first line `---` (after an optional BOM) up to a line `---` or `...`. */
export function frontMatterBounds(text: string): FrontMatterBounds | undefined {
  const open = /^\uFEFF?---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!open) return undefined;
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;
  close.lastIndex = open[0].length;
  const m = close.exec(text);
  return m
    ? { start: open[0].length, contentEnd: m.index, end: m.index + m[0].length, closed: true }
    : { start: open[0].length, contentEnd: text.length, end: text.length, closed: false };
}

export type FrontMatterProblem = 'unclosed' | 'yaml' | 'not-mapping' | 'too-large' | 'too-deep';

/** Nesting levels read; a postmortem needs a handful. */
export const MAX_NESTING = 100;

/**
 * Whether the YAML may nest deeper than `MAX_NESTING` (flow brackets, or an indentation of block
 * indicators twice as wide). The parser recurses per level: thousands of levels exhaust the stack, and
 * parsing them again can abort the whole process, so such text is not parsed at all.
 */
function nestsTooDeep(yaml: string): boolean {
  let depth = 0;
  for (let i = 0; i < yaml.length; i++) {
    const c = yaml.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return /^[ \t?:-]{200,}/m.test(yaml);
}

export interface FrontMatterError {
  kind: FrontMatterProblem;
  message: string;
  range: Range;
}

export type PathSegment = string | number;

export interface ParsedPostmortem {
  /** The opening `---` line, when the file has front matter. */
  frontMatter?: { range: Range; closed: boolean };
  /** The front matter as plain data: a mapping, or undefined when missing or unreadable. */
  data?: Record<string, unknown>;
  /** The front matter typed: values of the wrong type are left out, list items keep their index. */
  fields: PostmortemFields;
  body: string;
  errors: FrontMatterError[];
  /** Where a key (`part: 'key'`) or its value is, e.g. `['action_items', 0, 'owner']`. */
  rangeOf(path: readonly PathSegment[], part?: 'key' | 'value'): Range | undefined;
}

const firstLine = (message: string) =>
  message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();

/**
 * Where to point for a YAML error: the opening quote or bracket that is never closed, the duplicate key,
 * else the rest of the line the parser stopped on.
 */
function errorOffsets(yaml: string, err: YAMLError): [number, number] {
  const pos = Math.min(err.pos[0], yaml.trimEnd().length - 1);
  const opener =
    /Missing closing (["'])quote/.exec(err.message)?.[1] ??
    { ']': '[', '}': '{' }[/end with an? ([\]}])/.exec(err.message)?.[1] ?? ''];
  const start = Math.max(0, opener ? yaml.lastIndexOf(opener, pos) : pos);
  const nl = yaml.indexOf('\n', start);
  const lineEnd = nl === -1 ? yaml.length : yaml[nl - 1] === '\r' ? nl - 1 : nl;
  const colon = yaml.indexOf(':', start);
  const end = err.code === 'DUPLICATE_KEY' && colon !== -1 && colon < lineEnd ? colon : lineEnd;
  return [start, Math.max(end, start + 1)];
}

/** Never throws: a missing, unclosed or broken front matter is reported in `errors`. */
export function parsePostmortem(text: string): ParsedPostmortem {
  const bounds = frontMatterBounds(text);
  const none: ParsedPostmortem = {
    fields: {},
    body: text.replace(/^\uFEFF/, ''),
    errors: [],
    rangeOf: () => undefined,
  };
  if (!bounds) return none;
  const positions = new TextPositions(text.slice(0, bounds.end));
  const range = (start: number, end: number) => positions.range(start, end);
  const openLine: [number, number] = [text.startsWith('\uFEFF') ? 1 : 0, positions.lineBounds(0)[1]];
  const result: ParsedPostmortem = {
    ...none,
    frontMatter: { range: range(...openLine), closed: bounds.closed },
    body: text.slice(bounds.end),
  };
  const fail = (kind: FrontMatterProblem, message: string, at: [number, number]) => {
    result.errors.push({ kind, message, range: range(at[0], at[1]) });
    return result;
  };
  if (!bounds.closed)
    return fail(
      'unclosed',
      'The front matter is never closed: add a line `---` after its last key.',
      openLine,
    );
  if (bounds.contentEnd - bounds.start > MAX_FRONT_MATTER)
    return fail(
      'too-large',
      `The front matter is larger than ${MAX_FRONT_MATTER / 1_000_000} MB and is not read.`,
      openLine,
    );
  /** Offsets in the front matter to offsets in the text, without the line breaks a block ends with. */
  const shift = (r: readonly number[]): [number, number] => {
    let end = r[1]! + bounds.start;
    while (end > r[0]! + bounds.start + 1 && /\s/.test(text[end - 1]!)) end--;
    return [r[0]! + bounds.start, end];
  };
  const yaml = text.slice(bounds.start, bounds.contentEnd);
  if (nestsTooDeep(yaml))
    return fail(
      'too-deep',
      `The front matter nests more than ${MAX_NESTING} levels deep and is not read: flatten it.`,
      openLine,
    );
  let doc: Document.Parsed;
  let data: unknown;
  try {
    doc = parseDocument(yaml, { prettyErrors: false });
    data = doc.errors.length ? undefined : doc.toJS();
  } catch (err) {
    // Too many aliases stop `toJS`.
    return fail('yaml', `The front matter could not be read: ${firstLine(String(err))}.`, openLine);
  }
  const [error] = doc.errors;
  if (error)
    return fail(
      'yaml',
      `YAML error in the front matter: ${firstLine(error.message)}.`,
      shift(errorOffsets(yaml, error)),
    );
  const contents = doc.contents;
  if (contents !== null && !isMap(contents))
    return fail(
      'not-mapping',
      'The front matter must be a mapping of keys (`title: …`, `status: …`), not a list or a single value.',
      shift(contents.range ?? [0, 0]),
    );
  result.data = isRecord(data) ? data : {};
  result.fields = toFields(result.data);
  result.rangeOf = (path, part = 'value') => {
    let node: unknown = contents;
    let pair: Pair | undefined;
    for (const segment of path) {
      if (typeof segment === 'number') {
        if (!isSeq(node)) return undefined;
        node = node.items[segment];
        pair = undefined;
      } else {
        if (!isMap(node)) return undefined;
        pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) return undefined;
        node = pair.value;
      }
    }
    const key = isNode(pair?.key) ? pair.key.range : undefined;
    const value = isNode(node) && node.range && node.range[1] > node.range[0] ? node.range : undefined;
    const r = part === 'key' ? (key ?? value) : (value ?? key);
    return r ? range(...shift(r)) : undefined;
  };
  return result;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A scalar as text; undefined for nothing, lists and mappings. */
export function asText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

const texts = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.flatMap((x) => asText(x) ?? []) : asText(v) !== undefined ? [asText(v)!] : undefined;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Keeps only the keys whose value is defined, in order. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function actionItem(v: unknown): ActionItem {
  if (!isRecord(v)) return { title: asText(v) ?? '' };
  const [type, priority, owner, due, ticket, status] = (
    ['type', 'priority', 'owner', 'due', 'ticket', 'status'] as const
  ).map((k) => asText(v[k]));
  return defined({ title: asText(v.title) ?? '', type, priority, owner, due, ticket, status });
}

/** `typed`, or `measured` with its query, address and times; undefined for anything else. */
export function errorRateSource(v: unknown): ErrorRateSource | undefined {
  if (v === 'typed') return v;
  const m = isRecord(v) && isRecord(v.measured) ? v.measured : undefined;
  const [query, time, prometheus, at] = (['query', 'time', 'prometheus', 'at'] as const).map((k) =>
    m ? asText(m[k]) : undefined,
  );
  return query !== undefined && prometheus !== undefined && at !== undefined
    ? { measured: defined({ query, time, prometheus, at }) }
    : undefined;
}

function sloRef(v: unknown): PostmortemSloRef {
  const r = isRecord(v) ? v : {};
  return defined({
    file: asText(r.file) ?? '',
    name: asText(r.name) ?? '',
    objective: asText(r.objective),
    window: asText(r.window),
    errorRate: num(r.errorRate),
    errorRateSource: errorRateSource(r.errorRateSource),
    badMinutes: num(r.badMinutes),
    minutesOverThreshold: num(r.minutesOverThreshold),
    badEvents: num(r.badEvents),
    badSlices: num(r.badSlices),
    allowedBadSlices: num(r.allowedBadSlices),
    budgetConsumed: num(r.budgetConsumed),
  });
}

const list = <T>(v: unknown, item: (x: unknown) => T): T[] | undefined =>
  Array.isArray(v) ? v.map(item) : undefined;

function toFields(d: Record<string, unknown>): PostmortemFields {
  const links = isRecord(d.links)
    ? (Object.fromEntries(
        Object.entries(d.links).flatMap(([k, v]) => (asText(v) === undefined ? [] : [[k, asText(v)]])),
      ) as Record<string, string>)
    : undefined;
  return defined({
    title: asText(d.title),
    date: asText(d.date),
    started: asText(d.started),
    detected: asText(d.detected),
    resolved: asText(d.resolved),
    status: asText(d.status),
    owner: asText(d.owner),
    authors: texts(d.authors),
    severity: asText(d.severity),
    services: texts(d.services),
    slos: list(d.slos, sloRef),
    action_items: list(d.action_items, actionItem),
    tags: texts(d.tags),
    links,
  });
}
