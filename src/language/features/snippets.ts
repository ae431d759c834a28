/** Whole documents of each format, as LSP snippets (`${1:default}` placeholders). Each is valid as inserted. */
export interface DocumentSnippet {
  label: string;
  description: string;
  body: string;
}

export const DOCUMENT_SNIPPETS: DocumentSnippet[] = [
  {
    label: 'OpenSLO SLO (ratio, rolling window)',
    description: 'An OpenSLO v1 SLO with an inline ratio SLI on Prometheus and a rolling 28-day window.',
    body: `apiVersion: openslo/v1
kind: SLO
metadata:
  name: \${1:checkout-availability}
  displayName: \${2:Checkout availability}
spec:
  description: \${3:Share of checkout requests that succeed}
  service: \${4:checkout}
  indicator:
    metadata:
      name: \${5:checkout-success-ratio}
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: \${6:sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: \${7:sum(rate(http_requests_total{job="checkout"}[5m]))}
  budgetingMethod: \${8|Occurrences,Timeslices,RatioTimeslices|}
  timeWindow:
    - duration: \${9:28d}
      isRolling: true
  objectives:
    - displayName: \${10:Available}
      target: \${11:0.999}
`,
  },
  {
    label: 'OpenSLO SLI',
    description: 'An OpenSLO v1 SLI: good over total events from a Prometheus DataSource.',
    body: `apiVersion: openslo/v1
kind: SLI
metadata:
  name: \${1:checkout-success-ratio}
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        metricSourceRef: \${2:prometheus}
        type: Prometheus
        spec:
          query: \${3:sum(rate(http_requests_total{code!~"5.."}[5m]))}
    total:
      metricSource:
        metricSourceRef: \${2:prometheus}
        type: Prometheus
        spec:
          query: \${4:sum(rate(http_requests_total[5m]))}
`,
  },
  {
    label: 'OpenSLO DataSource (Prometheus)',
    description: 'An OpenSLO v1 DataSource pointing at a Prometheus server.',
    body: `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: \${1:prometheus}
spec:
  type: Prometheus
  connectionDetails:
    url: \${2:http://prometheus:9090}
`,
  },
  {
    label: 'OpenSLO Service',
    description: 'An OpenSLO v1 Service.',
    body: `apiVersion: openslo/v1
kind: Service
metadata:
  name: \${1:checkout}
spec:
  description: \${2:What the service does}
`,
  },
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

/** A snippet with every placeholder replaced by its default: the text a user gets by pressing Tab through. */
export function expandSnippet(body: string): string {
  let out = body;
  for (let i = 0; i < 5; i++) {
    out = out
      .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:((?:[^{}]|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})*)\}/g, '$1');
  }
  return out.replace(/\$\d+/g, '');
}
