/**
 * Where an SLO file's generated rules are committed, as a path relative to its workspace folder: the first
 * `teamSre.generatedRules` entry whose glob matches the SLO file, else Sloth's own layout (`dir/x.yaml` →
 * `dir/_gen/x.yaml`) when that file exists. Pure: whether a file exists is asked of the caller.
 */
import picomatch from 'picomatch';
import type { GeneratedRulesMapping } from './schema.js';

/** POSIX path operations on workspace-relative paths (with `/`), as `node:path`'s `posix` does them. */
const posix = {
  dirname(p: string): string {
    const i = p.replace(/\/+$/, '').lastIndexOf('/');
    return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
  },
  basename(p: string): string {
    const trimmed = p.replace(/\/+$/, '');
    return trimmed.slice(trimmed.lastIndexOf('/') + 1);
  },
  extname(name: string): string {
    const dot = name.lastIndexOf('.');
    return dot <= 0 ? '' : name.slice(dot);
  },
  isAbsolute: (p: string) => p.startsWith('/'),
  /** `.` and empty segments dropped, `..` folded into its parent (kept when it climbs above the start). */
  normalize(p: string): string {
    const absolute = p.startsWith('/');
    const out: string[] = [];
    for (const part of p.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
      else if (part !== '..' || !absolute) out.push(part);
    }
    const joined = out.join('/');
    const trailing = p.endsWith('/') && joined ? '/' : '';
    return absolute ? `/${joined}${trailing}` : joined ? joined + trailing : '.';
  },
};

export interface GeneratedRulesTarget {
  /** Relative to the workspace folder, with `/`. */
  path: string;
  /** True when a setting names it (it may not exist yet), false for the `_gen/` neighbour found on disk. */
  configured: boolean;
}

/** `${dir}`, `${name}`, `${basename}` and `${ext}` of a workspace-relative path, written into a template. */
export function expandOutput(template: string, sloPath: string): string | undefined {
  const dir = posix.dirname(sloPath);
  const basename = posix.basename(sloPath);
  const ext = posix.extname(basename);
  const values: Record<string, string> = {
    dir,
    basename,
    name: basename.slice(0, -ext.length || undefined),
    ext,
  };
  let unknown = false;
  const expanded = template.replace(/\$\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) unknown = true;
    return value ?? whole;
  });
  const path = posix.normalize(expanded.replace(/\\/g, '/'));
  // Only a YAML or JSON file inside the workspace folder, outside `.git`, and never the SLO file itself.
  if (
    unknown ||
    posix.isAbsolute(path) ||
    path === '..' ||
    path.startsWith('../') ||
    path === sloPath ||
    !/\.(ya?ml|json)$/i.test(path) ||
    path.split('/').includes('.git')
  )
    return undefined;
  return path.replace(/^\.\//, '');
}

/** Sloth's repository layout: the rules of `examples/x.yml` are committed as `examples/_gen/x.yml`. */
export const SLOTH_GEN_TEMPLATE = '${dir}/_gen/${basename}';

export function generatedRulesTarget(
  sloPath: string,
  mappings: readonly GeneratedRulesMapping[],
  exists: (path: string) => boolean,
): GeneratedRulesTarget | undefined {
  for (const { slo, output } of mappings) {
    if (!picomatch(slo, { dot: true })(sloPath)) continue;
    const path = expandOutput(output, sloPath);
    if (path !== undefined) return { path, configured: true };
  }
  const neighbour = expandOutput(SLOTH_GEN_TEMPLATE, sloPath);
  return neighbour !== undefined && exists(neighbour) ? { path: neighbour, configured: false } : undefined;
}
