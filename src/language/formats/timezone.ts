const cache = new Map<string, string | null>();

/**
 * The canonical IANA spelling of a time zone name, or null when the name is unknown. Go's
 * `time.LoadLocation` is case-sensitive and accepts no offsets, so neither do we.
 */
export function canonicalTimeZone(name: string): string | null {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let result: string | null = null;
  if (name === 'UTC' || name === 'Local') result = name;
  else if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) {
    try {
      result = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      result = null;
    }
  }
  cache.set(name, result);
  return result;
}

export function isValidTimeZone(name: string): boolean {
  const canonical = canonicalTimeZone(name);
  if (canonical === null) return false;
  if (canonical === name) return true;
  // Links such as US/Eastern resolve to another canonical name but are valid as written;
  // a case variant (america/new_york) is not, on the case-sensitive tzdata file system.
  return canonical.toLowerCase() !== name.toLowerCase();
}
