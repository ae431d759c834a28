/**
 * The language service: one object that hosts (the LSP server, the CLI, tests) talk to, instead of reaching
 * into the workspace index and each feature module. Positions are LSP positions; nothing here knows LSP.
 */
import { alertRowLines, fileRules, rulesView, type FileRules, type RulesView } from './features/rules.js';
import type { CommittedRules } from './features/stale-rules.js';
import { DEFAULT_RULES_OPTIONS, type RulesOptions } from '../rules/types.js';
import { applyRuleSettings, type RuleSetting } from './diagnostics/rule-settings.js';
import { DEFAULT_SLOTH_PERIOD } from './model/defaults.js';
import type { AnalyzeOptions, FileAnalysis } from './analysis/analyze.js';
import { complete, type CompletionEntry } from './features/completion.js';
import { hover, type HoverResult } from './features/hover.js';
import {
  definition,
  nameAt,
  prepareRename,
  references,
  rename,
  type Location,
  type RenameResult,
} from './features/navigation.js';
import {
  NEW_SLO_TEMPLATES,
  newSloDocument,
  newSloFileName,
  serviceNameProblem,
  targetProblem,
} from './features/new-slo.js';
import { documentSymbols, foldingRanges, type DocumentSymbol } from './features/symbols.js';
import {
  hasBudget,
  workspaceSloList,
  type WorkspaceSloBudget,
  type WorkspaceSloEntry,
  type WorkspaceSloFailure,
} from './features/workspace-slos.js';
import { FORMAT_LABELS } from './formats/registry.js';
import { normaliseSlos, type ModelOptions, type ModelResolver, type SloModel } from './model/slo-model.js';
import type { Diagnostic, Fix, Position, Range } from './types.js';
import { STRICT_REFERENCE_CODES, WorkspaceIndex } from './workspace/workspace-index.js';

// What hosts need beside the service itself, so they import this module rather than the parts behind it.
/** A file's generated rules as an editor shows them, with where each budget alert row's rule is printed. */
export interface DocumentRulesView extends RulesView {
  /** Per objective (in the order of `budgets`' entries with a budget), per alert row: its rule's line, or null. */
  alertLines: Array<Array<number | null>>;
}

export type {
  CommittedRules,
  CompletionEntry,
  DocumentSymbol,
  HoverResult,
  Location,
  RenameResult,
  WorkspaceSloBudget,
  WorkspaceSloEntry,
  WorkspaceSloFailure,
};
export { hasBudget };
export type { SloLiveSpec } from './model/live-spec.js';
export { targetText } from './features/target-edit.js';
export {
  DEFAULT_SELECTION,
  directoryMatcher,
  selectionMatcher,
  type FileSelection,
} from './workspace/files.js';

export interface LanguageServiceOptions {
  /** Files above this many characters get one diagnostic and no analysis. */
  maxFileSize?: number;
  /** How the user raises the size limit, ending SLO006's message: the setting, or the flag, to change. */
  raiseLimit?: string;
  /** Every file above the size limit gets SLO006, not only one whose start shows an SLO format. */
  reportEveryLargeFile?: boolean;
  /** Sloth's SLO period, the window of Sloth SLOs (default `DEFAULT_SLOTH_PERIOD`). */
  slothPeriod?: string;
  /** Per diagnostic code: a severity, or `off`. */
  rules?: Record<string, RuleSetting>;
  /**
   * References not in the files checked (SLO704) and unreferenced duplicate names (SLO705) are errors, not
   * warnings. A severity given for one of these codes in `rules` still wins.
   */
  strictReferences?: boolean;
  /**
   * False for a one-shot check that reads only diagnostics: each file's YAML tree and model are dropped once
   * analyzed (see WorkspaceIndex), so thousands of files fit in little memory.
   */
  keepObjects?: boolean;
}

/** What a document is, in a few numbers: for the status bar and `team-sre` summaries. */
export interface DocumentSummary {
  /** The formats of its objects, as users name them, each once. */
  formats: string[];
  objects: number;
  /** SLOs defined (a Sloth file defines several). */
  slos: number;
  errors: number;
  warnings: number;
  isSloFile: boolean;
}

/** A fix offered for a diagnostic that overlaps the asked range. */
export interface CodeActionData {
  diagnostic: Diagnostic;
  fix: Fix;
}

/** A format a new SLO file can be written in, as the New SLO command offers it. */
export interface NewSloChoice {
  choice: string;
  label: string;
  description: string;
}

/** The answers to the New SLO command's questions, as typed. */
export interface NewSloAnswers {
  format: string;
  service: string;
  /** A percentage, e.g. `99.9` or `99.9%`. */
  target: string;
}

export type NewSloFile = { fileName: string; text: string } | { error: string };

export interface LanguageService {
  /** New options: analysis options apply to the next `setFile` of each file, rule settings at once. */
  configure(options: LanguageServiceOptions): void;
  setFile(uri: string, text: string): FileAnalysis;
  /** A file too large to read (its size in bytes, its first bytes): SLO006 instead of an analysis. */
  setTooLargeFile(uri: string, head: string, size: number): FileAnalysis;
  deleteFile(uri: string): void;
  get(uri: string): FileAnalysis | undefined;
  /** The files of the workspace, sorted. */
  uris(): string[];
  /** A file's diagnostics, its own and cross-file ones, with the rule settings applied. */
  diagnostics(uri: string): Diagnostic[];
  /** Every file's diagnostics, with the rule settings applied. */
  allDiagnostics(): Map<string, Diagnostic[]>;
  hover(uri: string, position: Position): HoverResult | undefined;
  complete(uri: string, position: Position): CompletionEntry[];
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(uri: string, position: Position): Range | undefined;
  /** The name at a position (a definition's or a reference's), its kind and the files that define it. */
  nameAt(uri: string, position: Position): { kind: string; name: string; definedIn: string[] } | undefined;
  rename(uri: string, position: Position, newName: string): RenameResult;
  symbols(uri: string): DocumentSymbol[];
  folding(uri: string): Array<{ startLine: number; endLine: number }>;
  /** The fixes of the diagnostics that overlap `range`, or whose other places in the file (related locations) do. */
  codeActions(uri: string, range: Range): CodeActionData[];
  documentSummary(uri: string): DocumentSummary | undefined;
  /** A document's SLOs, from its model (with the service's Sloth period). */
  slos(uri: string): SloModel[];
  /** Resolves references to the model of the object they name. */
  readonly resolve: ModelResolver;
  /** Every SLO objective of the workspace (or of `uris`) with its budget at `at`; an SLO that cannot be computed, with its error. */
  workspaceSlos(at: Date, uris?: string[]): WorkspaceSloEntry[];
  /** The budgets of one document's objectives (and its SLOs in error), in document order. */
  budgets(uri: string, at: Date): WorkspaceSloEntry[];
  /** The names of the SLOs an SLO file defines; undefined for a file that is not one (or not known). */
  sloNames(uri: string): string[] | undefined;
  /** The formats a new SLO file can be written in, in the order they are offered. */
  newSloChoices(): NewSloChoice[];
  /** Why an answer to the New SLO command cannot be used, or undefined when it can. */
  newSloProblem(field: 'service' | 'target', value: string): string | undefined;
  /** The file name (before de-duplication) and text of a new SLO file, or why the answers cannot make one. */
  newSlo(answers: NewSloAnswers): NewSloFile;
  /** The Prometheus rules a file deploys, as each object's own generator writes them; undefined for an unknown file. */
  rules(uri: string, options?: RulesOptions): FileRules | undefined;
  /**
   * The committed generated-rules file of an SLO file, as the host found it (on disk or in an editor), or none:
   * while it differs from what the file generates, the file's diagnostics carry SLO706.
   */
  setCommittedRules(uri: string, committed: CommittedRules | undefined): void;
  /**
   * The generated rules of an SLO file printed as `rulesFileText` prints them (`input`: the file's name in the
   * header), with the lines of each SLO's groups and alerts; undefined for a file that is not an SLO file.
   * The budget preview's alert rows are matched to their rules (`alertLines`) with the budgets at `at`;
   * without `at` (CodeLenses) no budget is computed and `alertLines` is empty.
   */
  rulesView(uri: string, input: string, at?: Date): DocumentRulesView | undefined;
  committedRules(uri: string): CommittedRules | undefined;
}

const overlaps = (a: Range, range: Range) =>
  !(a.end.line < range.start.line || a.start.line > range.end.line) &&
  !(a.end.line === range.start.line && a.end.character < range.start.character) &&
  !(a.start.line === range.end.line && a.start.character > range.end.character);

const analyzeOptions = (o: LanguageServiceOptions): AnalyzeOptions => ({
  ...(o.maxFileSize !== undefined ? { maxFileSize: o.maxFileSize } : {}),
  ...(o.slothPeriod !== undefined ? { slothPeriod: o.slothPeriod } : {}),
  ...(o.raiseLimit !== undefined ? { raiseLimit: o.raiseLimit } : {}),
  ...(o.reportEveryLargeFile ? { reportEveryLargeFile: true } : {}),
});

export function createLanguageService(initial: LanguageServiceOptions = {}): LanguageService {
  let options = initial;
  const index = new WorkspaceIndex(analyzeOptions(options), options.keepObjects ?? true);
  const model = (): ModelOptions => ({ slothPeriod: options.slothPeriod ?? DEFAULT_SLOTH_PERIOD });
  // One object per configuration: the diagnostics below are cached per rules object.
  const effectiveRules = (o: LanguageServiceOptions): Record<string, RuleSetting> =>
    o.strictReferences
      ? { ...Object.fromEntries(STRICT_REFERENCE_CODES.map((c) => [c, 'error'])), ...o.rules }
      : (o.rules ?? {});
  let currentRules = effectiveRules(options);
  const rules = () => currentRules;
  const at = (uri: string, position: Position) => {
    const analysis = index.get(uri);
    const offset = analysis?.positions.offset(position);
    return analysis && offset !== undefined ? { analysis, offset } : undefined;
  };
  // Per array of the index's diagnostics, the same array under the same rules: hosts skip unchanged files by identity.
  const ruled = new WeakMap<Diagnostic[], { rules: Record<string, RuleSetting>; list: Diagnostic[] }>();
  const withRules = (source: Diagnostic[]) => {
    const r = rules();
    const cached = ruled.get(source);
    if (cached?.rules === r) return cached.list;
    const list = applyRuleSettings(source, r);
    ruled.set(source, { rules: r, list });
    return list;
  };
  const diagnostics = (uri: string) => withRules(index.diagnostics(uri));
  // An analysis is replaced, never changed, when its file's text changes.
  const namesByAnalysis = new WeakMap<FileAnalysis, string[]>();
  return {
    resolve: index.resolveModel,
    configure(next) {
      options = next;
      currentRules = effectiveRules(next);
      index.configure(analyzeOptions(next));
    },
    setFile: (uri, text) => index.set(uri, text),
    setTooLargeFile: (uri, head, size) => index.setTooLarge(uri, head, size),
    deleteFile: (uri) => index.delete(uri),
    get: (uri) => index.get(uri),
    uris: () => index.uris(),
    diagnostics,
    allDiagnostics() {
      const all = index.allDiagnostics();
      return new Map([...all].map(([uri, list]) => [uri, withRules(list)]));
    },
    hover(uri, position) {
      const found = at(uri, position);
      return found && hover(found.analysis, found.offset, model(), diagnostics(uri));
    },
    complete(uri, position) {
      const found = at(uri, position);
      return found
        ? complete(found.analysis, found.offset, { names: (kind) => index.referableNames(kind) })
        : [];
    },
    definition: (uri, position) => definition(index, uri, position),
    references: (uri, position, includeDeclaration) => references(index, uri, position, includeDeclaration),
    prepareRename: (uri, position) => prepareRename(index, uri, position),
    nameAt(uri, position) {
      const target = nameAt(index, uri, position);
      if (!target) return undefined;
      const definedIn = [...new Set(definition(index, uri, position).map((l) => l.uri))];
      return { kind: target.kind, name: target.name, definedIn };
    },
    rename: (uri, position, newName) => rename(index, uri, position, newName),
    symbols(uri) {
      const analysis = index.get(uri);
      return analysis ? documentSymbols(analysis, model()) : [];
    },
    folding(uri) {
      const analysis = index.get(uri);
      return analysis ? foldingRanges(analysis) : [];
    },
    codeActions(uri, range) {
      // A name reported once for several places of the file (SLO701) offers its fix at each of them.
      return diagnostics(uri)
        .filter(
          (d) =>
            overlaps(d.range, range) ||
            (!!d.fixes?.length && d.related?.some((r) => r.uri === uri && overlaps(r.range, range))),
        )
        .flatMap((diagnostic) => (diagnostic.fixes ?? []).map((fix) => ({ diagnostic, fix })));
    },
    documentSummary(uri) {
      const analysis = index.get(uri);
      if (!analysis) return undefined;
      const list = diagnostics(uri);
      return {
        formats: [...new Set(analysis.objects.map((o) => FORMAT_LABELS[o.format]))],
        objects: analysis.objects.length,
        slos: analysis.objects.reduce((n, o) => n + normaliseSlos(o, model()).length, 0),
        errors: list.filter((d) => d.severity === 'error').length,
        warnings: list.filter((d) => d.severity === 'warning').length,
        isSloFile: analysis.isSloFile,
      };
    },
    slos: (uri) => index.get(uri)?.objects.flatMap((o) => normaliseSlos(o, model())) ?? [],
    workspaceSlos: (when, uris) => workspaceSloList(index, model(), when, uris),
    budgets: (uri, when) => (index.get(uri) ? workspaceSloList(index, model(), when, [uri]) : []),
    sloNames(uri) {
      const analysis = index.get(uri);
      if (!analysis?.isSloFile) return undefined;
      let names = namesByAnalysis.get(analysis);
      if (!names) {
        names = analysis.objects.flatMap((o) => normaliseSlos(o, model()).map((s) => s.name));
        namesByAnalysis.set(analysis, names);
      }
      return names;
    },
    rules(uri, rulesOptions = DEFAULT_RULES_OPTIONS) {
      const analysis = index.get(uri);
      return analysis ? fileRules(analysis, rulesOptions, index.resolveModel, model()) : undefined;
    },
    rulesView(uri, input, when) {
      const analysis = index.get(uri);
      if (!analysis?.isSloFile) return undefined;
      const view = rulesView(analysis, input, DEFAULT_RULES_OPTIONS, index.resolveModel, model());
      const alertLines = when
        ? workspaceSloList(index, model(), when, [uri])
            .filter(hasBudget)
            .map((e) => alertRowLines(view, e.name, e.report.alerts))
        : [];
      return { ...view, alertLines };
    },
    setCommittedRules: (uri, committed) => index.setCommittedRules(uri, committed),
    committedRules: (uri) => index.committedRules(uri),
    newSloChoices: () =>
      NEW_SLO_TEMPLATES.map(({ choice, label, description }) => ({ choice, label, description })),
    newSloProblem: (field, value) =>
      field === 'service' ? serviceNameProblem(value.trim()) : targetProblem(value),
    newSlo({ format, service, target }) {
      if (!NEW_SLO_TEMPLATES.some((t) => t.choice === format))
        return { error: `No New SLO template for ${format}.` };
      const problem = serviceNameProblem(service.trim()) ?? targetProblem(target);
      if (problem) return { error: problem };
      const request = {
        format,
        service: service.trim(),
        targetPercent: Number(target.trim().replace(/%$/, '')),
      };
      return { fileName: newSloFileName(request), text: newSloDocument(request) };
    },
  };
}
