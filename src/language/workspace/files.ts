import picomatch from 'picomatch';

/** Which files of a workspace are read as SLO files. */
export interface FileSelection {
  include: string[];
  exclude: string[];
}

export const DEFAULT_SELECTION: FileSelection = {
  include: ['**/*.yaml', '**/*.yml', '**/*.json'],
  exclude: [
    '**/node_modules/**',
    '**/.git/**',
    '**/dist/**',
    '**/out/**',
    '**/vendor/**',
    '**/.terraform/**',
    '**/.venv/**',
    '**/target/**',
    '**/package.json',
    '**/package-lock.json',
    '**/tsconfig*.json',
  ],
};

/** A matcher over workspace-relative paths (forward slashes). */
export function selectionMatcher(selection: FileSelection): (relativePath: string) => boolean {
  const opts = { dot: true };
  const include = picomatch(selection.include, opts);
  const exclude = selection.exclude.length ? picomatch(selection.exclude, opts) : () => false;
  return (p) => include(p) && !exclude(p);
}

/** Whether a directory (workspace-relative, no trailing slash) is excluded, so a walk can skip it. */
export function directoryMatcher(selection: FileSelection): (relativeDir: string) => boolean {
  const exclude = selection.exclude.length ? picomatch(selection.exclude, { dot: true }) : () => false;
  return (d) => exclude(`${d}/`) || exclude(`${d}/x`);
}
