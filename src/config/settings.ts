import { DEFAULT_MAX_FILE_SIZE } from '../language/analysis/limits.js';
import { DEFAULT_SELECTION, type FileSelection } from '../language/workspace/files.js';
import type { Diagnostic, Severity } from '../language/types.js';

/** Sloth's own default SLO period (`--default-slo-period`), used until a setting says otherwise. */
export const DEFAULT_SLOTH_PERIOD = '30d';

export type RuleSetting = Severity | 'off';

/** What users can configure (`teamSre.*` in the editor). */
export interface LanguageSettings {
  /** Per code: a severity, or `off`. */
  rules: Record<string, RuleSetting>;
  files: FileSelection;
  sloth: { defaultPeriod: string };
  maxFileSize: number;
  /** The name (or relative path) of postmortem folders. */
  postmortems: { folder: string };
}

export const DEFAULT_SETTINGS: LanguageSettings = {
  rules: {},
  files: DEFAULT_SELECTION,
  sloth: { defaultPeriod: DEFAULT_SLOTH_PERIOD },
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  postmortems: { folder: 'postmortems' },
};

const RULE_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'off'];

/** Settings as a client sent them (any shape), made safe: unknown values fall back to the defaults. */
export function readSettings(raw: unknown): LanguageSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [code, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && RULE_SETTINGS.includes(value))
        rules[code.toUpperCase()] = value as RuleSetting;
    }
  }
  const files = (r.files && typeof r.files === 'object' ? r.files : {}) as Record<string, unknown>;
  const globs = (v: unknown, fallback: string[]) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fallback;
  const sloth = (r.sloth && typeof r.sloth === 'object' ? r.sloth : {}) as Record<string, unknown>;
  const period =
    typeof sloth.defaultPeriod === 'string' && /^\d+[dwh]$/.test(sloth.defaultPeriod)
      ? sloth.defaultPeriod
      : DEFAULT_SLOTH_PERIOD;
  const pm = (r.postmortems && typeof r.postmortems === 'object' ? r.postmortems : {}) as Record<
    string,
    unknown
  >;
  const folder =
    typeof pm.folder === 'string' &&
    pm.folder.trim() !== '' &&
    !/^([\\/]|[a-z]:)/i.test(pm.folder.trim()) &&
    !pm.folder.split(/[\\/]/).includes('..')
      ? pm.folder.trim().replace(/[\\/]+$/, '')
      : 'postmortems';
  const maxMb = typeof r.maxFileSizeMB === 'number' && r.maxFileSizeMB > 0 ? r.maxFileSizeMB : undefined;
  return {
    rules,
    files: {
      include: globs(files.include, DEFAULT_SELECTION.include),
      exclude: [...DEFAULT_SELECTION.exclude, ...globs(files.exclude, [])],
    },
    sloth: { defaultPeriod: period },
    maxFileSize: maxMb ? Math.round(maxMb * 1024 * 1024) : DEFAULT_MAX_FILE_SIZE,
    postmortems: { folder },
  };
}

/** Applies per-rule severities: `off` drops the diagnostic. */
export function applyRuleSettings(
  diagnostics: Diagnostic[],
  rules: Record<string, RuleSetting>,
): Diagnostic[] {
  if (!Object.keys(rules).length) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = rules[d.code];
    if (setting === 'off') continue;
    out.push(setting ? { ...d, severity: setting } : d);
  }
  return out;
}
