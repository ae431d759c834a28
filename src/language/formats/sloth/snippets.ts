import type { DocumentSnippet } from '../format.js';

/** New Sloth files, as LSP snippets; each is valid as inserted. */
export const SLOTH_SNIPPETS: DocumentSnippet[] = [
  {
    label: 'Sloth SLOs (prometheus/v1)',
    description: 'A Sloth file: one service, one event-based SLO with page and ticket alerts.',
    body: `version: prometheus/v1
service: \${1:checkout}
labels:
  team: \${2:payments}
slos:
  - name: \${3:requests-availability}
    objective: \${4:99.9}
    description: \${5:Requests that do not fail with a 5xx}
    sli:
      events:
        error_query: \${6:sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))}
        total_query: \${7:sum(rate(http_requests_total{job="checkout"}[{{.window}}]))}
    alerting:
      name: \${8:CheckoutHighErrorRate}
      page_alert:
        labels:
          severity: page
      ticket_alert:
        labels:
          severity: ticket
`,
  },
  {
    label: 'Sloth PrometheusServiceLevel (Kubernetes)',
    description: "Sloth's Kubernetes resource: the same SLO with camelCase keys.",
    body: `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: \${1:checkout}
spec:
  service: \${1:checkout}
  slos:
    - name: \${2:requests-availability}
      objective: \${3:99.9}
      sli:
        events:
          errorQuery: \${4:sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))}
          totalQuery: \${5:sum(rate(http_requests_total{job="checkout"}[{{.window}}]))}
      alerting:
        name: \${6:CheckoutHighErrorRate}
`,
  },
];
