import { FileAnalyzer, type AnalyzeOptions, type FileAnalysis } from '../analysis/analyze.js';
import { analyzeTooLarge } from '../analysis/too-large.js';
import { codeInfo } from '../diagnostics/codes.js';
import { plainDiagnostic } from '../diagnostics/plain.js';
import type { Definition, Reference } from '../model/facts.js';
import { DEFAULT_SLOTH_PERIOD } from '../model/defaults.js';
import type { ObjectModel } from '../model/slo-model.js';
import { staleRulesDiagnostics, type CommittedRules } from '../features/stale-rules.js';
import {
  allowedDistance,
  closestMatch,
  editDistance,
  normalise,
  type Match,
} from '../diagnostics/suggest.js';
import type { Diagnostic, Range } from '../types.js';

interface Located<T> {
  uri: string;
  item: T;
}

/**
 * Every SLO file of a workspace, analyzed once each, with the checks that span files: references
 * that must resolve, names that must be unique.
 */
/** How many other places a duplicate's message names, and how many it (or a repeated missing name) links. */
const DUPLICATES_IN_MESSAGE = 3;
const DUPLICATES_RELATED = 20;

/**
 * The warnings of the cross-file pass that `teamSre.strictReferences` and `team-sre lint --strict-references`
 * make errors: a reference not in the files checked (SLO704), an unreferenced duplicate name (SLO705).
 */
export const STRICT_REFERENCE_CODES = ['SLO704', 'SLO705'] as const;

export class WorkspaceIndex {
  /** Namespaces of the definitions references can name (OpenSLO's). */
  private readonly referableNamespaces = new Set<string>();
  private readonly files = new Map<string, FileAnalysis>();
  private readonly analyzers = new Map<string, FileAnalyzer>();
  /** Definitions by key, each list in place order (file, then position), kept current file by file. */
  private readonly byKey = new Map<string, Array<Located<Definition>>>();
  /** How many files reference each key: a duplicate name is ambiguous once one does. */
  private readonly referencedBy = new Map<string, number>();
  /**
   * What each file's cross-file results read (keys, and `kind namespace:kind` for the names of a kind), and
   * the reverse: the files that read each. A change of a key's places or of a kind's names marks the files
   * that read it, so after an edit only those are checked again, not every file of the workspace.
   */
  private readonly readers = new Map<string, Set<string>>();
  /** Files whose cross-file results must be computed again. */
  private readonly stale = new Set<string>();
  private sortedUris: string[] | undefined;
  /** The OpenSLO names per kind and the "did you mean" guesses, kept current as names come and go. */
  private readonly suggestions = new Suggestions();
  /** Cross-file diagnostics of a file, valid while its analysis is the same and it is not marked stale. */
  private readonly crossCache = new Map<
    string,
    { analysis: FileAnalysis; deps: string[]; diagnostics: Diagnostic[] }
  >();
  /** A file's own and cross-file diagnostics together, the same array while neither part changed. */
  private readonly combinedCache = new Map<
    string,
    { analysis: FileAnalysis; cross: Diagnostic[]; stale: Diagnostic[]; all: Diagnostic[] }
  >();
  /** The committed generated-rules file of an SLO file, as the host found it. */
  private readonly committed = new Map<string, CommittedRules>();
  /** SLO706 of a file, valid while its analysis, its committed file and its cross-file results are the same. */
  private readonly staleCache = new Map<
    string,
    { analysis: FileAnalysis; committed: CommittedRules; cross: Diagnostic[]; diagnostics: Diagnostic[] }
  >();

  constructor(
    private options: AnalyzeOptions = {},
    /**
     * False for a one-shot check that reads only diagnostics: each file's YAML tree (its `objects`) is
     * dropped once analyzed, with no per-document cache for later edits, so thousands of files fit in
     * little memory (and garbage collection does not scan them over and over).
     */
    private readonly keepSyntax = true,
  ) {}

  /** New analysis options apply to the next `set` of each file. */
  configure(options: AnalyzeOptions): void {
    this.options = options;
    this.analyzers.clear();
  }

  /** Analyzes (or re-analyzes, reusing the documents that did not change) a file's text. */
  set(uri: string, text: string): FileAnalysis {
    let analyzer = this.analyzers.get(uri);
    if (!analyzer) {
      analyzer = new FileAnalyzer(uri, this.options);
      if (this.keepSyntax) this.analyzers.set(uri, analyzer);
    }
    const analysis = this.keepSyntax ? analyzer.analyze(text) : { ...analyzer.analyze(text), objects: [] };
    return this.place(uri, analysis);
  }

  /** A file too large to read, known by its size in bytes and its first bytes: SLO006 in place of its analysis. */
  setTooLarge(uri: string, head: string, size: number): FileAnalysis {
    this.analyzers.delete(uri);
    return this.place(uri, analyzeTooLarge(uri, head, size, this.options));
  }

  private place(uri: string, analysis: FileAnalysis): FileAnalysis {
    const previous = this.files.get(uri);
    if (!previous) this.sortedUris = undefined;
    this.files.set(uri, analysis);
    if (previous !== analysis) {
      this.replaceDefinitions(uri, previous?.definitions ?? [], analysis.definitions);
      this.replaceReferences(previous?.references ?? [], analysis.references);
    }
    return analysis;
  }

  delete(uri: string): void {
    const previous = this.files.get(uri);
    if (previous) {
      this.replaceDefinitions(uri, previous.definitions, []);
      this.replaceReferences(previous.references, []);
    }
    if (this.files.delete(uri)) this.sortedUris = undefined;
    this.analyzers.delete(uri);
    this.read(uri, []);
    this.crossCache.delete(uri);
    this.stale.delete(uri);
    this.combinedCache.delete(uri);
    this.committed.delete(uri);
    this.staleCache.delete(uri);
  }

  /** The committed generated-rules file of an SLO file (its text as on disk or in an editor), or none. */
  setCommittedRules(uri: string, committed: CommittedRules | undefined): void {
    const previous = this.committed.get(uri);
    if (previous?.path === committed?.path && previous?.text === committed?.text) return;
    if (committed) this.committed.set(uri, committed);
    else this.committed.delete(uri);
  }

  /** The committed generated-rules file known for an SLO file. */
  committedRules(uri: string): CommittedRules | undefined {
    return this.committed.get(uri);
  }

  /** Puts a file's new definitions in place of its old ones, and marks the keys and kinds whose places changed. */
  private replaceDefinitions(uri: string, before: Definition[], after: Definition[]): void {
    const mine = new Map<string, Array<Located<Definition>>>();
    for (const item of after) {
      const key = definitionKey(item.namespace, item.kind, item.name);
      if (item.referable) this.referableNamespaces.add(item.namespace);
      const list = mine.get(key);
      if (list) list.push({ uri, item });
      else mine.set(key, [{ uri, item }]);
    }
    const touched = new Set(mine.keys());
    for (const d of before) touched.add(definitionKey(d.namespace, d.kind, d.name));
    const names = new Map<string, { removed: Set<string>; added: string[] }>();
    for (const key of touched) {
      const list = this.byKey.get(key) ?? [];
      const added = mine.get(key) ?? [];
      const next = [...list.filter((o) => o.uri !== uri), ...added];
      if (added.length) next.sort(byPlace);
      // The new definition objects replace the old ones even in the same places (their other fields may differ).
      if (next.length) this.byKey.set(key, next);
      else this.byKey.delete(key);
      if (samePlaces(list, next)) continue;
      this.changed(key);
      if (!list.length !== !next.length) {
        const { namespace, kind, name, referable } = (next[0] ?? list[0]!).item;
        this.changed(`kind ${namespace}:${kind}`);
        if (!referable) continue;
        let change = names.get(kind);
        if (!change) names.set(kind, (change = { removed: new Set(), added: [] }));
        if (next.length) change.added.push(name);
        else change.removed.add(name);
      }
    }
    if (names.size) this.suggestions.apply(names);
  }

  /** Counts a file's referenced keys in place of its old ones, and marks the keys that gained or lost their last reader. */
  private replaceReferences(before: readonly Reference[], after: readonly Reference[]): void {
    const was = new Set(before.map((r) => definitionKey(r.namespace, r.kind, r.name)));
    const is = new Set(after.map((r) => definitionKey(r.namespace, r.kind, r.name)));
    for (const key of was) {
      if (is.has(key)) continue;
      const count = (this.referencedBy.get(key) ?? 0) - 1;
      if (count > 0) this.referencedBy.set(key, count);
      else {
        this.referencedBy.delete(key);
        this.changed(`refs ${key}`);
      }
    }
    for (const key of is) {
      if (was.has(key)) continue;
      const count = this.referencedBy.get(key) ?? 0;
      this.referencedBy.set(key, count + 1);
      if (count === 0) this.changed(`refs ${key}`);
    }
  }

  /** Names defined in the workspace for a kind of one namespace, sorted. */
  names(namespace: string, kind: string): string[] {
    const prefix = `${namespace}:${kind}:`;
    return [...this.definitions().keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .sort();
  }

  get(uri: string): FileAnalysis | undefined {
    return this.files.get(uri);
  }

  /** The files of the index, sorted, so what is reported across files does not depend on the order they came in. */
  uris(): string[] {
    this.sortedUris ??= [...this.files.keys()].sort();
    return [...this.sortedUris];
  }

  /** Names of a kind that references can name (OpenSLO objects), sorted. */
  referableNames(kind: string): string[] {
    return [...this.suggestions.names(kind)];
  }

  /** Definitions of every file, by `namespace:kind:name`, each list in place order (read only). */
  definitions(): ReadonlyMap<string, ReadonlyArray<Located<Definition>>> {
    return this.byKey;
  }

  /** The object defined with this namespace, kind and name (the first, when several files define it). */
  private object(namespace: string, kind: string, name: string) {
    const found = this.definitions().get(definitionKey(namespace, kind, name))?.[0];
    if (!found) return undefined;
    return this.files.get(found.uri)?.objects.find((o) => o.kind === kind && o.name === name);
  }

  /** The model of the object a reference of this kind and name resolves to (an SLI, an AlertPolicy, …). */
  objectModel(kind: string, name: string): ObjectModel | undefined {
    for (const namespace of this.referableNamespaces) {
      const found = this.object(namespace, kind, name);
      if (found) return found.model;
    }
    return undefined;
  }

  /** `objectModel` as a function, for the model's readers. */
  readonly resolveModel = (kind: string, name: string): ObjectModel | undefined =>
    this.objectModel(kind, name);

  /** The file's own diagnostics and the cross-file ones that concern it. */
  diagnostics(uri: string): Diagnostic[] {
    const analysis = this.files.get(uri);
    if (!analysis) return [];
    return this.combined(uri, analysis);
  }

  /**
   * Diagnostics of every file; cross-file checks are recomputed only where something they read changed, and
   * a file whose diagnostics did not change keeps the same array, so callers can skip it by identity.
   */
  allDiagnostics(): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const [uri, analysis] of this.files) out.set(uri, this.combined(uri, analysis));
    return out;
  }

  private combined(uri: string, analysis: FileAnalysis): Diagnostic[] {
    const cross = this.crossFile(uri, analysis);
    const stale = this.staleRules(uri, analysis, cross);
    const cached = this.combinedCache.get(uri);
    if (cached && cached.analysis === analysis && cached.cross === cross && cached.stale === stale)
      return cached.all;
    const all =
      cross.length || stale.length ? [...analysis.diagnostics, ...cross, ...stale] : analysis.diagnostics;
    this.combinedCache.set(uri, { analysis, cross, stale, all });
    return all;
  }

  private static readonly NONE: Diagnostic[] = [];

  /** SLO706: generated again only when the file, its committed rules or what it references changed. */
  private staleRules(uri: string, analysis: FileAnalysis, cross: Diagnostic[]): Diagnostic[] {
    const committed = this.committed.get(uri);
    if (!committed || !analysis.objects.length) return WorkspaceIndex.NONE;
    const cached = this.staleCache.get(uri);
    if (cached && cached.analysis === analysis && cached.committed === committed && cached.cross === cross)
      return cached.diagnostics;
    const diagnostics = staleRulesDiagnostics(analysis, committed, this.resolveModel, {
      slothPeriod: this.options.slothPeriod ?? DEFAULT_SLOTH_PERIOD,
    });
    this.staleCache.set(uri, { analysis, committed, cross, diagnostics });
    return diagnostics;
  }

  /** Marks the files whose cross-file results read a key or a kind's names. */
  private changed(dep: string): void {
    for (const uri of this.readers.get(dep) ?? []) this.stale.add(uri);
  }

  /** Records what a file's cross-file results read, in place of what they read before. */
  private read(uri: string, deps: readonly string[]): void {
    for (const dep of this.crossCache.get(uri)?.deps ?? []) {
      const set = this.readers.get(dep);
      set?.delete(uri);
      if (set?.size === 0) this.readers.delete(dep);
    }
    for (const dep of deps) {
      const set = this.readers.get(dep);
      if (set) set.add(uri);
      else this.readers.set(dep, new Set([uri]));
    }
  }

  private crossFile(uri: string, analysis: FileAnalysis): Diagnostic[] {
    const cached = this.crossCache.get(uri);
    if (cached && cached.analysis === analysis && !this.stale.has(uri)) return cached.diagnostics;
    const defs = this.byKey;
    const out: Diagnostic[] = [];
    // What the result reads: the places of the keys it defines or refers to, and, for a reference that does
    // not resolve, the names of its kind (the guess, the list of known names, whether the kind exists).
    const deps = new Set<string>();
    for (const def of analysis.definitions) {
      const key = definitionKey(def.namespace, def.kind, def.name);
      deps.add(key);
      const same = defs.get(key) ?? [];
      if (same.length < 2 || !def.duplicate) continue;
      // A name defined hundreds of times would make every message list every other place: the message
      // names the first few (this file's first), the related locations a bounded number more.
      // By place, not identity: after a change that kept the definitions equal, the index still holds
      // the previous analysis's (equal) definition objects.
      const here: Array<Located<Definition>> = [];
      const elsewhere: Array<Located<Definition>> = [];
      for (const o of same) {
        if (o.uri !== uri) {
          if (elsewhere.length < DUPLICATES_RELATED) elsewhere.push(o);
        } else if (!sameRange(o.item.range, def.range) && here.length < DUPLICATES_RELATED) here.push(o);
      }
      const sorted = [...here, ...elsewhere].slice(0, DUPLICATES_RELATED);
      const { what } = def.duplicate;
      const where = sorted
        .slice(0, DUPLICATES_IN_MESSAGE)
        .map((o) =>
          o.uri === uri
            ? `line ${o.item.range.start.line + 1}`
            : `${basename(o.uri)}:${o.item.range.start.line + 1}`,
        );
      const more = same.length - 1 - where.length;
      const places = `${where.join(', ')}${more ? ` and ${more} more place${more === 1 ? '' : 's'}` : ''}`;
      // An OpenSLO name is ambiguous only once something references it; other formats' names clash anyway.
      if (def.referable) deps.add(`refs ${key}`);
      const ambiguous = !def.referable || this.referencedBy.has(key);
      const code = ambiguous ? def.duplicate.code : 'SLO705';
      out.push(
        plainDiagnostic({
          code,
          severity: codeInfo(code).severity,
          message: !ambiguous
            ? `Duplicate ${what}: also defined at ${places}; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.`
            : def.referable
              ? `Duplicate ${what}: also defined at ${places}, so references to it are ambiguous. Rename one of them.`
              : `Duplicate ${what}: also defined at ${places}. Rename one of them.`,
          range: def.range,
          related: sorted.map((o) => ({
            uri: o.uri,
            range: o.item.range,
            message: `Other definition of ${def.name}`,
          })),
        }),
      );
    }
    // A name that does not resolve is reported once per file, at its first place, with the count of the others.
    const missing = new Map<string, [Reference, ...Reference[]]>();
    for (const ref of analysis.references) {
      const key = definitionKey(ref.namespace, ref.kind, ref.name);
      deps.add(key);
      if (defs.has(key)) continue;
      deps.add(`kind ${ref.namespace}:${ref.kind}`);
      if (ref.onlyWhenKindExists && !this.suggestions.kindExists(ref.kind)) continue;
      const places = missing.get(key);
      if (places) places.push(ref);
      else missing.set(key, [ref]);
    }
    for (const places of missing.values()) {
      const [ref] = places;
      const beside = analysis.definitions.some((d) => d.namespace === ref.namespace && d.kind === ref.kind);
      out.push(unresolved(uri, places, this.suggestions, beside));
    }
    const list = [...deps];
    this.read(uri, list);
    this.crossCache.set(uri, { analysis, deps: list, diagnostics: out });
    this.stale.delete(uri);
    return out;
  }
}

/**
 * Names per OpenSLO kind, and the "did you mean" of each missing name. Kept from one pass to the next:
 * when names come and go, only the guesses they can change are made again.
 */
class Suggestions {
  private readonly namesByKind = new Map<string, string[]>();
  /** The same names normalised for matching, index for index. */
  private readonly normalisedByKind = new Map<string, string[]>();
  private readonly guesses = new Map<string, { kind: string; name: string; match: Match }>();

  /** Names of kinds that appeared or went; keeps each guess a fresh computation would repeat. */
  apply(changes: ReadonlyMap<string, { removed: Set<string>; added: string[] }>): void {
    for (const [kind, { removed, added }] of changes) {
      // Sorted: the known names a message lists and the first of equally close guesses do not depend on
      // the order in which files were read or edited.
      const list = this.namesByKind.get(kind) ?? [];
      const normalised = this.normalisedByKind.get(kind) ?? [];
      for (const name of removed) {
        const at = sortedIndex(list, name);
        if (list[at] !== name) continue;
        list.splice(at, 1);
        normalised.splice(at, 1);
      }
      for (const name of added) {
        // Files mostly come in name order: a name after the last one is appended without a search or a shift.
        if (!list.length || list[list.length - 1]! < name) {
          list.push(name);
          normalised.push(normalise(name));
          continue;
        }
        const at = sortedIndex(list, name);
        if (list[at] === name) continue;
        list.splice(at, 0, name);
        normalised.splice(at, 0, normalise(name));
      }
      if (list.length) {
        this.namesByKind.set(kind, list);
        this.normalisedByKind.set(kind, normalised);
      } else {
        this.namesByKind.delete(kind);
        this.normalisedByKind.delete(kind);
      }
    }
    for (const [key, { kind, name, match }] of this.guesses) {
      const change = changes.get(kind);
      if (!change) continue;
      // The first of equally close names depends on their order; a removed guess needs another.
      if (match.tied || (match.best !== undefined && change.removed.has(match.best))) {
        this.guesses.delete(key);
        continue;
      }
      // A new name changes the guess only if it is at least as close (within the distance allowed).
      const w = normalise(name);
      const limit = Math.min(allowedDistance(name), match.score);
      if (
        change.added.some((a) => {
          if (a === name) return false;
          const na = normalise(a);
          return (
            Math.abs(na.length - w.length) <= limit && (na === w ? 0 : editDistance(w, na, limit)) <= limit
          );
        })
      )
        this.guesses.delete(key);
    }
  }

  kindExists(kind: string): boolean {
    return this.namesByKind.has(kind);
  }

  names(kind: string): string[] {
    return this.namesByKind.get(kind) ?? [];
  }

  guess(kind: string, name: string): string | undefined {
    const key = `${kind}:${name}`;
    let entry = this.guesses.get(key);
    if (!entry) {
      // Bounded: names typed one key at a time add up.
      if (this.guesses.size >= 10_000) this.guesses.clear();
      entry = { kind, name, match: closestMatch(name, this.names(kind), this.normalisedByKind.get(kind)) };
      this.guesses.set(key, entry);
    }
    return entry.match.best;
  }
}

/**
 * The diagnostic of a name that resolves nowhere, at its first place in the file (`places`, in order). A typo is
 * likely (SLO701, an error) when a defined name of its kind is close or the file itself defines that kind;
 * otherwise the object may live in files not checked (SLO704, a warning).
 */
function unresolved(
  uri: string,
  places: readonly [Reference, ...Reference[]],
  suggestions: Suggestions,
  kindBeside: boolean,
): Diagnostic {
  const [ref, ...others] = places;
  const names = suggestions.names(ref.kind);
  const guess = suggestions.guess(ref.kind, ref.name);
  const also = others.length
    ? ` (also referenced at ${others.length} more place${others.length === 1 ? '' : 's'} in this file)`
    : '';
  const code = guess !== undefined || kindBeside ? 'SLO701' : 'SLO704';
  let message: string;
  if (code === 'SLO704')
    message = `No ${ref.kind} named \`${ref.name}\` in the files checked${also}: if it is defined elsewhere, add its folder to the workspace or pass it to \`team-sre lint\` too.`;
  else {
    message = `No ${ref.kind} named \`${ref.name}\` in the workspace${also}`;
    if (guess) message += `: did you mean \`${guess}\`?`;
    else if (names.length && names.length <= 8)
      message += `. Known ${ref.kind} names: ${names.map((n) => `\`${n}\``).join(', ')}.`;
    else
      message += `: add a \`kind: ${ref.kind}\` object with \`metadata.name: ${ref.name}\`, or fix the name.`;
  }
  const diagnostic: Diagnostic = {
    code,
    severity: codeInfo(code).severity,
    message,
    range: ref.range,
    path: ref.path,
  };
  // Bounded as duplicates are: the message gives the count, the fix renames every place.
  if (others.length)
    diagnostic.related = others.slice(0, DUPLICATES_RELATED).map((o) => ({
      uri,
      range: o.range,
      message: `Also references ${ref.kind} ${ref.name}`,
    }));
  // One fix renames every place of the file, so the places reported once are fixed at once.
  if (guess)
    diagnostic.fixes = [
      {
        title: others.length ? `Change all ${places.length} to ${guess}` : `Change to ${guess}`,
        edits: places.map((p) => ({ range: p.range, newText: guess })),
        preferred: true,
      },
    ];
  return plainDiagnostic(diagnostic);
}

/** Where `name` is, or would go, in a sorted list (binary search, code-unit order like `sort()`). */
function sortedIndex(list: readonly string[], name: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Definitions in place order: by file, then position. */
function byPlace(a: Located<Definition>, b: Located<Definition>): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return (
    a.item.range.start.line - b.item.range.start.line ||
    a.item.range.start.character - b.item.range.start.character
  );
}

/** Whether two lists of definitions are in the same places. */
function samePlaces(a: ReadonlyArray<Located<Definition>>, b: ReadonlyArray<Located<Definition>>): boolean {
  return (
    a.length === b.length &&
    a.every((o, i) => o.uri === b[i]!.uri && sameRange(o.item.range, b[i]!.item.range))
  );
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export function definitionKey(namespace: string, kind: string, name: string): string {
  return `${namespace}:${kind}:${name}`;
}

function basename(uri: string): string {
  const parts = uri.split(/[\\/]/);
  return parts[parts.length - 1] ?? uri;
}
