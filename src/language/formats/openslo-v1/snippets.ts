import type { DocumentSnippet } from '../format.js';

/** New OpenSLO v1 documents, as LSP snippets (`${1:default}` placeholders); each is valid as inserted. */
export const OPENSLO_V1_SNIPPETS: DocumentSnippet[] = [
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
];
