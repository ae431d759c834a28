/** Durations as the formats write them (OpenSLO `1M`, Prometheus `1h30m`), converted to minutes. */

const OPENSLO_UNIT_MINUTES: Record<string, number> = {
  m: 1,
  h: 60,
  d: 1440,
  w: 10080,
  M: 30 * 1440,
  Q: 91 * 1440,
  Y: 365 * 1440,
};

export const OPENSLO_DURATION = /^([0-9]+)([mhdwMQY])$/;

/** An OpenSLO duration (`28d`, `1M`) in minutes (months 30 days, quarters 91, years 365), or undefined. */
export function openSloDurationMinutes(text: string): number | undefined {
  const m = OPENSLO_DURATION.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * OPENSLO_UNIT_MINUTES[m[2]!]!;
}

const PROM_DURATION =
  /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/;

/** A Prometheus duration (`30d`, `1h30m`, `500ms`) in minutes, or undefined when it does not parse. */
export function prometheusDurationMinutes(text: string): number | undefined {
  if (text === '' || text === '0') return text === '0' ? 0 : undefined;
  const m = PROM_DURATION.exec(text);
  if (!m) return undefined;
  const [, y, w, d, h, min, s, ms] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return y! * 525600 + w! * 10080 + d! * 1440 + h! * 60 + min! + s! / 60 + ms! / 60000;
}
