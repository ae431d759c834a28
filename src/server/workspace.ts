import { plural } from '../budget/format.js';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { readSettings } from '../config/settings.js';
import { describeBytes } from '../fs/bounded.js';
import { DEFAULT_SELECTION } from '../language/service.js';
import { IndexedNotification } from '../protocol/requests.js';
import { isMarkdown, type ServerContext } from './context.js';
import { SLICE_MS, type EditSync } from './sync.js';

/** The workspace folders on disk: the index built from their files, kept in step with the files' changes. */
export class WorkspaceFiles {
  /** What the client can do, from `initialize`. */
  canConfigure = false;
  canReportProgress = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly sync: EditSync,
  ) {}

  /** Pulls the `teamSre` settings from the client. */
  async loadSettings(): Promise<void> {
    if (!this.canConfigure) return;
    try {
      const raw: unknown = await this.ctx.connection.workspace.getConfiguration('teamSre');
      this.ctx.settings = readSettings(raw);
    } catch (err) {
      this.ctx.failure('Reading the settings', err);
    }
  }

  /**
   * Reads every selected file of the folders into the index, in slices of a few milliseconds each followed by
   * a turn of the event loop, so an edit made meanwhile is analyzed and published between two slices. Open
   * documents are the editor's (already analyzed from its text), not read from disk.
   */
  async buildIndex(): Promise<void> {
    const { ctx, sync } = this;
    const started = performance.now();
    sync.indexing++;
    try {
      const files = (
        await Promise.all(ctx.folders.map((f) => ctx.fileSystem.listFiles(f, ctx.settings.files)))
      ).flat();
      if (ctx.fileSystem.prefetch) await ctx.fileSystem.prefetch(files, ctx.settings.maxFileSize);
      const progress = this.canReportProgress
        ? await ctx.connection.window.createWorkDoneProgress()
        : undefined;
      progress?.begin('Team SRE: indexing SLO files', 0, plural(files.length, 'file'), false);
      let slice = performance.now();
      for (let i = 0; i < files.length; i++) {
        this.indexFromDisk(ctx.fileSystem.paths.pathToUri(files[i]!));
        if (i % 50 === 49)
          progress?.report(
            Math.round((100 * (i + 1)) / files.length),
            `${i + 1} of ${plural(files.length, 'file')}`,
          );
        if (performance.now() - slice >= SLICE_MS) {
          await sync.giveWay();
          slice = performance.now();
        }
      }
      // Only SLO files stay, and only those still selected (the settings may have changed what is).
      const onDisk = new Set(files.map((f) => ctx.fileSystem.paths.pathToUri(f)));
      for (const uri of ctx.service.uris())
        if (!ctx.documents.get(uri) && (!onDisk.has(uri) || !ctx.service.get(uri)?.isSloFile))
          sync.forget(uri);
      for (const uri of ctx.postmortems.uris()) if (!ctx.documents.get(uri)) sync.forget(uri);
      const notes = (
        await Promise.all(
          ctx.folders.map((f) =>
            ctx.fileSystem.listFiles(f, {
              include: [`**/${ctx.settings.postmortems.folder}/*.md`],
              exclude: DEFAULT_SELECTION.exclude,
            }),
          ),
        )
      ).flat();
      if (ctx.fileSystem.prefetch) await ctx.fileSystem.prefetch(notes, ctx.settings.maxFileSize);
      for (const file of notes) this.postmortemFromDisk(ctx.fileSystem.paths.pathToUri(file));
      ctx.generatedRules.trackAll();
      progress?.done();
      sync.postmortemsTold();
      void ctx.connection.sendNotification(IndexedNotification, {
        sloFiles: ctx.service.uris().length,
        postmortems: ctx.postmortems.uris().length,
      });
      ctx.log(
        `Indexed ${plural(ctx.service.uris().length, 'SLO file')} of ${files.length} and ${plural(ctx.postmortems.uris().length, 'postmortem')} in ${Math.round(performance.now() - started)} ms.`,
      );
    } finally {
      sync.indexing--;
    }
    await sync.publishInSlices();
  }

  /** Paths already said in the log to be skipped, with why: each is said once until the reason changes. */
  private readonly skipped = new Map<string, string>();

  /**
   * Reads a file of the workspace within the size limit. Something that is not a regular file (a FIFO, a
   * link to a device) is never read: it is said once in the log and skipped.
   */
  private read(path: string): { text: string } | { size: number; head: string } | undefined {
    const read = this.ctx.fileSystem.read(path, this.ctx.settings.maxFileSize);
    const why = read.kind === 'not-a-file' ? `it is ${read.what}, not a regular file` : undefined;
    if (read.kind === 'text') this.skipped.delete(path);
    else if (why !== undefined && this.skipped.get(path) !== why) {
      this.skipped.set(path, why);
      this.ctx.log(`Skipped ${path}: ${why}.`);
    }
    return read.kind === 'text' ? { text: read.text } : read.kind === 'too-large' ? read : undefined;
  }

  /** Where a file really is when a symbolic link takes it out of every workspace folder. */
  private outsideFolders(path: string): string | undefined {
    const fs = this.ctx.fileSystem;
    const real = fs.realPath(path);
    if (real === undefined) return undefined;
    const { relative, sep, isAbsolute } = fs.paths;
    const inside = this.ctx.folders.some((folder) => {
      const rel = relative(fs.realPath(folder) ?? folder, real);
      return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
    });
    return inside ? undefined : real;
  }

  /** Reads a postmortem from disk (or forgets it when it is gone), unless an editor holds it. */
  postmortemFromDisk(uri: string): void {
    const rel = this.ctx.postmortemRel(uri);
    const path = this.ctx.uriToPath(uri);
    if (this.ctx.openUri(uri) || !rel || !path) return;
    const outside = this.outsideFolders(path);
    if (outside !== undefined) {
      if (this.skipped.get(path) !== outside) {
        this.skipped.set(path, outside);
        this.ctx.log(
          `Skipped ${path}: it leads outside the workspace folder, to ${outside}, through a symbolic link.`,
        );
      }
      return this.sync.forget(uri);
    }
    const read = this.read(path);
    if (read && !('text' in read) && this.skipped.get(path) !== 'too large') {
      // A postmortem is prose: one above the limit is left out, and said once.
      this.skipped.set(path, 'too large');
      this.ctx.log(
        `Skipped ${path}: ${describeBytes(read.size)}, above the teamSre.maxFileSizeMB limit (${describeBytes(this.ctx.settings.maxFileSize)}).`,
      );
    }
    if (!read || !('text' in read)) this.sync.forget(uri);
    else this.ctx.postmortems.set(uri, rel, read.text);
  }

  /** Reads a file of the workspace into the index, unless an editor holds a newer text. */
  indexFromDisk(uri: string): void {
    if (this.ctx.openUri(uri)) return;
    if (isMarkdown(uri)) return this.postmortemFromDisk(uri);
    const path = this.ctx.uriToPath(uri);
    if (!path) return;
    const read = this.read(path);
    try {
      if (read === undefined) this.ctx.service.deleteFile(uri);
      else if ('text' in read) this.ctx.service.setFile(uri, read.text);
      else this.ctx.service.setTooLargeFile(uri, read.head, read.size);
    } catch {
      this.ctx.service.deleteFile(uri);
    }
    this.ctx.generatedRules.track(uri);
  }

  /** Files created, changed or deleted on disk (not those an editor holds). */
  filesChanged(changes: FileEvent[]): void {
    const { ctx, sync } = this;
    for (const change of changes) {
      if (ctx.openUri(change.uri)) continue;
      // A committed generated-rules file created, changed or deleted: its SLO files compare again.
      ctx.generatedRules.changed(change.uri);
      if (change.type === FileChangeType.Deleted) {
        sync.forget(change.uri);
      } else if (isMarkdown(change.uri)) {
        this.postmortemFromDisk(change.uri);
      } else if (ctx.selected(change.uri)) {
        this.indexFromDisk(change.uri);
        // As when indexing at start: only SLO files stay (any YAML of the repository is watched).
        if (!ctx.service.get(change.uri)?.isSloFile) sync.forget(change.uri);
      }
    }
    sync.publish();
  }

  /** An editor opened a document: its text replaces the file's, under whichever spelling of its URI. */
  opened(uri: string): void {
    const path = this.ctx.uriToPath(uri);
    if (path !== undefined) {
      for (const known of this.ctx.service.uris())
        if (known !== uri && !this.ctx.documents.get(known) && this.ctx.uriToPath(known) === path)
          this.sync.forget(known);
    }
    this.sync.schedule(uri);
  }

  /** An editor closed a document: back to the file on disk when it belongs to the workspace, out of the index otherwise. */
  closed(uri: string): void {
    const { ctx, sync } = this;
    sync.cancel(uri);
    // A committed generated-rules file closed unsaved: its SLO files compare against the disk again.
    ctx.generatedRules.changed(uri);
    if (ctx.postmortemRel(uri)) {
      this.postmortemFromDisk(uri);
      sync.publish();
      return;
    }
    if (ctx.selected(uri)) this.indexFromDisk(uri);
    else ctx.service.deleteFile(uri);
    if (!ctx.service.get(uri)?.isSloFile) {
      ctx.service.deleteFile(uri);
      sync.unpublished(uri);
      void ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    sync.publish();
  }
}
