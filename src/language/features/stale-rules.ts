/**
 * A committed generated-rules file against what its SLO file generates now (SLO706): one warning on the first
 * object that deploys rules, naming the first differences.
 */
import { compareRules } from '../../rules/compare.js';
import { codeInfo } from '../diagnostics/codes.js';
import { plainText } from '../diagnostics/plain.js';
import type { FileAnalysis } from '../analysis/object.js';
import type { ModelOptions, ModelResolver } from '../model/slo-model.js';
import type { Diagnostic } from '../types.js';
import { DEFAULT_RULES_OPTIONS } from '../../rules/types.js';
import { fileRules } from './rules.js';

/** The committed file an SLO file's rules are written to: its path as the user knows it, and its text. */
export interface CommittedRules {
  /** The path shown in messages, relative to the workspace folder. */
  path: string;
  text: string;
}

/** How many differences the message names; the rest are counted. */
const NAMED_DIFFERENCES = 1;

export function staleRulesDiagnostics(
  analysis: FileAnalysis,
  committed: CommittedRules,
  resolve: ModelResolver,
  modelOptions: ModelOptions,
): Diagnostic[] {
  const generated = fileRules(analysis, DEFAULT_RULES_OPTIONS, resolve, modelOptions).documents;
  const [first] = generated;
  if (!first) return [];
  const comparison = compareRules(committed.text, generated);
  if ('stale' in comparison && !comparison.stale) return [];
  // The object's first line: where the file says what it is (`version:`, `apiVersion:`).
  const start = first.range.start;
  const lineEnd = analysis.text.indexOf('\n', analysis.positions.offset(start));
  const endOffset = lineEnd === -1 ? analysis.text.length : lineEnd;
  const lineText = analysis.text.slice(analysis.positions.offset(start), endOffset).replace(/\s+$/, '');
  const range = { start, end: { line: start.line, character: start.character + lineText.length } };
  let message: string;
  if ('error' in comparison) {
    message = `${committed.path} cannot be compared with the rules this file generates: ${comparison.error}.`;
  } else {
    const { differences } = comparison;
    const more = /^… and (\d+) more differences$/.exec(differences[differences.length - 1] ?? '');
    const count = more ? differences.length - 1 + Number(more[1]) : differences.length;
    message = `${committed.path} is stale: ${count} difference${count === 1 ? '' : 's'}, e.g. ${differences
      .slice(0, NAMED_DIFFERENCES)
      .join('; ')}. Rewrite it with the quick fix, or run \`team-sre rules\`.`;
  }
  return [{ code: 'SLO706', severity: codeInfo('SLO706').severity, message: plainText(message), range }];
}
