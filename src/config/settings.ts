import type { FileSelection } from '../language/workspace/files.js';
import { DEFAULT_SELECTION } from '../language/workspace/files.js';
import type { RuleSetting } from '../language/diagnostics/rule-settings.js';
import { MEGABYTE, readSetting, readSettingIn, type GeneratedRulesMapping } from './schema.js';

export { applyRuleSettings, type RuleSetting } from '../language/diagnostics/rule-settings.js';
export { DEFAULT_SLOTH_PERIOD } from '../language/model/defaults.js';

/** Whether a text is a Sloth period the `teamSre.sloth.defaultPeriod` setting accepts, e.g. `28d`. */
export const isSlothPeriod = (text: string) => readSetting('teamSre.sloth.defaultPeriod', text) === text;

/** What users can configure (`teamSre.*` in the editor). */
export interface LanguageSettings {
  /** Per code: a severity, or `off`. */
  rules: Record<string, RuleSetting>;
  /** References not in the files checked and unreferenced duplicate names are errors, not warnings. */
  strictReferences: boolean;
  files: FileSelection;
  sloth: { defaultPeriod: string };
  maxFileSize: number;
  /** The name (or relative path) of postmortem folders. */
  postmortems: { folder: string };
  /** Where SLO files' generated rules are committed, first match first (Sloth's `_gen/` layout needs none). */
  generatedRules: GeneratedRulesMapping[];
}

/** Which files are read: the include globs (the default ones when none is given), the exclude globs added to the default ones. */
export function fileSelection(include: string[] | undefined, exclude: string[]): FileSelection {
  return {
    include: include ?? DEFAULT_SELECTION.include,
    exclude: [...DEFAULT_SELECTION.exclude, ...exclude],
  };
}

/** Settings as a client sent them (any shape), made safe: unknown values fall back to the defaults. */
export function readSettings(raw: unknown): LanguageSettings {
  return {
    rules: readSettingIn(raw, 'teamSre.rules'),
    strictReferences: readSettingIn(raw, 'teamSre.strictReferences'),
    files: fileSelection(
      readSettingIn(raw, 'teamSre.files.include'),
      readSettingIn(raw, 'teamSre.files.exclude'),
    ),
    sloth: { defaultPeriod: readSettingIn(raw, 'teamSre.sloth.defaultPeriod') },
    maxFileSize: Math.round(readSettingIn(raw, 'teamSre.maxFileSizeMB') * MEGABYTE),
    postmortems: { folder: readSettingIn(raw, 'teamSre.postmortems.folder') },
    generatedRules: readSettingIn(raw, 'teamSre.generatedRules'),
  };
}

export const DEFAULT_SETTINGS: LanguageSettings = readSettings(undefined);
