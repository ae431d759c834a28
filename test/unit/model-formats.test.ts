import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createLanguageService } from '../../src/language/service.js';
import { modelView } from './model-view.js';

/** The model of the files' objects, as plain data (nodes as `@path` and the text at their range). */
function models(files: string[]): unknown[] {
  const service = createLanguageService();
  for (const f of files) service.setFile(f, readFileSync(f, 'utf8'));
  return files.flatMap((f) => {
    const analysis = service.get(f)!;
    return analysis.objects.map((o) => modelView(analysis, o.model, o.base));
  });
}

test('OpenSLO v1: an SLO naming its SLI and alert policy', () => {
  assert.deepEqual(models(['examples/slos/checkout-slos.yaml'])[0], {
    slos: [
      {
        name: 'checkout-availability',
        format: 'openslo/v1',
        node: '@',
        service: 'checkout',
        labels: { team: 'payments' },
        description: '99.9 % of checkout requests succeed over 28 days.',
        window: {
          kind: 'rolling',
          minutes: 40320,
          label: '28 days, rolling',
          duration: '28d',
          node: '@spec.timeWindow[0].duration 28d',
          at: {
            list: '@spec.timeWindow',
            entry: '@spec.timeWindow[0]',
            duration: '@spec.timeWindow[0].duration 28d',
            isRolling: '@spec.timeWindow[0].isRolling true',
          },
        },
        windowNode: '@spec.timeWindow[0].duration 28d',
        budgetingMethod: 'Occurrences',
        indicatorRef: 'checkout-availability',
        alerting: { style: 'conditions', policies: [{ ref: 'checkout-fast-burn' }] },
        objectives: [
          {
            displayName: 'Available',
            target: 0.999,
            targetNode: '@spec.objectives[0].target 0.999',
            node: '@spec.objectives[0]',
            at: {
              displayName: '@spec.objectives[0].displayName Available',
              target: '@spec.objectives[0].target 0.999',
            },
          },
        ],
        at: {
          name: '@metadata.name checkout-availability',
          service: '@spec.service checkout',
          labels: '@metadata.labels',
          description: '@spec.description 99.9 % of checkout requests succeed over 28 days.',
          budgetingMethod: '@spec.budgetingMethod Occurrences',
          indicatorRef: '@spec.indicatorRef checkout-availability',
          alerting: '@spec.alertPolicies',
        },
      },
    ],
  });
});

test('OpenSLO v1: a calendar month in a time zone, time slices, a threshold objective', () => {
  assert.deepEqual(models(['examples/slos/checkout-slos.yaml'])[1], {
    slos: [
      {
        name: 'checkout-latency',
        format: 'openslo/v1',
        node: '@',
        service: 'checkout',
        labels: {},
        description:
          'In 99 % of the one-minute slices of each calendar month, p99 latency stays under 800 ms.',
        window: {
          kind: 'calendar',
          minutes: 43200,
          range: [40320, 44640],
          label: 'calendar month',
          duration: '1M',
          node: '@spec.timeWindow[0].duration 1M',
          at: {
            list: '@spec.timeWindow',
            entry: '@spec.timeWindow[0]',
            duration: '@spec.timeWindow[0].duration 1M',
            isRolling: '@spec.timeWindow[0].isRolling false',
            startTime: "@spec.timeWindow[0].calendar.startTime '2026-01-01 00:00:00'",
            timeZone: '@spec.timeWindow[0].calendar.timeZone Europe/Paris',
          },
          calendar: {
            count: 1,
            unit: 'M',
            startTime: '2026-01-01 00:00:00',
            anchor: { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
            timeZone: 'Europe/Paris',
          },
        },
        windowNode: '@spec.timeWindow[0].duration 1M',
        budgetingMethod: 'Timeslices',
        indicatorRef: 'checkout-latency',
        alerting: { style: 'conditions', policies: [] },
        objectives: [
          {
            displayName: 'Fast',
            target: 0.99,
            targetNode: '@spec.objectives[0].target 0.99',
            op: 'lte',
            value: 0.8,
            timeSliceWindow: '1m',
            timeSliceMinutes: 1,
            timeSliceTarget: 0.95,
            node: '@spec.objectives[0]',
            at: {
              displayName: '@spec.objectives[0].displayName Fast',
              target: '@spec.objectives[0].target 0.99',
              op: '@spec.objectives[0].op lte',
              value: '@spec.objectives[0].value 0.8',
              timeSliceWindow: '@spec.objectives[0].timeSliceWindow 1m',
              timeSliceTarget: '@spec.objectives[0].timeSliceTarget 0.95',
            },
          },
        ],
        at: {
          name: '@metadata.name checkout-latency',
          service: '@spec.service checkout',
          description:
            '@spec.description In 99 % of the one-minute slices of each calendar month, p99 latency stays under 800 ms.',
          budgetingMethod: '@spec.budgetingMethod Timeslices',
          indicatorRef: '@spec.indicatorRef checkout-latency',
        },
      },
    ],
  });
});

test('OpenSLO v1: the SLIs, alert policy, condition, data source and service SLOs refer to', () => {
  assert.deepEqual(
    models([
      'examples/slos/checkout-slis.yaml',
      'examples/slos/alerting.yaml',
      'examples/slos/datasource.yaml',
      'examples/slos/service.yaml',
    ]),
    [
      {
        slos: [],
        sli: {
          kind: 'ratio',
          queries: {
            good: {
              query: 'sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))',
              sourceType: 'Prometheus',
              dataSourceRef: 'prometheus',
              node: '@spec.ratioMetric.good.metricSource',
            },
            total: {
              query: 'sum(rate(http_requests_total{job="checkout"}[5m]))',
              sourceType: 'Prometheus',
              dataSourceRef: 'prometheus',
              node: '@spec.ratioMetric.total.metricSource',
            },
          },
          node: '@spec',
        },
      },
      {
        slos: [],
        sli: {
          kind: 'threshold',
          queries: {
            value: {
              query:
                'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[5m])))',
              sourceType: 'Prometheus',
              dataSourceRef: 'prometheus',
              node: '@spec.thresholdMetric.metricSource',
            },
          },
          node: '@spec',
        },
      },
      {
        slos: [],
        alertPolicy: {
          name: 'checkout-fast-burn',
          alertWhenBreaching: true,
          conditions: [{ ref: 'fast-burn' }],
          node: '@',
        },
      },
      {
        slos: [],
        alertCondition: {
          node: '@',
          at: {
            name: '@metadata.name fast-burn',
            severity: '@spec.severity page',
            kind: '@spec.condition.kind burnrate',
            op: '@spec.condition.op gte',
            threshold: '@spec.condition.threshold 14.4',
            lookbackWindow: '@spec.condition.lookbackWindow 1h',
            alertAfter: '@spec.condition.alertAfter 5m',
          },
          name: 'fast-burn',
          severity: 'page',
          kind: 'burnrate',
          op: 'gte',
          threshold: 14.4,
          lookbackWindow: '1h',
          alertAfter: '5m',
        },
      },
      { slos: [] },
      { slos: [], dataSource: { type: 'Prometheus', url: 'http://prometheus.monitoring:9090', node: '@' } },
      {
        slos: [],
        service: {
          name: 'checkout',
          displayName: 'Checkout',
          description: 'Takes the basket to a paid order.',
          node: '@',
        },
      },
    ],
  );
});

test('OpenSLO v1alpha: ratioMetrics per objective, a count of days', () => {
  assert.deepEqual(models(['test/fixtures/corpus/slok+sloth/examples/openslo-getting-started.yml'])[0], {
    slos: [
      {
        name: 'sloth-slo-my-service',
        format: 'openslo/v1alpha',
        node: '@',
        service: 'my-service',
        labels: {},
        description: 'Common SLO based on availability for HTTP request responses.',
        // Sloth reads `count` days, always rolling (it has no calendar windows).
        window: {
          kind: 'rolling',
          minutes: 43200,
          label: '30 days, rolling',
          duration: '30d',
          node: '@spec.timeWindows[0].count 30',
          at: {
            list: '@spec.timeWindows',
            entry: '@spec.timeWindows[0]',
            duration: '@spec.timeWindows[0].count 30',
          },
        },
        windowNode: '@spec.timeWindows[0].count 30',
        budgetingMethod: 'Occurrences',
        alerting: { style: 'conditions', policies: [] },
        objectives: [
          {
            target: 0.999,
            targetNode: '@spec.objectives[0].target 0.999',
            indicator: {
              kind: 'ratio',
              queries: {
                good: {
                  query:
                    'sum(rate(http_request_duration_seconds_count{job="myservice",code!~"(5..|429)"}[{{.window}}]))',
                  sourceType: 'prometheus',
                  node: '@spec.objectives[0].ratioMetrics.good',
                },
                total: {
                  query: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
                  sourceType: 'prometheus',
                  node: '@spec.objectives[0].ratioMetrics.total',
                },
              },
              node: '@spec.objectives[0].ratioMetrics',
            },
            node: '@spec.objectives[0]',
            at: { target: '@spec.objectives[0].target 0.999', indicator: '@spec.objectives[0].ratioMetrics' },
          },
        ],
        at: {
          name: '@metadata.name sloth-slo-my-service',
          service: '@spec.service my-service',
          description: '@spec.description "Common SLO based on availability for HTTP request responses."',
          budgetingMethod: '@spec.budgetingMethod Occurrences',
        },
      },
    ],
  });
});

test('OpenSLO v2alpha: an inline SLI whose metrics name their data source directly', () => {
  assert.deepEqual(models(['test/fixtures/corpus/OpenSLO+oslo/test/inputs/validate/v2alpha.yaml'])[0], {
    slos: [
      {
        name: 'web-availability',
        format: 'openslo/v2alpha',
        node: '@',
        service: 'web',
        labels: { env: 'prod', team: 'team-a' },
        description: 'X% of search requests are successful',
        window: {
          kind: 'calendar',
          minutes: 10080,
          label: 'calendar week',
          duration: '1w',
          node: '@spec.timeWindow[0].duration 1w',
          at: {
            list: '@spec.timeWindow',
            entry: '@spec.timeWindow[0]',
            duration: '@spec.timeWindow[0].duration 1w',
            isRolling: '@spec.timeWindow[0].isRolling false',
            startTime: '@spec.timeWindow[0].calendar.startTime 2022-01-01 12:00:00',
            timeZone: '@spec.timeWindow[0].calendar.timeZone America/New_York',
          },
          calendar: {
            count: 1,
            unit: 'w',
            startTime: '2022-01-01 12:00:00',
            anchor: { year: 2022, month: 1, day: 1, hour: 12, minute: 0, second: 0 },
            timeZone: 'America/New_York',
          },
        },
        windowNode: '@spec.timeWindow[0].duration 1w',
        budgetingMethod: 'Timeslices',
        indicator: {
          kind: 'ratio',
          queries: {
            good: {
              query: 'sum(http_requests{k8s_cluster="prod",component="web",code=~"2xx|4xx"})',
              dataSourceRef: 'my-prometheus',
              node: '@spec.sli.spec.ratioMetric.good',
            },
            total: {
              query: 'sum(http_requests{k8s_cluster="prod",component="web"})',
              dataSourceRef: 'my-prometheus',
              node: '@spec.sli.spec.ratioMetric.total',
            },
          },
          node: '@spec.sli.spec',
        },
        alerting: { style: 'conditions', policies: [] },
        objectives: [
          {
            displayName: 'Good',
            target: 0.995,
            targetNode: '@spec.objectives[0].target 0.995',
            op: 'gt',
            timeSliceWindow: '1m',
            timeSliceMinutes: 1,
            timeSliceTarget: 0.95,
            node: '@spec.objectives[0]',
            at: {
              displayName: '@spec.objectives[0].displayName Good',
              target: '@spec.objectives[0].target 0.995',
              op: '@spec.objectives[0].op gt',
              timeSliceWindow: '@spec.objectives[0].timeSliceWindow 1m',
              timeSliceTarget: '@spec.objectives[0].timeSliceTarget 0.95',
            },
          },
        ],
        at: {
          name: '@metadata.name web-availability',
          service: '@spec.service web',
          labels: '@metadata.labels',
          description: '@spec.description X% of search requests are successful',
          budgetingMethod: '@spec.budgetingMethod Timeslices',
          indicator: '@spec.sli',
        },
      },
    ],
  });
});

test('Sloth prometheus/v1: events, page and ticket labels, the file labels', () => {
  assert.deepEqual(models(['examples/sloth/payments-api.yaml'])[0], {
    slos: [
      {
        name: 'payments-api-requests-availability',
        format: 'sloth/v1',
        node: '@slos[0]',
        service: 'payments-api',
        labels: { team: 'payments' },
        description: 'Payment API requests that do not fail with a 5xx.',
        window: {
          kind: 'rolling',
          minutes: 43200,
          label: "30 days, rolling (Sloth's SLO period)",
          duration: '30d',
          fromDefaultPeriod: true,
        },
        budgetingMethod: 'Occurrences',
        indicator: {
          kind: 'ratio',
          queries: {
            bad: {
              query: 'sum(rate(http_requests_total{job="payments-api",code=~"5.."}[{{.window}}]))',
              node: '@slos[0].sli.events.error_query sum(rate(http_requests_total{job="payments-api",code=~"5.."}[{{.window}}]))',
            },
            total: {
              query: 'sum(rate(http_requests_total{job="payments-api"}[{{.window}}]))',
              node: '@slos[0].sli.events.total_query sum(rate(http_requests_total{job="payments-api"}[{{.window}}]))',
            },
          },
          node: '@slos[0].sli',
        },
        alerting: {
          style: 'multiwindow',
          source: "Sloth's alert windows",
          name: 'PaymentsApiHighErrorRate',
          labels: { category: 'availability' },
          annotations: {},
          page: {
            disable: false,
            labels: { severity: 'page' },
            annotations: {},
            node: '@slos[0].alerting.page_alert',
          },
          ticket: {
            disable: false,
            labels: { severity: 'ticket' },
            annotations: {},
            node: '@slos[0].alerting.ticket_alert',
          },
          node: '@slos[0].alerting',
        },
        objectives: [
          {
            target: 0.9995,
            targetNode: '@slos[0].objective 99.95',
            node: '@slos[0]',
            at: { target: '@slos[0].objective 99.95' },
          },
        ],
        at: {
          name: '@slos[0].name requests-availability',
          service: '@service payments-api',
          description: '@slos[0].description Payment API requests that do not fail with a 5xx.',
          indicator: '@slos[0].sli',
          alerting: '@slos[0].alerting',
        },
      },
    ],
  });
});

test('Sloth PrometheusServiceLevel: camelCase keys, annotations', () => {
  assert.deepEqual(models(['test/fixtures/corpus/slok+sloth/examples/k8s-getting-started.yml'])[0], {
    slos: [
      {
        name: 'myservice-requests-availability',
        format: 'sloth/k8s',
        node: '@spec.slos[0]',
        service: 'myservice',
        labels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2' },
        description: 'Common SLO based on availability for HTTP request responses.',
        window: {
          kind: 'rolling',
          minutes: 43200,
          label: "30 days, rolling (Sloth's SLO period)",
          duration: '30d',
          fromDefaultPeriod: true,
        },
        budgetingMethod: 'Occurrences',
        indicator: {
          kind: 'ratio',
          queries: {
            bad: {
              query:
                'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))',
              node: '@spec.slos[0].sli.events.errorQuery sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))',
            },
            total: {
              query: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
              node: '@spec.slos[0].sli.events.totalQuery sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
            },
          },
          node: '@spec.slos[0].sli',
        },
        alerting: {
          style: 'multiwindow',
          source: "Sloth's alert windows",
          name: 'MyServiceHighErrorRate',
          labels: { category: 'availability' },
          annotations: { summary: "High error rate on 'myservice' requests responses" },
          page: {
            disable: false,
            labels: { severity: 'pageteam', routing_key: 'myteam' },
            annotations: {},
            node: '@spec.slos[0].alerting.pageAlert',
          },
          ticket: {
            disable: false,
            labels: { severity: 'slack', slack_channel: '#alerts-myteam' },
            annotations: {},
            node: '@spec.slos[0].alerting.ticketAlert',
          },
          node: '@spec.slos[0].alerting',
        },
        objectives: [
          {
            target: 0.999,
            targetNode: '@spec.slos[0].objective 99.9',
            node: '@spec.slos[0]',
            at: { target: '@spec.slos[0].objective 99.9' },
          },
        ],
        at: {
          name: '@spec.slos[0].name "requests-availability"',
          service: '@spec.service "myservice"',
          description:
            '@spec.slos[0].description "Common SLO based on availability for HTTP request responses."',
          indicator: '@spec.slos[0].sli',
          alerting: '@spec.slos[0].alerting',
        },
      },
    ],
  });
});

test('Pyrra: a latency indicator over a 4w window, default alerting', () => {
  assert.deepEqual(models(['examples/pyrra/search-latency.yaml'])[0], {
    slos: [
      {
        name: 'search-latency',
        format: 'pyrra/v1alpha1',
        node: '@',
        service: 'search',
        labels: { team: 'search' },
        description: '95 % of search requests answer within 500 ms.',
        window: {
          kind: 'rolling',
          minutes: 40320,
          label: '28 days, rolling',
          duration: '4w',
          node: '@spec.window 4w',
          at: { duration: '@spec.window 4w' },
        },
        windowNode: '@spec.window 4w',
        budgetingMethod: 'Occurrences',
        indicator: {
          kind: 'latency',
          queries: {
            good: {
              query: 'http_request_duration_seconds_bucket{job="search",le="0.5"}',
              node: '@spec.indicator.latency.success',
            },
            total: {
              query: 'http_request_duration_seconds_count{job="search"}',
              node: '@spec.indicator.latency.total',
            },
          },
          node: '@spec.indicator.latency',
        },
        alerting: {
          style: 'window-scaled-tiers',
          source: "Pyrra's burn-rate tiers",
          disabled: false,
          burnrates: true,
          absent: true,
          severities: {},
        },
        objectives: [
          {
            target: 0.95,
            targetNode: "@spec.target '95'",
            node: '@spec',
            at: { target: "@spec.target '95'" },
          },
        ],
        at: {
          name: '@metadata.name search-latency',
          service: '@metadata.namespace search',
          labels: '@metadata.labels',
          description: '@spec.description 95 % of search requests answer within 500 ms.',
          indicator: '@spec.indicator',
        },
      },
    ],
  });
});

test('Sloth: a plugin SLI, page and ticket alerts disabled', () => {
  assert.deepEqual(
    models(['test/fixtures/corpus/slok+sloth/test/integration/prometheus/testdata/in-sli-plugin.yaml'])[0],
    {
      slos: [
        {
          name: 'svc01-slo1',
          format: 'sloth/v1',
          node: '@slos[0]',
          service: 'svc01',
          labels: { owner: 'myteam', tier: '2' },
          description: 'This is SLO 01.',
          window: {
            kind: 'rolling',
            minutes: 43200,
            label: "30 days, rolling (Sloth's SLO period)",
            duration: '30d',
            fromDefaultPeriod: true,
          },
          budgetingMethod: 'Occurrences',
          indicator: {
            kind: 'plugin',
            queries: {},
            plugin: {
              id: 'integration_test',
              options: { job: 'svc01', filter: 'guybrush="threepwood",melee="island"' },
            },
            node: '@slos[0].sli',
          },
          alerting: {
            style: 'multiwindow',
            source: "Sloth's alert windows",
            labels: {},
            annotations: {},
            page: { disable: true, labels: {}, annotations: {}, node: '@slos[0].alerting.page_alert' },
            ticket: { disable: true, labels: {}, annotations: {}, node: '@slos[0].alerting.ticket_alert' },
            node: '@slos[0].alerting',
          },
          objectives: [
            {
              target: 0.999,
              targetNode: '@slos[0].objective 99.9',
              node: '@slos[0]',
              at: { target: '@slos[0].objective 99.9' },
            },
          ],
          at: {
            name: '@slos[0].name "slo1"',
            service: '@service "svc01"',
            description: '@slos[0].description "This is SLO 01."',
            indicator: '@slos[0].sli',
            alerting: '@slos[0].alerting',
          },
        },
      ],
    },
  );
});
