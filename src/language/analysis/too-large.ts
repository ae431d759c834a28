/** Files too large to analyze: one diagnostic (SLO006) instead of a frozen editor or a read of gigabytes. */
import { Reporter } from '../diagnostics/reporter.js';
import { SLO_TEXT_HINT } from '../formats/detect.js';
import { TextPositions } from '../syntax/text.js';
import type { AnalyzeOptions } from './analyze.js';
import { DEFAULT_MAX_FILE_SIZE } from './limits.js';
import type { FileAnalysis } from './object.js';

/** A text size for messages: `10.0 MB`, `12.5 KB`, or `150 characters` for small limits. */
function describeSize(chars: number, unit = 'characters'): string {
  if (chars >= 1024 ** 3) return `${(chars / 1024 ** 3).toFixed(1)} GB`;
  if (chars >= 1048576) return `${(chars / 1048576).toFixed(1)} MB`;
  if (chars >= 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${chars} ${unit}`;
}

/** SLO006 in place of an analysis, for a text (or a file on disk) above the limit. */
export function tooLarge(
  result: FileAnalysis,
  size: number,
  /** What `size` counts: the characters of a text, or the bytes of a file on disk. */
  unit: 'characters' | 'bytes',
  max: number,
  options: AnalyzeOptions,
): FileAnalysis {
  const { text, positions } = result;
  const r = new Reporter(positions);
  if (options.reportEveryLargeFile || SLO_TEXT_HINT.test(text.slice(0, 64 * 1024))) {
    result.isSloFile = true;
    const [, lineEnd] = positions.lineBounds(0);
    r.report(
      'SLO006',
      [0, Math.max(lineEnd, 1)],
      `This file has ${describeSize(size, unit)}, above the ${describeSize(max, unit)} analysis limit: split it into smaller files, or ${options.raiseLimit ?? 'raise the limit'}.`,
    );
  }
  return { ...result, diagnostics: r.diagnostics };
}

/**
 * The analysis of a file too large to read, known by its size in bytes and its first bytes (`head`): SLO006
 * on its first line when it looks like an SLO file (or always, with `reportEveryLargeFile`).
 */
export function analyzeTooLarge(
  uri: string,
  head: string,
  size: number,
  options: AnalyzeOptions = {},
): FileAnalysis {
  const result: FileAnalysis = {
    uri,
    text: head,
    positions: new TextPositions(head),
    objects: [],
    diagnostics: [],
    definitions: [],
    references: [],
    isSloFile: false,
  };
  return tooLarge(result, size, 'bytes', options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, options);
}
