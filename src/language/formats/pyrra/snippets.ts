import type { DocumentSnippet } from '../format.js';

/** A new Pyrra ServiceLevelObjective, as an LSP snippet; valid as inserted. */
export const PYRRA_SNIPPETS: DocumentSnippet[] = [
  {
    label: 'Pyrra ServiceLevelObjective',
    description: 'A Pyrra SLO on errors over total requests.',
    body: `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: \${1:checkout-errors}
  namespace: \${2:monitoring}
spec:
  target: "\${3:99.5}"
  window: \${4:4w}
  indicator:
    ratio:
      errors:
        metric: \${5:http_requests_total{job="checkout",code=~"5.."}}
      total:
        metric: \${6:http_requests_total{job="checkout"}}
`,
  },
];
