import type { YNode } from '../syntax/node.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { closest, listWords } from '../diagnostics/suggest.js';
import type { Code } from '../diagnostics/codes.js';
import type { JsonSchema } from './json-schema.js';

export type ValueType = 'string' | 'number' | 'integer' | 'boolean' | 'map' | 'seq';

/** The shape of one field, with the documentation shown in hover and completion. */
export interface FieldSpec {
  type: ValueType | readonly ValueType[];
  doc: string;
  required?: boolean;
  /** Known keys of a mapping. */
  fields?: Record<string, FieldSpec>;
  /** Free-form keys of a mapping (labels, options): the spec of each value, or 'any'. */
  additional?: FieldSpec | 'any';
  /** Items of a sequence. */
  items?: FieldSpec;
  enum?: readonly string[];
  /** Placeholder written by the "insert missing key" quick fix. */
  placeholder?: string;
  /** Rules of the format's validate beyond the shape, for the generated JSON Schema (checkShape ignores them). */
  constraints?: readonly SchemaConstraint[];
}

/**
 * One rule of a format's validate, written as the JSON Schema keywords that express it: the generated schema
 * carries them, and the schema tests check that the diagnostic `code` reports what the keywords reject.
 */
export interface SchemaConstraint {
  code: Code;
  schema?: JsonSchema;
  /** Keys a rule checks with their own spec (an inline object checked once, where the rule reads it). */
  fields?: Record<string, FieldSpec>;
  /** What the rule checks that JSON Schema cannot say: added to the field's description in the schema. */
  beyondSchema?: string;
}

export interface ShapeOptions {
  /** Strict decoders reject unknown keys (error); lenient ones drop them (warning). */
  strict: boolean;
  /** Short name of the decoder, for messages ("OpenSLO", "Sloth"). */
  decoder: string;
  /** Other spellings of known keys, e.g. camelCase keys in a snake_case file: wrong key → right key. */
  aliases?: (key: string) => string | undefined;
  /** Go decoders built on encoding/json match keys case-insensitively: a case variant works, with a warning. */
  caseInsensitiveKeys?: boolean;
  /** sigs.k8s.io/yaml turns numbers and booleans into strings where a string is expected (Sloth's plain files). */
  scalarsAsStrings?: boolean;
}

const TYPE_NAMES: Record<ValueType, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  map: 'a mapping (`key: value` lines)',
  seq: 'a list (items starting with `- `)',
};

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * What a YAML 1.1 reader (Go decoding into a bool field) makes of a scalar: `true`/`false`, also for an
 * unquoted yes/no/on/off/y/n, which YAML 1.2 reads as a string; undefined for anything else.
 */
export function yaml11Boolean(node: YNode | undefined): boolean | undefined {
  if (typeof node?.scalar === 'boolean') return node.scalar;
  const src = node?.source;
  if (node?.scalarType !== 'PLAIN' || !src || !YAML11_BOOLEANS.test(src)) return undefined;
  return /^(y|yes|on)$/i.test(src);
}

function typeOf(node: YNode): ValueType | 'null' | 'other' {
  if (node.isNull) return 'null';
  if (node.isMap) return 'map';
  if (node.isSeq) return 'seq';
  const v = node.scalar;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint')
    return Number.isInteger(Number(v)) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'other';
}

/** A field's type as a user reads it: "list", "mapping", "whole number"; several joined by "or". */
const TYPE_WORDS: Record<ValueType, string> = {
  string: 'string',
  number: 'number',
  integer: 'whole number',
  boolean: 'boolean',
  map: 'mapping',
  seq: 'list',
};

export function typeInWords(spec: Pick<FieldSpec, 'type'>): string {
  return (Array.isArray(spec.type) ? spec.type : [spec.type])
    .map((t: ValueType) => TYPE_WORDS[t] ?? t)
    .join(' or ');
}

function describe(node: YNode): string {
  const t = typeOf(node);
  if (t === 'null') return 'nothing';
  if (t === 'map') return 'a mapping';
  if (t === 'seq') return 'a list';
  if (t === 'string') return `the string ${JSON.stringify(truncate(node.string ?? ''))}`;
  return `\`${node.source ?? String(node.scalar)}\``;
}

export function truncate(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function matches(node: YNode, types: readonly ValueType[]): boolean {
  const t = typeOf(node);
  return types.some((want) => want === t || (want === 'number' && t === 'integer'));
}

function placeholderFor(name: string, spec: FieldSpec): string {
  if (spec.placeholder !== undefined)
    return spec.placeholder.startsWith('\n') ? `${name}:${spec.placeholder}` : `${name}: ${spec.placeholder}`;
  if (spec.enum?.length) return `${name}: ${spec.enum[0]}`;
  const t = Array.isArray(spec.type) ? spec.type[0] : spec.type;
  switch (t) {
    case 'map':
      return `${name}: {}`;
    case 'seq':
      return `${name}: []`;
    case 'boolean':
      return `${name}: false`;
    case 'number':
    case 'integer':
      return `${name}: 0`;
    default:
      return `${name}: ""`;
  }
}

/**
 * Checks a node against its declared shape: types, enums, required and unknown keys, recursively.
 * Returns false when the node has the wrong type, so callers skip the rules that read it.
 */
export function checkShape(node: YNode, spec: FieldSpec, r: Reporter, options: ShapeOptions): boolean {
  const types = (Array.isArray(spec.type) ? spec.type : [spec.type]) as readonly ValueType[];
  if (node.isNull) return true;
  const scalarToString =
    options.scalarsAsStrings && types.includes('string') && node.isScalar && !node.isNull;
  if (!scalarToString && !matches(node, types)) {
    const src = node.source;
    if (types.includes('boolean') && typeOf(node) === 'string' && src && YAML11_BOOLEANS.test(src)) {
      const value = /^(y|yes|on)$/i.test(src) ? 'true' : 'false';
      r.report(
        'SLO007',
        node,
        `\`${src}\` is a string to YAML 1.2 readers but a boolean to YAML 1.1 readers: write \`${value}\`.`,
        {
          fixes: [r.replaceValue(node, value, `Replace with ${value}`)].filter((f) => f !== undefined),
        },
      );
      return false;
    }
    const expected = types.map((t) => TYPE_NAMES[t]).join(' or ');
    const key = node.path.split('.').pop() ?? node.path;
    let hint = '';
    if (types.includes('seq') && node.isMap) hint = ': write it as a list item, starting with `- `';
    else if (
      types.includes('number') &&
      typeOf(node) === 'string' &&
      /^[-+]?[0-9.]+%?$/.test(node.string ?? '')
    )
      hint = ': remove the quotes' + ((node.string ?? '').endsWith('%') ? ' and the `%`' : '');
    else if (
      types.includes('string') &&
      !types.includes('number') &&
      (typeOf(node) === 'number' || typeOf(node) === 'integer' || typeOf(node) === 'boolean')
    )
      hint = `: quote it, \`"${node.source ?? String(node.scalar)}"\``;
    r.report('SLO013', node, `\`${key}\` must be ${expected}, but is ${describe(node)}${hint}.`);
    return false;
  }
  if (
    node.isScalar &&
    typeof node.scalar === 'string' &&
    node.scalarType === 'PLAIN' &&
    YAML11_BOOLEANS.test(node.source ?? '') &&
    types.includes('string')
  ) {
    const src = node.source ?? '';
    r.report(
      'SLO007',
      node,
      `Unquoted \`${src}\` is the boolean ${/^(y|yes|on)$/i.test(src)} to YAML 1.1 readers (Kubernetes, Go tools): quote it, \`"${src}"\`.`,
      {
        fixes: [r.replaceValue(node, `"${src}"`, `Quote "${src}"`)].filter((f) => f !== undefined),
      },
    );
  }
  if (spec.enum && typeof node.scalar === 'string' && !spec.enum.includes(node.scalar)) {
    const key = node.path.split('.').pop() ?? node.path;
    const guess =
      spec.enum.find((e) => e.toLowerCase() === node.scalar?.toString().toLowerCase()) ??
      closest(node.scalar, spec.enum);
    r.report(
      'SLO014',
      node,
      `\`${key}\` must be ${listWords(spec.enum)}, not ${JSON.stringify(truncate(node.scalar))}` +
        (guess ? `: did you mean \`${guess}\`?` : '.'),
      {
        fixes: guess
          ? [r.replaceValue(node, guess, `Change to ${guess}`)].filter((f) => f !== undefined)
          : [],
      },
    );
  }
  if (node.isMap) checkMap(node, spec, r, options);
  if (node.isSeq && spec.items) for (const item of node.items()) checkShape(item, spec.items, r, options);
  return true;
}

function checkMap(node: YNode, spec: FieldSpec, r: Reporter, options: ShapeOptions): void {
  const fields = spec.fields ?? {};
  const known = Object.keys(fields);
  for (const [key, child] of node.entries()) {
    const field = fields[key];
    if (field) {
      checkShape(child, field, r, options);
      continue;
    }
    if (spec.additional === 'any') continue;
    if (spec.additional) {
      checkShape(child, spec.additional, r, options);
      continue;
    }
    reportUnknownKey(node, key, child, known, r, options);
  }
  for (const k of known) {
    const child = fields[k]?.required ? node.get(k) : undefined;
    if (child?.isNull) {
      r.report(
        'SLO010',
        child,
        `\`${k}\` is empty: give it a value, e.g. \`${placeholderFor(k, fields[k]!)}\`.`,
        { where: 'key' },
      );
    }
  }
  const missing = known.filter(
    (k) =>
      fields[k]?.required &&
      !node.has(k) &&
      !(options.caseInsensitiveKeys && node.keys().some((key) => key.toLowerCase() === k.toLowerCase())),
  );
  if (missing.length) {
    const where = node.path ? `\`${node.path}\`` : 'The object';
    const lines = missing.map((k) => placeholderFor(k, fields[k]!));
    const fix = r.insertKeys(node, lines, `Add ${missing.join(', ')}`);
    r.report(
      'SLO010',
      node,
      `${where} is missing ${listWords(missing, 'and')} (required): add ${missing.length > 1 ? 'them' : 'it'}, e.g. \`${lines[0]!.split('\n')[0]}\`.`,
      { where: 'key', fixes: fix ? [fix] : [], path: node.path ? `${node.path}.${missing[0]}` : missing[0] },
    );
  }
}

function reportUnknownKey(
  parent: YNode,
  key: string,
  child: YNode,
  known: string[],
  r: Reporter,
  options: ShapeOptions,
): void {
  const sameKey = options.caseInsensitiveKeys
    ? known.find((k) => k.toLowerCase() === key.toLowerCase())
    : undefined;
  if (sameKey) {
    r.report(
      'SLO012',
      child,
      `\`${key}\` differs from \`${sameKey}\` only in case: ${options.decoder} happens to accept it, other tools do not. Write \`${sameKey}\`.`,
      {
        where: 'key',
        fixes: [r.renameKey(child, sameKey, `Rename to ${sameKey}`)].filter((f) => f !== undefined),
      },
    );
    return;
  }
  const alias = options.aliases?.(key);
  const guess = alias && known.includes(alias) ? alias : closest(key, known);
  const where = parent.path ? `\`${parent.path}\`` : 'the top level';
  const consequence = options.strict
    ? `${options.decoder} rejects unknown keys`
    : `${options.decoder} silently ignores it`;
  let message = `Unknown key \`${key}\` in ${where}: ${consequence}.`;
  if (alias && guess === alias)
    message = `\`${key}\` is not a key of this format, ${options.decoder} ${options.strict ? 'rejects it' : 'silently ignores it'}: did you mean \`${alias}\`?`;
  else if (guess) message += ` Did you mean \`${guess}\`?`;
  else if (known.length && known.length <= 12) message += ` Known keys: ${listWords(known)}.`;
  const fixes = guess ? [r.renameKey(child, guess, `Rename to ${guess}`)].filter((f) => f !== undefined) : [];
  r.report(options.strict ? 'SLO011' : 'SLO012', child, message, { where: 'key', fixes });
}
