import { applyRuleSettings } from '../config/settings.js';
import type { Diagnostic } from '../language/types.js';
import { sloNames } from '../postmortem/workspace.js';
import { CodeLensRefreshRequest } from 'vscode-languageserver';
import { PostmortemsChangedNotification } from '../protocol/requests.js';
import { isMarkdown, type ServerContext } from './context.js';
import { toLspDiagnostic } from './convert.js';
import { nextTurn, type TurnHandle } from './platform.js';

/** How long the server works on the whole workspace before the editor's messages get their turn. */
export const SLICE_MS = 2;

/** Turns of the event loop without a document message before pending edits are analyzed: microseconds when idle. */
const QUIET_TURNS = 4;

/**
 * The edit/publish cycle. An editor change is analyzed as soon as the messages already queued are handled
 * (a burst of them is coalesced, never delayed by a timer); the edited files' diagnostics are sent first,
 * then, on the next turn, those of the files the edit affects (references, duplicates, postmortems).
 * The connection handles one message per turn of the event loop: while document messages keep coming
 * turn after turn, they were already queued, and the analysis waits for the last of them.
 */
export class EditSync {
  /** Diagnostics last sent per file, to send only what changed. */
  private readonly published = new Map<string, string>();
  /** The service's diagnostics each file was last published from (the same array while neither they nor the rules changed). */
  private readonly publishedFrom = new Map<string, Diagnostic[]>();
  /** Files changed in the editor and not analyzed yet. */
  private readonly pending = new Set<string>();
  private analysis: TurnHandle | undefined;
  /** Document messages handled so far (even those that failed): the pending analysis waits while it grows. */
  private handled = 0;
  private crossFile: TurnHandle | undefined;
  /** The files a publication in slices has still to look at. */
  private publishing: { uris: string[]; next: number } | undefined;
  /** The postmortems' revision the client was last told about. */
  private toldRevision: number;
  /** Until the client's settings are read, edits wait for them (a round trip) rather than be published twice. */
  private settingsKnown = false;
  /** Builds of the index under way: they publish every file at their end, so edits meanwhile publish only theirs. */
  indexing = 0;

  constructor(private readonly ctx: ServerContext) {
    this.toldRevision = ctx.postmortems.revision;
  }

  /** Marks an editor document as changed; it is analyzed once the messages already received are handled. */
  schedule(uri: string): void {
    this.pending.add(uri);
    this.handled++;
    if (!this.analysis) this.analyzeAfterQueue(-1);
  }

  /** Counts a document message, before it is handled. */
  documentMessage(): void {
    this.handled++;
  }

  /**
   * Analyzes the pending changes once a few turns of the event loop in a row handled no document message:
   * a client's messages written together may reach the pipe a few microseconds apart.
   */
  private analyzeAfterQueue(seen: number, quietTurns = 0): void {
    this.analysis = nextTurn(() => {
      if (this.handled !== seen) return this.analyzeAfterQueue(this.handled);
      if (quietTurns < QUIET_TURNS) return this.analyzeAfterQueue(seen, quietTurns + 1);
      this.analysis = undefined;
      if (this.settingsKnown) this.analyzePending();
    });
  }

  /** Lets the messages received meanwhile be handled, and the edits among them analyzed, before going on. */
  async giveWay(): Promise<void> {
    do await new Promise<void>((resolve) => nextTurn(resolve));
    while (this.analysis);
  }

  /** The client's settings are read (or the client has none): the edits received so far can be analyzed. */
  settingsLoaded(): void {
    this.settingsKnown = true;
    if (this.pending.size && !this.analysis) this.analyzeAfterQueue(-1);
  }

  /** Drops a pending change (the document was closed). */
  cancel(uri: string): void {
    this.pending.delete(uri);
  }

  /** Analyzes every pending editor change and publishes what follows (requests call it first, so they never see stale text). */
  flush(): void {
    this.analyzePending();
    if (this.crossFile || this.publishing) this.publish();
  }

  private analyzePending(): void {
    if (this.analysis) {
      this.analysis.cancel();
      this.analysis = undefined;
    }
    if (!this.pending.size) return;
    const { documents, service, postmortems } = this.ctx;
    const edited: string[] = [];
    for (const uri of this.pending) {
      const doc = documents.get(uri);
      if (!doc) continue;
      const rel = this.ctx.postmortemRel(uri);
      if (rel !== undefined) {
        postmortems.set(uri, rel, doc.getText());
        edited.push(uri);
        continue;
      }
      if (isMarkdown(uri)) continue;
      try {
        service.setFile(uri, doc.getText());
        edited.push(uri);
        // A committed generated-rules file edited in the editor: its SLO files compare against the new text.
        this.ctx.generatedRules.changed(uri);
        if (!this.ctx.generatedRules.isTracked(uri)) this.ctx.generatedRules.track(uri);
      } catch (err) {
        this.ctx.failure(`Analysis of ${uri}`, err);
      }
    }
    this.pending.clear();
    // Each edited file with the cross-file checks that concern it, its new version even when they are the same.
    let sloFiles: Map<string, string[]> | undefined;
    for (const uri of edited) {
      if (postmortems.has(uri)) {
        sloFiles ??= this.sloFiles();
        this.send(uri, this.postmortemDiagnostics(uri, sloFiles), true);
      } else this.sendIndexed(uri, service.diagnostics(uri), true);
    }
    // During a build of the index, and the publication in slices that ends it, every file is published at its end.
    if (!this.indexing && !this.publishing) this.crossFile ??= nextTurn(() => this.publish());
  }

  /** Publishes the files whose diagnostics changed, and tells the client when the postmortems did. */
  publish(): void {
    // Edits received and not analyzed yet first: a file is never published with a version it was not analyzed at.
    this.analyzePending();
    if (this.crossFile) {
      this.crossFile.cancel();
      this.crossFile = undefined;
    }
    const { service, postmortems } = this.ctx;
    this.publishing = undefined;
    // A file whose diagnostics are the same array as last time (the rules included) is skipped without
    // comparing: after an edit only the files it touched are looked at.
    for (const [uri, source] of service.allDiagnostics()) {
      if (this.publishedFrom.get(uri) !== source) this.sendIndexed(uri, source, false);
    }
    // The SLO names of every file, for the postmortems' references: only when there are postmortems.
    const postmortemUris = postmortems.uris();
    if (postmortemUris.length) {
      const sloFiles = this.sloFiles();
      for (const uri of postmortemUris) this.send(uri, this.postmortemDiagnostics(uri, sloFiles), false);
    }
    if (postmortems.revision !== this.toldRevision && !this.indexing) {
      this.toldRevision = postmortems.revision;
      void this.ctx.connection.sendNotification(PostmortemsChangedNotification, {});
      // The "N postmortems" lenses above the SLOs count them: the client asks again.
      if (this.ctx.canRefreshCodeLenses)
        this.ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  }

  /**
   * Publishes as `publish` does, a few milliseconds at a time, giving way to edits in between (after the
   * whole workspace was indexed, there are thousands of files to send). A request meanwhile finishes it first.
   */
  async publishInSlices(): Promise<void> {
    const { service } = this.ctx;
    const run = { uris: service.uris(), next: 0 };
    this.publishing = run;
    let slice = performance.now();
    while (this.publishing === run && run.next < run.uris.length) {
      const uri = run.uris[run.next++]!;
      if (service.get(uri)) {
        const source = service.diagnostics(uri);
        if (this.publishedFrom.get(uri) !== source) this.sendIndexed(uri, source, false);
      }
      if (performance.now() - slice < SLICE_MS) continue;
      await this.giveWay();
      slice = performance.now();
    }
    if (this.publishing === run) this.publish();
  }

  /** The client was told of every postmortem (the index notification says it was rebuilt). */
  postmortemsTold(): void {
    this.toldRevision = this.ctx.postmortems.revision;
  }

  /** Drops a file from the index, clearing the diagnostics it had. */
  forget(uri: string): void {
    this.ctx.generatedRules.forget(uri);
    this.ctx.service.deleteFile(uri);
    this.ctx.postmortems.delete(uri);
    if (this.unpublished(uri)) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Forgets what was published for a file; the next diagnostics sent for it are sent whatever they are. */
  unpublished(uri: string): boolean {
    this.publishedFrom.delete(uri);
    return this.published.delete(uri);
  }

  private sloFiles(): Map<string, string[]> {
    return sloNames(this.ctx.service, (uri) => this.ctx.relativeUri(uri));
  }

  /** A postmortem's diagnostics as published, its SLO references resolved against the workspace as it is now. */
  postmortemDiagnosticsNow(uri: string): Diagnostic[] {
    return this.postmortemDiagnostics(uri, this.sloFiles());
  }

  private postmortemDiagnostics(uri: string, sloFiles: Map<string, string[]>): Diagnostic[] {
    const { postmortems, settings } = this.ctx;
    return applyRuleSettings(postmortems.diagnostics(uri, sloFiles, this.ctx.today()), settings.rules);
  }

  /** Sends a file's diagnostics from the service (rule settings already applied). */
  private sendIndexed(uri: string, diagnostics: Diagnostic[], always: boolean): void {
    this.publishedFrom.set(uri, diagnostics);
    this.send(uri, diagnostics, always);
  }

  private send(uri: string, diagnostics: Diagnostic[], always: boolean): void {
    const key = JSON.stringify(diagnostics);
    if (this.published.get(uri) === key && !always) return;
    this.published.set(uri, key);
    const doc = this.ctx.documents.get(uri);
    void this.ctx.connection.sendDiagnostics({
      uri,
      ...(doc ? { version: doc.version } : {}),
      diagnostics: diagnostics.map(toLspDiagnostic),
    });
  }
}
