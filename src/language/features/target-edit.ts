/**
 * A new target written as the file writes its own: a percentage where the value is one (Sloth's `objective`,
 * Pyrra's `target`, OpenSLO's `targetPercent`), a ratio where it is one, in the same quotes.
 */

/** Decimal text of a number without binary noise (0.1 + 0.2 → `0.3`). */
const decimal = (x: number) => String(Number(x.toPrecision(12)));

/**
 * The text replacing `written` (a target as written, quotes included, whose value is the ratio `current`) so
 * that it says the ratio `target`; undefined when `written` is no number.
 */
export function targetText(written: string, current: number, target: number): string | undefined {
  const quote = /^(["'])(.*)\1$/s.exec(written.trim());
  const inner = (quote ? quote[2]! : written).trim();
  const value = Number(inner.replace(/%$/, ''));
  if (inner === '' || !Number.isFinite(value)) return undefined;
  // The written value is a percentage when it is nearer the target in percent than as a ratio.
  const percent = Math.abs(value - current * 100) < Math.abs(value - current);
  const text = `${percent ? decimal(target * 100) : decimal(target)}${inner.endsWith('%') ? '%' : ''}`;
  return quote ? `${quote[1]}${text}${quote[1]}` : text;
}
