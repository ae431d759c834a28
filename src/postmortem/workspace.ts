/** Postmortems in a workspace: which files are postmortems, and how their SLO references resolve. */
import type { LanguageService } from '../language/service.js';
import type { SloResolution, SloResolver } from './check.js';
import { isPostmortemFileName } from './index.js';

/** Whether a path (relative to its workspace folder, with `/`) is a postmortem in a postmortem folder. */
export function isPostmortemPath(rel: string, folder: string): boolean {
  const slash = rel.lastIndexOf('/');
  const dir = slash === -1 ? '' : rel.slice(0, slash);
  return isPostmortemFileName(rel.slice(slash + 1)) && (dir === folder || dir.endsWith(`/${folder}`));
}

/** The SLO names each SLO file of the workspace defines, by its path relative to the workspace folder. */
export function sloNames(
  service: Pick<LanguageService, 'uris' | 'sloNames'>,
  relOf: (uri: string) => string | undefined,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const u of service.uris()) {
    const rel = relOf(u);
    const names = rel === undefined ? undefined : service.sloNames(u);
    if (rel !== undefined && names) out.set(rel, names);
  }
  return out;
}

/** `a/b/../c` → `a/c`, without leaving the root. */
function normalise(rel: string): string {
  const parts: string[] = [];
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

/**
 * Resolves the SLO references of the postmortem at `postmortemRel`: a `file` is read relative to the
 * workspace folder, or to the folder holding the postmortem folder (the service's root in a monorepo).
 */
export function sloResolver(files: Map<string, string[]>, postmortemRel: string): SloResolver {
  const serviceRoot = postmortemRel.split('/').slice(0, -2).join('/');
  return (ref: string, name: string): SloResolution => {
    const clean = ref.replace(/\\/g, '/');
    const names =
      files.get(normalise(clean)) ??
      (serviceRoot ? files.get(normalise(`${serviceRoot}/${clean}`)) : undefined);
    if (!names) return { missing: 'file', known: [...files.keys()].sort() };
    return names.includes(name) ? 'ok' : { missing: 'slo', known: names };
  };
}
