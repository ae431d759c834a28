/** The postmortems of the workspace as the server sees them: which files they are, their checks, their SLOs. */
import type { Diagnostic, Fix, Position, Range, TextEdit } from '../language/types.js';
import { checkPostmortem } from '../postmortem/check.js';
import { summarise, type PostmortemSummary } from '../postmortem/index.js';
import { renameSloEdits, sloNameRanges } from '../postmortem/references.js';
import { sloResolver } from '../postmortem/workspace.js';

const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export class Postmortems {
  private readonly files = new Map<string, { text: string; summary: PostmortemSummary; rel: string }>();
  /** Grows when a postmortem comes, goes, or its summary changes: what the Postmortems view shows. */
  revision = 0;

  set(uri: string, rel: string, text: string): void {
    const summary = summarise(rel, text);
    const before = this.files.get(uri)?.summary;
    if (!before || JSON.stringify(before) !== JSON.stringify(summary)) this.revision++;
    this.files.set(uri, { text, rel, summary });
  }

  delete(uri: string): boolean {
    if (!this.files.delete(uri)) return false;
    this.revision++;
    return true;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Every postmortem's path relative to its workspace folder and its text, by path. */
  texts(): Array<{ file: string; text: string }> {
    return [...this.files.values()]
      .map((f) => ({ file: f.rel, text: f.text }))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
  }

  /** Every postmortem with its summary, by URI. */
  list(): Array<{ uri: string; summary: PostmortemSummary }> {
    return [...this.files]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([uri, f]) => ({ uri, summary: f.summary }));
  }

  /** The checks of one postmortem, its SLO references resolved against `files` (see `sloNames`). */
  diagnostics(uri: string, files: Map<string, string[]>, today: Date): Diagnostic[] {
    const file = this.files.get(uri);
    return file ? checkPostmortem(file.text, sloResolver(files, file.rel), localDate(today)) : [];
  }

  /** Where the postmortems name the SLO `name` defined in the files at `rels`, by URI. */
  sloNames(rels: string[], name: string): Array<{ uri: string; range: Range }> {
    return [...this.files].flatMap(([uri, f]) =>
      sloNameRanges(f.text, f.rel, rels, name).map((range) => ({ uri, range })),
    );
  }

  /** The edits that rename the SLO `name` defined in the files at `rels` in the postmortems, by URI. */
  renameSlo(rels: string[], name: string, newName: string): Map<string, TextEdit[]> {
    const out = new Map<string, TextEdit[]>();
    for (const [uri, f] of this.files) {
      const edits = renameSloEdits(f.text, f.rel, rels, name, newName);
      if (edits.length) out.set(uri, edits);
    }
    return out;
  }

  /** The fixes of a postmortem's diagnostics (as `diagnostics` gives them) that overlap `range`. */
  codeActions(diagnostics: Diagnostic[], range: Range): Array<{ diagnostic: Diagnostic; fix: Fix }> {
    const before = (a: Position, b: Position) =>
      a.line < b.line || (a.line === b.line && a.character < b.character);
    return diagnostics
      .filter((d) => !before(d.range.end, range.start) && !before(range.end, d.range.start))
      .flatMap((diagnostic) => (diagnostic.fixes ?? []).map((fix) => ({ diagnostic, fix })));
  }

  /** The postmortems that name the SLO `name` of the file at `rel`. */
  citing(rel: string, name: string): PostmortemSummary[] {
    const names = new Map([[rel, [name]]]);
    return [...this.files.values()]
      .filter((f) => {
        const resolve = sloResolver(names, f.rel);
        return f.summary.slos.some((s) => s.name === name && resolve(s.file, name) === 'ok');
      })
      .map((f) => f.summary)
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  }

  /** The URI of a postmortem by its path relative to the workspace folder. */
  uriOf(rel: string): string | undefined {
    for (const [uri, f] of this.files) if (f.rel === rel) return uri;
    return undefined;
  }
}
