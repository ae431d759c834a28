import type { NewSloTemplate } from '../formats/format.js';
import { FORMATS } from '../formats/registry.js';
import { DOCUMENT_SNIPPETS, expandSnippet } from './snippets.js';

/** The formats a new SLO file can be written in, in the order they are offered. */
export const NEW_SLO_TEMPLATES: readonly NewSloTemplate[] = FORMATS.flatMap((f) =>
  f.newSlo ? [f.newSlo] : [],
);

/** The choice of a template (`NewSloTemplate.choice`). */
export type NewSloFormat = string;

function template(format: NewSloFormat): NewSloTemplate {
  const found = NEW_SLO_TEMPLATES.find((t) => t.choice === format);
  if (!found) throw new Error(`No New SLO template for ${format}.`);
  return found;
}

export interface NewSloRequest {
  format: NewSloFormat;
  /** Service name: an RFC 1123 label, as every format accepts. */
  service: string;
  /** Target as a percentage, e.g. 99.9. */
  targetPercent: number;
}

const SERVICE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Why a service name cannot be used, or undefined when it can. */
export function serviceNameProblem(name: string): string | undefined {
  if (SERVICE.test(name)) return undefined;
  return 'Use 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. checkout).';
}

/** Why a target cannot be used, or undefined when it can. */
export function targetProblem(text: string): string | undefined {
  const value = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(value)) return 'Write the target as a percentage, e.g. 99.9.';
  if (value <= 0 || value >= 100)
    return 'The target is a percentage between 0 and 100 (exclusive), e.g. 99.9.';
  return undefined;
}

/** The file name the new SLO gets, before de-duplication: `slos/checkout-availability.yaml`. */
export function newSloFileName(request: NewSloRequest): string {
  return `${request.service}-${template(request.format).fileSuffix}.yaml`;
}

/** The text of a new SLO file: the format's snippet with the service and target filled in. */
export function newSloDocument(request: NewSloRequest): string {
  const { service, targetPercent } = request;
  const ratio = Number((targetPercent / 100).toPrecision(12));
  const percent = String(Number(targetPercent.toPrecision(12)));
  const label = template(request.format).snippet;
  const snippet = DOCUMENT_SNIPPETS.find((s) => s.label === label)!;
  const title = service.charAt(0).toUpperCase() + service.slice(1).replace(/-/g, ' ');
  const alertName = service
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return expandSnippet(snippet.body)
    .replace(/^labels:\n {2}team: payments\n/m, '')
    .replace(/CheckoutHighErrorRate/g, `${alertName}HighErrorRate`)
    .replace(/checkout/g, service)
    .replace(/Checkout/g, title)
    .replace(/target: 0\.999$/m, `target: ${ratio}`)
    .replace(/objective: 99\.9$/m, `objective: ${percent}`)
    .replace(/target: "99\.5"$/m, `target: "${percent}"`);
}
