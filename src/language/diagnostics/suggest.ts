/** Rows of the distance table, reused from call to call: a "did you mean" pass computes thousands. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions). With `limit`, any
 * distance above it is reported as `limit + 1`, computed only in the band where a cheaper alignment
 * can lie and abandoned once a whole row exceeds it: linear rather than quadratic in the length.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 3 && Math.min(m, n) < 3) return Math.min(Math.max(m, n), limit + 1);
  if (Math.abs(m - n) > limit) return limit + 1;
  const band = Math.min(limit, Math.max(m, n));
  const over = Math.min(limit + 1, m + n + 1);
  if (rows[0]!.length < n + 1) rows = rows.map(() => new Int32Array(2 * (n + 1)));
  // Three rows, rotated: the transposition looks two rows back.
  let before = rows[0]!.fill(over, 0, n + 1);
  let previous = rows[1]!.fill(over, 0, n + 1);
  let row = rows[2]!.fill(over, 0, n + 1);
  for (let j = 0; j <= Math.min(n, band); j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(n, i + band);
    // Only the band is computed; the cells beside it read as too far (whatever an older row left there).
    row[lo - 1] = lo === 1 ? Math.min(i, over) : over;
    if (hi < n) row[hi + 1] = over;
    let rowMin = row[lo - 1]!;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      const up = previous[j]! + 1;
      const left = row[j - 1]! + 1;
      let v = previous[j - 1]! + (ai === bj ? 0 : 1);
      if (up < v) v = up;
      if (left < v) v = left;
      if (j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj && before[j - 2]! + 1 < v)
        v = before[j - 2]! + 1;
      if (over < v) v = over;
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const spare = before;
    before = previous;
    previous = row;
    row = spare;
  }
  return Math.min(previous[n]!, over);
}

export const normalise = (s: string) => s.toLowerCase().replace(/[-_]/g, '');

/** How close a typo must be to a known word to be suggested: 1 edit up to 4 characters, 2 up to 8, else 3. */
export const allowedDistance = (word: string) => (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3);

export interface Match {
  /** The first known word at the smallest distance (when within `allowed`). */
  best: string | undefined;
  score: number;
  /** Whether another known word is as close: then the order of the known words decides. */
  tied: boolean;
}

/** Character counts of the word being matched, and a scratch copy per candidate (ASCII only). */
const wordCounts = new Int32Array(128);
const scratchCounts = new Int32Array(128);

/** Counts `w`'s characters into `wordCounts`; false when it has a character beyond ASCII. */
function countWord(w: string): boolean {
  wordCounts.fill(0);
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return false;
    wordCounts[c]!++;
  }
  return true;
}

/**
 * A lower bound of the distance from the counted word to `k`: an edit changes the characters' counts by
 * at most 2 (a transposition not at all). Cheaper than the table, it rules out most candidates.
 */
function countBound(wordLength: number, k: string): number {
  scratchCounts.set(wordCounts);
  let shared = 0;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c >= 128) return 0;
    if (scratchCounts[c]! > 0) {
      scratchCounts[c]!--;
      shared++;
    }
  }
  return Math.ceil((wordLength - shared + (k.length - shared)) / 2);
}

/** The known words' closest match to `word`, its distance, and whether it is the only one that close. */
export function closestMatch(
  word: string,
  known: readonly string[],
  /** `known` already normalised, index for index, when the caller keeps them. */
  normalisedKnown?: readonly string[],
): Match {
  const w = normalise(word);
  const allowed = allowedDistance(word);
  const counted = countWord(w);
  // Candidates by their count bound, so the likeliest are measured first and the best so far prunes the rest.
  const buckets: number[][] = [];
  for (let b = 0; b <= allowed; b++) buckets.push([]);
  for (let i = 0; i < known.length; i++) {
    const k = known[i]!;
    if (k === word) continue;
    const nk = normalisedKnown?.[i] ?? normalise(k);
    // The distance is at least the difference in length: skip without filling a length × length table.
    if (Math.abs(nk.length - w.length) > allowed) continue;
    const bound = counted ? countBound(w.length, nk) : 0;
    if (bound <= allowed) buckets[bound]!.push(i);
  }
  // The first known word (in the given order) at the smallest distance, and how many share that distance.
  let bestIndex = -1;
  let bestScore = Infinity;
  let atBest = 0;
  for (let b = 0; b <= allowed; b++) {
    for (const i of buckets[b]!) {
      const limit = Math.min(allowed, bestScore);
      if (b > limit) break;
      const nk = normalisedKnown?.[i] ?? normalise(known[i]!);
      const score = nk === w ? 0 : editDistance(w, nk, limit);
      if (score > allowed) continue;
      if (score < bestScore) {
        bestScore = score;
        bestIndex = i;
        atBest = 1;
      } else if (score === bestScore) {
        atBest++;
        if (i < bestIndex) bestIndex = i;
      }
    }
  }
  return bestIndex >= 0
    ? { best: known[bestIndex]!, score: bestScore, tied: atBest > 1 }
    : { best: undefined, score: Infinity, tied: false };
}

/** The known word closest to `word`, when it is close enough to be a likely typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  return closestMatch(word, known).best;
}

export function listWords(words: readonly string[], conjunction = 'or'): string {
  const quoted = words.map((w) => (w === '' ? '"" (empty)' : `\`${w}\``));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}
