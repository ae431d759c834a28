/**
 * The committed generated-rules file of each SLO file (a `teamSre.generatedRules` entry, or Sloth's `_gen/`
 * neighbour), read within the size limit (or taken from the editor holding it) and handed to the language
 * service, which warns while it differs from what the SLO file generates (SLO706).
 */
import { generatedRulesTarget } from '../config/generated-rules.js';
import type { ServerContext } from './context.js';

export interface RulesTarget {
  /** The file's URI and its path relative to its workspace folder. */
  uri: string;
  path: string;
  /** Named by a setting (written even when missing), or Sloth's `_gen/` neighbour (only when it exists). */
  configured: boolean;
  /** Its text, from the editor or the disk; undefined when it does not exist or cannot be read. */
  text?: string;
}

export class GeneratedRulesFiles {
  private readonly targets = new Map<string, RulesTarget>();
  /** Per target path on disk, the SLO files written to it. */
  private readonly sources = new Map<string, Set<string>>();

  constructor(private readonly ctx: ServerContext) {}

  /** The committed file of an SLO file, if it has one (or a setting names one). */
  targetOf(sloUri: string): RulesTarget | undefined {
    const target = this.targets.get(sloUri);
    return target && (target.configured || target.text !== undefined) ? target : undefined;
  }

  isTracked(sloUri: string): boolean {
    return this.targets.has(sloUri);
  }

  /** Finds where an SLO file's rules are committed and reads that file. */
  track(sloUri: string): void {
    const { ctx } = this;
    const path = ctx.fileSystem.paths;
    const file = ctx.uriToPath(sloUri);
    const folder = file === undefined ? undefined : ctx.folderOf(file);
    if (file === undefined || folder === undefined || !ctx.service.get(sloUri)?.isSloFile)
      return this.forget(sloUri);
    const rel = path.relative(folder, file).split(path.sep).join('/');
    // Every SLO file has a candidate (its `_gen/` neighbour at least), watched so that its creation is seen.
    const found = generatedRulesTarget(rel, ctx.settings.generatedRules, () => true);
    if (!found) return this.forget(sloUri);
    const absolute = path.join(folder, ...found.path.split('/'));
    const previous = this.targets.get(sloUri);
    if (previous && ctx.uriToPath(previous.uri) !== absolute) this.forget(sloUri);
    const target: RulesTarget = {
      uri: path.pathToUri(absolute),
      path: found.path,
      configured: found.configured,
    };
    this.targets.set(sloUri, target);
    const set = this.sources.get(absolute);
    if (set) set.add(sloUri);
    else this.sources.set(absolute, new Set([sloUri]));
    this.read(sloUri, target);
  }

  /** A file changed on disk or in an editor: the SLO files committed to it read it again. Returns whether any did. */
  changed(uri: string): boolean {
    const file = this.ctx.uriToPath(uri);
    const slos = file === undefined ? undefined : this.sources.get(file);
    if (!slos?.size) return false;
    for (const sloUri of slos) {
      const target = this.targets.get(sloUri);
      if (target) this.read(sloUri, target);
    }
    return true;
  }

  /**
   * After the index was built (the files on disk were tracked as they were read): the editors' SLO files looked
   * at again under the current settings, and the files no longer indexed forgotten.
   */
  trackAll(): void {
    for (const uri of [...this.targets.keys()]) if (!this.ctx.service.get(uri)?.isSloFile) this.forget(uri);
    for (const doc of this.ctx.documents.all())
      if (this.ctx.service.get(doc.uri)?.isSloFile) this.track(doc.uri);
  }

  forget(sloUri: string): void {
    const target = this.targets.get(sloUri);
    if (!target) return;
    this.targets.delete(sloUri);
    const file = this.ctx.uriToPath(target.uri);
    const set = file === undefined ? undefined : this.sources.get(file);
    set?.delete(sloUri);
    if (file !== undefined && set?.size === 0) this.sources.delete(file);
    this.ctx.service.setCommittedRules(sloUri, undefined);
  }

  private read(sloUri: string, target: RulesTarget): void {
    const { ctx } = this;
    const open = ctx.openUri(target.uri);
    let text: string | undefined;
    if (open) text = ctx.documents.get(open)?.getText();
    else {
      const file = this.ctx.uriToPath(target.uri);
      const read = file === undefined ? undefined : ctx.fileSystem.read(file, ctx.settings.maxFileSize);
      if (read?.kind === 'text') text = read.text;
      else if (read && read.kind !== 'error')
        ctx.log(
          `Skipped ${target.path}: ${read.kind === 'too-large' ? 'above the teamSre.maxFileSizeMB limit' : read.what}.`,
        );
    }
    if (text === undefined) delete target.text;
    else target.text = text;
    ctx.service.setCommittedRules(sloUri, text === undefined ? undefined : { path: target.path, text });
  }
}
