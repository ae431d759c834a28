/** File names for postmortems: `YYYY-MM-DD-slug.md`, readable in any script, safe on every file system. */

export const MAX_SLUG_LENGTH = 60;

/** Latin letters that do not decompose into an ASCII letter and a mark. */
const LATIN_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Device names Windows reserves whatever the extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/;

/**
 * A slug for a title: NFKC-normalised and lower-cased; Latin letters lose their accents (`é` → `e`,
 * `ß` → `ss`); letters, marks and digits of every other script are kept (`障害`, `сбой`); everything else
 * (spaces, punctuation, `/`, `\`, `.`, HTML, emoji, control characters) becomes a single `-`. At most 60
 * characters, cut at a `-` when one is near and never inside a character; `postmortem` when nothing is
 * left; a name Windows reserves (`con`, `nul`, `com1`…) gets `-postmortem` appended.
 */
export function slugify(title: string): string {
  let slug = title
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/[ßæœøłđðþı]/g, (c) => LATIN_FOLDS[c]!)
    .replace(/(?<![\p{L}\p{N}\p{M}])\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const chars = Array.from(slug);
  if (chars.length > MAX_SLUG_LENGTH) {
    const cut = chars.slice(0, MAX_SLUG_LENGTH).join('');
    const dash = cut.lastIndexOf('-');
    slug = (dash >= MAX_SLUG_LENGTH * 0.6 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
  }
  if (!slug) return 'postmortem';
  return WINDOWS_RESERVED.test(slug) ? `${slug}-postmortem` : slug;
}

/** File systems take names of at most 255 bytes (ext4, APFS; NTFS counts 255 UTF-16 units, never more). */
export const MAX_FILE_NAME_BYTES = 255;

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;

/**
 * `date-slug<suffix>.md` within `MAX_FILE_NAME_BYTES`: the slug loses its last characters (whole
 * user-perceived characters, never part of one) until the name fits.
 */
function fileName(date: string, slug: string, suffix: string): string {
  const fixed = bytes(`${date}-${suffix}.md`);
  if (fixed + bytes(slug) <= MAX_FILE_NAME_BYTES) return `${date}-${slug}${suffix}.md`;
  let kept = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(slug)) {
    if (fixed + bytes(kept + segment) > MAX_FILE_NAME_BYTES) break;
    kept += segment;
  }
  return `${date}-${kept.replace(/-+$/, '') || 'postmortem'}${suffix}.md`;
}

/**
 * `YYYY-MM-DD-slug.md`, or `YYYY-MM-DD-slug-2.md`, `-3`… when `exists` says a name is taken; at most
 * `MAX_FILE_NAME_BYTES` bytes with its suffix. Throws a RangeError when `date` is not `YYYY-MM-DD`.
 */
export function postmortemFileName(date: string, title: string, exists: (name: string) => boolean): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD).`);
  const slug = slugify(title);
  let name = fileName(date, slug, '');
  for (let n = 2; exists(name); n++) name = fileName(date, slug, `-${n}`);
  return name;
}
