import { FileAnalyzer, type AnalyzeOptions, type FileAnalysis } from './analyze.js';
import { codeInfo } from './codes.js';
import type { Definition, Reference } from './facts.js';
import { allowedDistance, closestMatch, editDistance, normalise, type Match } from './suggest.js';
import type { Diagnostic, Range } from './types.js';

interface Located<T> {
  uri: string;
  item: T;
}

const DUPLICATE_WHAT: Record<Definition['family'], string> = {
  openslo: 'OpenSLO',
  sloth: 'Sloth',
  pyrra: 'Pyrra',
};

/**
 * Every SLO file of a workspace, analysed once each, with the checks that span files: references
 * that must resolve, names that must be unique.
 */
/** How many other places a duplicate's message names, and how many it links as related locations. */
const DUPLICATES_IN_MESSAGE = 3;
const DUPLICATES_RELATED = 20;

export class WorkspaceIndex {
  private readonly files = new Map<string, FileAnalysis>();
  private readonly analyzers = new Map<string, FileAnalyzer>();
  /** Definitions by key, rebuilt only after a change of some file's definitions. */
  private byKey: Map<string, Array<Located<Definition>>> | undefined;
  /** Increases whenever the set of definitions (names or places) changes. */
  private definitionsVersion = 0;
  /** Increases whenever the set of names changes (not when definitions only move). */
  private namesVersion = 0;
  /** The names per kind and the "did you mean" guesses, which read names only, as of `suggestionsVersion`. */
  private readonly suggestionsState = new Suggestions();
  private suggestionsVersion = -1;
  /**
   * Cross-file diagnostics of a file, valid while its analysis and the names are unchanged, and, when it
   * has a duplicate (whose message says where the others are), while no definition moved.
   */
  private readonly crossCache = new Map<
    string,
    { analysis: FileAnalysis; names: number; places: number | undefined; diagnostics: Diagnostic[] }
  >();

  /** A file's own and cross-file diagnostics together, the same array while neither part changed. */
  private readonly combinedCache = new Map<
    string,
    { analysis: FileAnalysis; cross: Diagnostic[]; all: Diagnostic[] }
  >();

  constructor(private options: AnalyzeOptions = {}) {}

  /** New analysis options apply to the next `set` of each file. */
  configure(options: AnalyzeOptions): void {
    this.options = options;
    this.analyzers.clear();
  }

  /** Analyses (or re-analyses, reusing the documents that did not change) a file's text. */
  set(uri: string, text: string): FileAnalysis {
    let analyzer = this.analyzers.get(uri);
    if (!analyzer) {
      analyzer = new FileAnalyzer(uri, this.options);
      this.analyzers.set(uri, analyzer);
    }
    const analysis = analyzer.analyze(text);
    const previous = this.files.get(uri);
    this.files.set(uri, analysis);
    if (!previous || JSON.stringify(previous.definitions) !== JSON.stringify(analysis.definitions))
      this.definitionsChanged(!previous || namesOf(previous) !== namesOf(analysis));
    return analysis;
  }

  delete(uri: string): void {
    if (this.files.get(uri)?.definitions.length) this.definitionsChanged(true);
    this.files.delete(uri);
    this.analyzers.delete(uri);
    this.crossCache.delete(uri);
    this.combinedCache.delete(uri);
  }

  private definitionsChanged(namesChanged: boolean): void {
    this.byKey = undefined;
    this.definitionsVersion++;
    if (namesChanged) this.namesVersion++;
  }

  private suggestions(): Suggestions {
    if (this.suggestionsVersion !== this.namesVersion) {
      this.suggestionsState.update(this.definitions());
      this.suggestionsVersion = this.namesVersion;
    }
    return this.suggestionsState;
  }

  /** Names defined in the workspace for a kind of one family, sorted. */
  names(family: Definition['family'], kind: string): string[] {
    const prefix = `${family}:${kind}:`;
    return [...this.definitions().keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .sort();
  }

  get(uri: string): FileAnalysis | undefined {
    return this.files.get(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Definitions of every file, by `family:kind:name`. */
  definitions(): Map<string, Array<Located<Definition>>> {
    if (this.byKey) return this.byKey;
    const byKey = new Map<string, Array<Located<Definition>>>();
    for (const [uri, analysis] of this.files) {
      for (const def of analysis.definitions) {
        const key = definitionKey(def.family, def.kind, def.name);
        const list = byKey.get(key) ?? [];
        list.push({ uri, item: def });
        byKey.set(key, list);
      }
    }
    this.byKey = byKey;
    return byKey;
  }

  /** The root node of the object defined with this family, kind and name, when exactly one file defines it. */
  objectRoot(family: Definition['family'], kind: string, name: string) {
    const defs = this.definitions().get(definitionKey(family, kind, name)) ?? [];
    const found = defs[0];
    if (!found) return undefined;
    return this.files.get(found.uri)?.objects.find((o) => o.kind === kind && o.name === name)?.root;
  }

  /** The file's own diagnostics and the cross-file ones that concern it. */
  diagnostics(uri: string): Diagnostic[] {
    const analysis = this.files.get(uri);
    if (!analysis) return [];
    return this.combined(uri, analysis, this.suggestions());
  }

  /**
   * Diagnostics of every file; cross-file checks are recomputed only where something they read changed, and
   * a file whose diagnostics did not change keeps the same array, so callers can skip it by identity.
   */
  allDiagnostics(): Map<string, Diagnostic[]> {
    const suggestions = this.suggestions();
    const out = new Map<string, Diagnostic[]>();
    for (const [uri, analysis] of this.files) out.set(uri, this.combined(uri, analysis, suggestions));
    return out;
  }

  private combined(uri: string, analysis: FileAnalysis, suggestions: Suggestions): Diagnostic[] {
    const cross = this.crossFile(uri, analysis, suggestions);
    const cached = this.combinedCache.get(uri);
    if (cached && cached.analysis === analysis && cached.cross === cross) return cached.all;
    const all = cross.length ? [...analysis.diagnostics, ...cross] : analysis.diagnostics;
    this.combinedCache.set(uri, { analysis, cross, all });
    return all;
  }

  private crossFile(uri: string, analysis: FileAnalysis, suggestions: Suggestions): Diagnostic[] {
    const cached = this.crossCache.get(uri);
    if (
      cached &&
      cached.analysis === analysis &&
      cached.names === this.namesVersion &&
      (cached.places === undefined || cached.places === this.definitionsVersion)
    )
      return cached.diagnostics;
    const defs = this.definitions();
    const out: Diagnostic[] = [];
    let duplicated = false;
    for (const def of analysis.definitions) {
      const same = defs.get(definitionKey(def.family, def.kind, def.name)) ?? [];
      if (same.length < 2) continue;
      duplicated = true;
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
      const code = def.family === 'sloth' ? 'SLO703' : 'SLO702';
      const what =
        def.family === 'sloth'
          ? `Sloth SLO id \`${def.name}\``
          : `${DUPLICATE_WHAT[def.family]} ${def.kind} name \`${def.name}\``;
      const where = sorted
        .slice(0, DUPLICATES_IN_MESSAGE)
        .map((o) =>
          o.uri === uri
            ? `line ${o.item.range.start.line + 1}`
            : `${basename(o.uri)}:${o.item.range.start.line + 1}`,
        );
      const more = same.length - 1 - where.length;
      out.push({
        code,
        severity: codeInfo(code).severity,
        message: `Duplicate ${what}: also defined at ${where.join(', ')}${more ? ` and ${more} more place${more === 1 ? '' : 's'}` : ''}. Rename one of them.`,
        range: def.range,
        related: sorted.slice(0, DUPLICATES_RELATED).map((o) => ({
          uri: o.uri,
          range: o.item.range,
          message: `Other definition of ${def.name}`,
        })),
      });
    }
    for (const ref of analysis.references) {
      if (defs.has(definitionKey('openslo', ref.kind, ref.name))) continue;
      if (ref.onlyWhenKindExists && !suggestions.kindExists(ref.kind)) continue;
      out.push(unresolved(ref, suggestions));
    }
    this.crossCache.set(uri, {
      analysis,
      names: this.namesVersion,
      places: duplicated ? this.definitionsVersion : undefined,
      diagnostics: out,
    });
    return out;
  }
}

/**
 * Names per OpenSLO kind, and the "did you mean" of each missing name. Kept from one pass to the next:
 * when names come and go, only the guesses they can change are made again.
 */
class Suggestions {
  private namesByKind = new Map<string, string[]>();
  private readonly guesses = new Map<string, { kind: string; name: string; match: Match }>();

  /** Takes the workspace's current names; keeps each guess a fresh computation would repeat. */
  update(defs: Map<string, Array<Located<Definition>>>): void {
    const next = new Map<string, string[]>();
    for (const located of defs.values()) {
      const { family, kind, name } = located[0]!.item;
      if (family !== 'openslo') continue;
      const list = next.get(kind);
      if (list) list.push(name);
      else next.set(kind, [name]);
    }
    const changes = new Map<string, { removed: Set<string>; added: string[] }>();
    for (const kind of new Set([...this.namesByKind.keys(), ...next.keys()])) {
      const before = this.namesByKind.get(kind) ?? [];
      const after = next.get(kind) ?? [];
      if (before.length === after.length && before.every((n, i) => n === after[i])) continue;
      const had = new Set(before);
      const has = new Set(after);
      changes.set(kind, {
        removed: new Set(before.filter((n) => !has.has(n))),
        added: after.filter((n) => !had.has(n)),
      });
    }
    this.namesByKind = next;
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
      entry = { kind, name, match: closestMatch(name, this.names(kind)) };
      this.guesses.set(key, entry);
    }
    return entry.match.best;
  }
}

function unresolved(ref: Reference, suggestions: Suggestions): Diagnostic {
  const names = suggestions.names(ref.kind);
  const guess = suggestions.guess(ref.kind, ref.name);
  let message = `No ${ref.kind} named \`${ref.name}\` in the workspace`;
  if (guess) message += `: did you mean \`${guess}\`?`;
  else if (names.length && names.length <= 8)
    message += `. Known ${ref.kind} names: ${names.map((n) => `\`${n}\``).join(', ')}.`;
  else
    message += `: add a \`kind: ${ref.kind}\` object with \`metadata.name: ${ref.name}\`, or fix the name.`;
  const diagnostic: Diagnostic = {
    code: 'SLO701',
    severity: codeInfo('SLO701').severity,
    message,
    range: ref.range,
    path: ref.path,
  };
  if (guess)
    diagnostic.fixes = [
      { title: `Change to ${guess}`, edits: [{ range: ref.range, newText: guess }], preferred: true },
    ];
  return diagnostic;
}

/** The names a file defines, in one string: what the "did you mean" guesses depend on. */
function namesOf(analysis: FileAnalysis): string {
  return analysis.definitions.map((d) => definitionKey(d.family, d.kind, d.name)).join('\n');
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export function definitionKey(family: string, kind: string, name: string): string {
  return `${family}:${kind}:${name}`;
}

function basename(uri: string): string {
  const parts = uri.split(/[\\/]/);
  return parts[parts.length - 1] ?? uri;
}
