import type { Diagnostic, Severity } from '../types.js';

/** What a user may set a diagnostic code to: a severity, or `off` to hide it. */
export type RuleSetting = Severity | 'off';

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
