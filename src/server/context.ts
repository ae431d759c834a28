/** What every part of the server shares: the connection, the open documents, the language service, the settings. */
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, type LanguageSettings } from '../config/settings.js';
import { createLanguageService, selectionMatcher, type LanguageServiceOptions } from '../language/service.js';
import { isPostmortemPath } from '../postmortem/workspace.js';
import type { Clock, ServerFileSystem } from './platform.js';
import { GeneratedRulesFiles } from './generated-rules.js';
import { Postmortems } from './postmortems.js';
import { escapeControls } from '../text/escape.js';

/** What the language service is told of the settings: the Sloth period, the size limit, the rules. */
export const serviceOptions = (settings: LanguageSettings): LanguageServiceOptions => ({
  maxFileSize: settings.maxFileSize,
  raiseLimit: 'raise the `teamSre.maxFileSizeMB` setting',
  slothPeriod: settings.sloth.defaultPeriod,
  rules: settings.rules,
  strictReferences: settings.strictReferences,
});

export const isMarkdown = (uri: string) => /\.(md|markdown)$/i.test(uri);

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly service = createLanguageService(serviceOptions(DEFAULT_SETTINGS));
  readonly postmortems = new Postmortems();
  /** The committed generated-rules files of the SLO files. */
  readonly generatedRules: GeneratedRulesFiles = new GeneratedRulesFiles(this);
  private current: LanguageSettings = DEFAULT_SETTINGS;
  /** The paths of the workspace folders. */
  folders: string[] = [];
  /** Whether the client re-asks for CodeLenses when told to (their postmortem counts follow new postmortems). */
  canRefreshCodeLenses = false;

  constructor(
    readonly connection: Connection,
    readonly fileSystem: ServerFileSystem,
    readonly clock: Clock,
  ) {}

  get settings(): LanguageSettings {
    return this.current;
  }

  /** New settings: files are analyzed under them from their next reading (a Sloth period makes the models). */
  set settings(settings: LanguageSettings) {
    this.current = settings;
    this.service.configure(serviceOptions(settings));
  }

  /** The current instant, as the clock says. */
  today(): Date {
    return new Date(this.clock.now());
  }

  /** A line of the output channel: what it quotes of a file or a server has its control characters escaped. */
  log(message: string): void {
    this.connection.console.log(escapeControls(message));
  }

  /** A failure on one line (its message escaped, as `log` does), then the stack frames that locate it. */
  failure(what: string, err: unknown): void {
    const headline =
      err instanceof Error ? (err.message ? `${err.name}: ${err.message}` : err.name) : String(err);
    const stack = err instanceof Error ? (err.stack ?? '') : '';
    const frames = stack.startsWith(headline) ? stack.slice(headline.length) : '';
    this.connection.console.error(`${escapeControls(`${what} failed: ${headline}`)}${frames}`);
  }

  /** The path of a document's URI on this host's file system, if it has one. */
  uriToPath(uri: string): string | undefined {
    return this.fileSystem.paths.uriToPath(uri);
  }

  /** The workspace folder holding a path, if one does. */
  folderOf(path: string): string | undefined {
    return this.folders.find((folder) => this.relativeIn(folder, path) !== undefined);
  }

  private relativeIn(folder: string, path: string): string | undefined {
    // Not a string prefix: a folder URI may end with `/`, and Windows paths use `\`.
    const { relative, sep, isAbsolute } = this.fileSystem.paths;
    const rel = relative(folder, path);
    return rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) ? rel : undefined;
  }

  /** The path relative to the workspace folder holding it, with `/` (as the file globs expect). */
  relativeToFolder(path: string): string | undefined {
    for (const folder of this.folders) {
      const rel = this.relativeIn(folder, path);
      if (rel !== undefined) return rel.split(this.fileSystem.paths.sep).join('/');
    }
    return undefined;
  }

  /** The path of a file relative to its workspace folder, when it is in one. */
  relativeUri(uri: string): string | undefined {
    const path = this.uriToPath(uri);
    return path && this.relativeToFolder(path);
  }

  /** The path of a postmortem relative to its workspace folder, when the file is one. */
  postmortemRel(uri: string): string | undefined {
    const rel = this.relativeUri(uri);
    return rel !== undefined && isPostmortemPath(rel, this.settings.postmortems.folder) ? rel : undefined;
  }

  /** Whether a file on disk belongs to the index (open editors always do). */
  selected(uri: string): boolean {
    const rel = this.relativeUri(uri);
    return rel !== undefined && selectionMatcher(this.settings.files)(rel);
  }

  /**
   * The URI under which an editor holds a file open, if it does. Editors may spell a path differently from
   * Node's `pathToFileURL` (VS Code writes `(` as `%28`), so files are compared by path.
   */
  openUri(uri: string): string | undefined {
    if (this.documents.get(uri)) return uri;
    const path = this.uriToPath(uri);
    return path === undefined
      ? undefined
      : this.documents.all().find((d) => this.uriToPath(d.uri) === path)?.uri;
  }
}
