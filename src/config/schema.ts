/**
 * Every `teamSre.*` setting, declared once: its JSON schema as package.json's `contributes.configuration`
 * declares it (test/unit/config.test.ts keeps the two equal) and the reader that makes whatever a client
 * sent safe. Pure: no editor, no file system.
 */
import { DEFAULT_MAX_FILE_SIZE } from '../language/analysis/limits.js';
import { DEFAULT_SLOTH_PERIOD } from '../language/model/defaults.js';
import type { RuleSetting } from '../language/diagnostics/rule-settings.js';
import { DEFAULT_SELECTION } from '../language/workspace/files.js';
import { TIMEOUT_SECONDS } from '../prometheus/client.js';

/** The part of JSON schema package.json uses for a setting (descriptions stay in package.json). */
export interface SettingSchema {
  type: 'string' | 'number' | 'boolean' | 'array' | 'object';
  default: unknown;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  items?: { type: 'string' } | ObjectItemSchema;
  additionalProperties?: { type: 'string'; enum?: readonly string[] };
  scope?: 'resource';
}

/** An array item that is an object of string fields. */
export interface ObjectItemSchema {
  type: 'object';
  properties: Record<string, { type: 'string' }>;
  required: readonly string[];
  additionalProperties: false;
}

export interface Setting<T> {
  schema: SettingSchema & { default: T };
  /** What a client sent, made safe: the value when valid, else the default (a map keeps its valid entries). */
  read(raw: unknown): T;
}

const RULE_SETTINGS = ['error', 'warning', 'info', 'off'] as const satisfies readonly RuleSetting[];

type StringSchema = Omit<SettingSchema, 'type' | 'default'> & { default: string };

/** A string setting; `refine` may reject (undefined) or normalise a value the schema accepts. */
function stringSetting(
  schema: StringSchema,
  refine: (value: string) => string | undefined = (value) => value,
): Setting<string> {
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern);
  return {
    schema: { type: 'string', ...schema },
    read: (raw) =>
      (typeof raw === 'string' &&
      (!schema.enum || schema.enum.includes(raw)) &&
      (!pattern || pattern.test(raw))
        ? refine(raw)
        : undefined) ?? schema.default,
  };
}

/**
 * A number within its bounds. Past a bound it is the default, or with `clamp` that bound; anything but a finite
 * number is the default.
 */
function numberSetting(
  schema: Omit<SettingSchema, 'type' | 'default'> & { default: number },
  outOfRange: 'default' | 'clamp' = 'default',
): Setting<number> {
  const { minimum = -Infinity, maximum = Infinity } = schema;
  return {
    schema: { type: 'number', ...schema },
    read: (raw) => {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return schema.default;
      if (raw >= minimum && raw <= maximum) return raw;
      return outOfRange === 'clamp' ? Math.min(maximum, Math.max(minimum, raw)) : schema.default;
    },
  };
}

function globsSetting(defaultGlobs: string[]): Setting<string[]> {
  return {
    schema: { type: 'array', items: { type: 'string' }, default: defaultGlobs },
    read: (raw) =>
      Array.isArray(raw) && raw.every((glob) => typeof glob === 'string') ? (raw as string[]) : defaultGlobs,
  };
}

/** An object of string values; `key` may rename (or, with undefined, drop) an entry. */
function stringMapSetting<V extends string>(
  schema: { enum?: readonly V[]; scope?: 'resource' },
  key: (name: string) => string = (name) => name,
): Setting<Record<string, V>> {
  const { enum: values, scope } = schema;
  return {
    schema: {
      type: 'object',
      default: {},
      ...(scope ? { scope } : {}),
      additionalProperties: { type: 'string', ...(values ? { enum: values } : {}) },
    },
    read: (raw) => {
      const out: Record<string, V> = {};
      if (raw && typeof raw === 'object')
        for (const [name, value] of Object.entries(raw as Record<string, unknown>))
          if (typeof value === 'string' && (!values || (values as readonly string[]).includes(value)))
            out[key(name)] = value as V;
      return out;
    },
  };
}

/** Where an SLO file's generated rules are committed: SLO files by glob, and the output's path template. */
export interface GeneratedRulesMapping {
  slo: string;
  output: string;
}

/** A list of `{ slo, output }`: the entries with both strings non-empty are kept, in order. */
const generatedRulesSetting: Setting<GeneratedRulesMapping[]> = {
  schema: {
    type: 'array',
    default: [],
    scope: 'resource',
    items: {
      type: 'object',
      properties: { slo: { type: 'string' }, output: { type: 'string' } },
      required: ['slo', 'output'],
      additionalProperties: false,
    },
  },
  read: (raw) =>
    Array.isArray(raw)
      ? raw.flatMap((entry: unknown) => {
          const { slo, output } = (entry && typeof entry === 'object' ? entry : {}) as Record<
            string,
            unknown
          >;
          return typeof slo === 'string' && typeof output === 'string' && slo.trim() && output.trim()
            ? [{ slo: slo.trim(), output: output.trim() }]
            : [];
        })
      : [],
};

/** The folder name for postmortems: relative, inside the workspace folder, without a trailing slash. */
function postmortemFolder(folder: string): string | undefined {
  const trimmed = folder.trim();
  if (trimmed === '' || /^([\\/]|[a-z]:)/i.test(trimmed) || folder.split(/[\\/]/).includes('..'))
    return undefined;
  return trimmed.replace(/[\\/]+$/, '');
}

export const MEGABYTE = 1024 * 1024;
const DEFAULT_MAX_FILE_SIZE_MB = DEFAULT_MAX_FILE_SIZE / MEGABYTE;

export const SETTINGS = {
  'teamSre.trace.server': stringSetting({ enum: ['off', 'messages', 'verbose'], default: 'off' }),
  'teamSre.rules': stringMapSetting({ enum: RULE_SETTINGS }, (code) => code.toUpperCase()),
  'teamSre.files.include': globsSetting(DEFAULT_SELECTION.include),
  'teamSre.files.exclude': globsSetting([]),
  'teamSre.sloth.defaultPeriod': stringSetting({
    // Sloth's own default (`--default-slo-period`), as the model applies it when no setting is given.
    default: DEFAULT_SLOTH_PERIOD,
    pattern: '^[0-9]+[dwh]$',
  }),
  'teamSre.strictReferences': {
    schema: { type: 'boolean', default: false },
    read: (raw: unknown) => raw === true,
  } satisfies Setting<boolean>,
  'teamSre.maxFileSizeMB': {
    schema: { type: 'number', default: DEFAULT_MAX_FILE_SIZE_MB, minimum: 0.1 },
    // Any positive size is honoured: `minimum` is what the settings editor offers, servers always took less.
    read: (raw: unknown) => (typeof raw === 'number' && raw > 0 ? raw : DEFAULT_MAX_FILE_SIZE_MB),
  } satisfies Setting<number>,
  'teamSre.prometheus.url': stringSetting({ default: '', scope: 'resource' }),
  'teamSre.prometheus.headers': stringMapSetting({ scope: 'resource' }),
  'teamSre.prometheus.timeout': numberSetting(
    {
      default: TIMEOUT_SECONDS.default,
      minimum: TIMEOUT_SECONDS.minimum,
      maximum: TIMEOUT_SECONDS.maximum,
      scope: 'resource',
    },
    'clamp',
  ),
  'teamSre.prometheus.refreshInterval': numberSetting({ default: 60, minimum: 0, scope: 'resource' }),
  'teamSre.postmortems.folder': stringSetting(
    { default: 'postmortems', scope: 'resource' },
    postmortemFolder,
  ),
  'teamSre.generatedRules': generatedRulesSetting,
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = ReturnType<(typeof SETTINGS)[K]['read']>;

/** A setting as a client sent it, made safe: its default when missing or invalid. */
export function readSetting<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
  return SETTINGS[key].read(raw) as SettingValue<K>;
}

/** A setting's default. */
export function settingDefault<K extends SettingKey>(key: K): SettingValue<K> {
  return SETTINGS[key].schema.default as SettingValue<K>;
}

/**
 * A setting read from the `teamSre` section as a client sends it (nested objects: `{ files: { include } }`),
 * made safe.
 */
export function readSettingIn<K extends SettingKey>(section: unknown, key: K): SettingValue<K> {
  let value: unknown = section;
  for (const part of key.split('.').slice(1))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return readSetting(key, value);
}
