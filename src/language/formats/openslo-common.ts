import type { YNode } from '../syntax/node.js';
import type { Reporter } from '../diagnostics/reporter.js';
import type { FieldSpec, SchemaConstraint } from '../fields/field-spec.js';
import { truncate } from '../fields/field-spec.js';
import type { Definition, RefKind, Reference } from '../model/facts.js';
import type { SloObject } from '../analysis/object.js';
import type { DuplicateKeys } from './format.js';
import { OPENSLO_DURATION } from '../../budget/duration.js';

/** The namespace of OpenSLO names: one per kind, shared by every OpenSLO version. */
export const OPENSLO_NAMESPACE = 'openslo';

/**
 * oslo decodes with go-sdk's openslosdk.Decode: sigs.k8s.io/yaml's Unmarshal, not strict, so of a key written
 * twice the last value wins (and Sloth's v1alpha reader, gopkg.in/yaml.v2's Unmarshal, does the same).
 */
export const OSLO_DUPLICATE_KEYS: DuplicateKeys = { keepsLast: true, reader: 'oslo' };

export const OPENSLO_V1_KINDS = [
  'SLO',
  'SLI',
  'DataSource',
  'Service',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
] as const;

export const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DESCRIPTION_MAX = 1050;

const inner = (re: RegExp): string => `(?:${re.source.replace(/^\^|\$$/g, '')})`;

/** For the JSON Schema: a name as checkName accepts it (SLO101). */
export const NAME_CONSTRAINT: SchemaConstraint = {
  code: 'SLO101',
  schema: {
    maxLength: 63,
    pattern: RFC1123_LABEL.source,
    patternErrorMessage:
      'Use lower-case letters, digits and `-`, starting and ending with a letter or digit (an RFC 1123 label).',
  },
};

/** For the JSON Schema: a description as checkDescription accepts it (SLO106). */
export const DESCRIPTION_CONSTRAINT: SchemaConstraint = {
  code: 'SLO106',
  schema: { maxLength: DESCRIPTION_MAX },
};

/** For the JSON Schema: a duration as checkOpenSloDuration accepts it (SLO107). */
export const DURATION_CONSTRAINT: SchemaConstraint = {
  code: 'SLO107',
  schema: {
    pattern: OPENSLO_DURATION.source,
    patternErrorMessage:
      'An OpenSLO duration: a whole number and one unit, m (minutes), h, d, w, M (months), Q or Y, e.g. `28d` or `1M`.',
  },
};

export const metadataSpec = (extra: Record<string, FieldSpec> = {}): FieldSpec => ({
  type: 'map',
  required: true,
  doc: 'Identifies the object: its `name` (unique per kind), an optional `displayName`, labels and annotations.',
  placeholder: '\n  name: my-name',
  fields: {
    name: {
      type: 'string',
      required: true,
      doc: 'Unique name of the object within its kind: an RFC 1123 label (lower-case letters, digits, `-`, at most 63 characters). Other objects refer to it by this name.',
      placeholder: 'my-name',
      constraints: [NAME_CONSTRAINT],
    },
    displayName: {
      type: 'string',
      doc: 'Human-readable name, at most 63 characters.',
      constraints: [{ code: 'SLO102', schema: { maxLength: 63 } }],
    },
    labels: {
      type: 'map',
      doc: 'Labels to group and filter objects; each value is a string or a list of strings.',
      // Value shapes are checked once, by checkMetadata (SLO104), not also as SLO013.
      additional: 'any',
      constraints: [
        {
          code: 'SLO103',
          schema: {
            propertyNames: {
              pattern: LABEL_KEY.source,
              patternErrorMessage:
                'A label key is 1 to 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit.',
            },
          },
        },
        {
          code: 'SLO104',
          schema: {
            additionalProperties: { type: ['string', 'array', 'null'], items: { type: ['string', 'null'] } },
          },
        },
      ],
    },
    annotations: {
      type: 'map',
      doc: 'Free-form annotations: `[prefix/]name` keys with string values.',
      additional: { type: 'string', doc: 'An annotation value.' },
      constraints: [
        {
          code: 'SLO105',
          schema: {
            propertyNames: {
              pattern: `^(?:(?=[^/]{1,253}/)${inner(DNS_SUBDOMAIN)}/)?(?=[^/]{1,63}$)${inner(QUALIFIED_NAME)}$`,
              patternErrorMessage:
                'An annotation key is `[prefix/]name`: the prefix a DNS subdomain (e.g. `example.com`), the name at most 63 letters, digits, `-`, `_` or `.`.',
            },
          },
        },
      ],
    },
    ...extra,
  },
});

/** Suggests a valid RFC 1123 name for a rejected one: "My Rad Service" → "my-rad-service". */
export function toRfc1123(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return slug || 'my-name';
}

export function checkName(node: YNode | undefined, r: Reporter, what = '`metadata.name`'): void {
  const name = node?.string;
  if (!node || name === undefined) return;
  if (name.length > 63 || !RFC1123_LABEL.test(name)) {
    const fixed = toRfc1123(name);
    const why =
      name.length > 63
        ? `has ${name.length} characters, at most 63 are allowed`
        : 'must use lower-case letters, digits and `-`, and start and end with a letter or digit (an RFC 1123 label)';
    r.report('SLO101', node, `${what} ${JSON.stringify(truncate(name))} ${why}: for example \`${fixed}\`.`, {
      fixes: [r.replaceValue(node, fixed, `Rename to ${fixed}`)].filter((f) => f !== undefined),
    });
  }
}

export function checkMetadata(meta: YNode | undefined, r: Reporter): void {
  if (!meta?.isMap) return;
  checkName(meta.get('name'), r);
  const display = meta.get('displayName');
  if (display?.string !== undefined && display.string.length > 63) {
    r.report(
      'SLO102',
      display,
      `\`metadata.displayName\` has ${display.string.length} characters, at most 63 are allowed: shorten it, or move the detail to \`spec.description\`.`,
    );
  }
  const labels = meta.get('labels');
  for (const [key, value] of labels?.entries() ?? []) {
    if (!LABEL_KEY.test(key)) {
      r.report(
        'SLO103',
        value,
        `Label key ${JSON.stringify(truncate(key))} is invalid: use 1 to 63 letters, digits, \`-\`, \`_\` or \`.\`, starting and ending with a letter or digit.`,
        { where: 'key' },
      );
    }
    if (value.isSeq) {
      for (const item of value.items()) {
        if (!item.isNull && item.string === undefined)
          r.report('SLO104', item, `Each value of label \`${key}\` must be a string: quote it.`);
      }
    } else if (value.isScalar && !value.isNull && value.string === undefined) {
      r.report(
        'SLO104',
        value,
        `Label \`${key}\` must be a string or a list of strings: quote it, \`"${value.source ?? String(value.scalar)}"\`.`,
      );
    } else if (!value.isNull && value.string === undefined) {
      r.report('SLO104', value, `Label \`${key}\` must be a string or a list of strings.`, { where: 'key' });
    }
  }
  const annotations = meta.get('annotations');
  for (const [key, value] of annotations?.entries() ?? []) {
    const slash = key.indexOf('/');
    const prefix = slash === -1 ? undefined : key.slice(0, slash);
    const name = slash === -1 ? key : key.slice(slash + 1);
    const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
    const nameOk = name.length <= 63 && QUALIFIED_NAME.test(name);
    if (!prefixOk || !nameOk) {
      r.report(
        'SLO105',
        value,
        `Annotation key ${JSON.stringify(truncate(key))} is invalid: write \`[prefix/]name\`, the prefix a DNS subdomain (e.g. \`example.com\`), the name at most 63 letters, digits, \`-\`, \`_\` or \`.\`.`,
        { where: 'key' },
      );
    }
  }
}

export function checkDescription(node: YNode | undefined, r: Reporter, max = DESCRIPTION_MAX): void {
  const text = node?.string;
  if (node && text !== undefined && text.length > max) {
    r.report(
      'SLO106',
      node,
      `The description has ${text.length} characters, at most ${max} are allowed: shorten it.`,
    );
  }
}

export function checkOpenSloDuration(node: YNode | undefined, r: Reporter, field: string): boolean {
  if (!node || node.isNull) return false;
  const raw = node.string ?? (node.isScalar ? String(node.scalar) : undefined);
  if (raw === undefined) return false;
  if (OPENSLO_DURATION.test(raw)) return true;
  const guess = /^\s*(\d+)\s*(minutes?|mins?)\s*$/i.test(raw)
    ? `${/\d+/.exec(raw)![0]}m`
    : /^\s*(\d+)\s*(hours?|h)\s*$/i.test(raw)
      ? `${/\d+/.exec(raw)![0]}h`
      : /^\s*(\d+)\s*(days?|d)\s*$/i.test(raw)
        ? `${/\d+/.exec(raw)![0]}d`
        : /^\s*(\d+)\s*(weeks?|w)\s*$/i.test(raw)
          ? `${/\d+/.exec(raw)![0]}w`
          : /^\s*(\d+)\s*(months?)\s*$/i.test(raw)
            ? `${/\d+/.exec(raw)![0]}M`
            : undefined;
  r.report(
    'SLO107',
    node,
    `\`${field}\` ${JSON.stringify(truncate(raw))} is not an OpenSLO duration: write a whole number and one unit, m (minutes), h, d, w, M (months), Q or Y` +
      (guess ? `, e.g. \`${guess}\`.` : ', e.g. `28d` or `1M`.'),
    {
      fixes: guess ? [r.replaceValue(node, guess, `Change to ${guess}`)].filter((f) => f !== undefined) : [],
    },
  );
  return false;
}

/** SLO108: an SLO's list of time windows holds exactly one; its items, for the window's own checks. */
export function checkOneWindow(list: YNode, field: string, example: string, r: Reporter): YNode[] {
  const items = list.items();
  if (items.length !== 1)
    r.report(
      'SLO108',
      items[1] ?? list,
      items.length === 0
        ? `\`spec.${field}\` is empty: add one window, e.g. ${example}.`
        : `\`spec.${field}\` has ${items.length} windows; an SLO has exactly one: remove the others.`,
      { where: items.length === 0 ? 'key' : 'anchor' },
    );
  return items;
}

/** Builds the definition of an OpenSLO object for the workspace index. */
export function openSloDefinition(object: SloObject, r: Reporter): Definition | undefined {
  const nameNode = object.root.get('metadata')?.get('name');
  const name = nameNode?.string;
  if (!nameNode || !name) return undefined;
  const [s, e] = nameNode.anchor();
  const display = object.root.get('metadata')?.get('displayName')?.string;
  return {
    namespace: OPENSLO_NAMESPACE,
    referable: true,
    duplicate: { code: 'SLO702', what: `OpenSLO ${object.kind} name \`${name}\`` },
    kind: object.kind,
    name,
    format: object.format,
    range: r.positions.range(s, e),
    objectRange: object.range,
    ...(display ? { displayName: display } : {}),
  };
}

export function reference(
  kind: RefKind,
  node: YNode | undefined,
  r: Reporter,
  onlyWhenKindExists = false,
): Reference[] {
  const name = node?.string;
  if (!node || !name) return [];
  const [s, e] = node.anchor();
  return [
    {
      namespace: OPENSLO_NAMESPACE,
      kind,
      name,
      range: r.positions.range(s, e),
      path: node.path,
      ...(onlyWhenKindExists ? { onlyWhenKindExists } : {}),
    },
  ];
}

/** Exactly one of `keys` present in `node` (a mapping), reported at the extra keys or the mapping. */
export function exactlyOne(
  node: YNode,
  keys: readonly string[],
  r: Reporter,
  messages: { none: string; many: string },
  codes: { none: Parameters<Reporter['report']>[0]; many: Parameters<Reporter['report']>[0] } = {
    none: 'SLO016',
    many: 'SLO015',
  },
): string | undefined {
  const present = keys.filter((k) => node.has(k) && !node.get(k)!.isNull);
  if (present.length === 0) {
    r.report(codes.none, node, messages.none, {
      where: 'key',
      path: node.path ? `${node.path}.${keys[0]}` : keys[0],
    });
    return undefined;
  }
  if (present.length > 1) {
    for (const k of present.slice(1)) {
      const child = node.get(k)!;
      r.report(codes.many, child, messages.many, {
        where: 'key',
        fixes: [r.removeEntry(child, `Remove ${k}`)].filter((f) => f !== undefined),
      });
    }
  }
  return present[0];
}
