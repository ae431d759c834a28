// A generated, deterministic workspace of 5 000 files as a platform monorepo holds them: per team an
// OpenSLO DataSource, Services, SLIs and SLOs that reference each other across files, Sloth and Pyrra
// files, and YAML that is no SLO at all (Kubernetes manifests, GitHub workflows, a JSON dashboard).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const TEAMS = 100;
/** Files per team; TEAMS × FILES_PER_TEAM is the workspace's size. */
export const FILES_PER_TEAM = 50;

/** A small seeded generator (mulberry32): the same workspace on every run and machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const TARGETS = ['0.99', '0.995', '0.999', '0.9995', '0.95'];
const WINDOWS = ['28d', '30d', '7d', '1w'];

function dataSource(team: string): string {
  return `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: ${team}-prometheus
spec:
  description: The Prometheus of ${team}.
  type: Prometheus
  connectionDetails:
    url: http://prometheus.${team}.svc:9090
`;
}

function service(team: string, s: number): string {
  return `apiVersion: openslo/v1
kind: Service
metadata:
  name: ${team}-svc-${s}
  displayName: ${team} service ${s}
spec:
  description: Service ${s} of ${team}.
`;
}

/** Two SLIs per file: a ratio and a threshold one. */
function slis(team: string, k: number): string {
  const job = `${team}-svc-${k % 4}`;
  return `apiVersion: openslo/v1
kind: SLI
metadata:
  name: ${team}-sli-${k}-availability
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        metricSourceRef: ${team}-prometheus
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{job="${job}",code!~"5.."}[5m]))
    total:
      metricSource:
        metricSourceRef: ${team}-prometheus
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{job="${job}"}[5m]))
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: ${team}-sli-${k}-latency
spec:
  thresholdMetric:
    metricSource:
      metricSourceRef: ${team}-prometheus
      type: Prometheus
      spec:
        query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${job}"}[5m])))
`;
}

/**
 * An SLO file of one or two SLOs referencing the team's SLIs and Services; a few carry the mistakes real
 * files have (a misspelt reference, a duplicate key), so the cross-file checks have something to report.
 */
function slos(team: string, k: number, rnd: () => number): string {
  const docs: string[] = [];
  const count = rnd() < 0.5 ? 1 : 2;
  for (let d = 0; d < count; d++) {
    const sli = (k + d) % 8;
    const typo = rnd() < 0.03;
    const duplicate = rnd() < 0.01;
    const target = TARGETS[Math.floor(rnd() * TARGETS.length)]!;
    const window = WINDOWS[Math.floor(rnd() * WINDOWS.length)]!;
    docs.push(`apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${team}-slo-${k}-${d}
  displayName: ${team} SLO ${k}.${d}
  labels:
    team: ${team}
${duplicate ? '    team: platform\n' : ''}spec:
  description: ${target} of the requests of ${team} service ${sli % 4} succeed over ${window}.
  service: ${team}-svc-${sli % 4}
  indicatorRef: ${team}-sli-${sli}-${typo ? 'availabilty' : 'availability'}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: ${window}
      isRolling: true
  objectives:
    - displayName: Available
      target: ${target}
`);
  }
  return docs.join('---\n');
}

function sloth(team: string, k: number, rnd: () => number): string {
  const objective = (99 + Math.floor(rnd() * 10) / 10).toFixed(1);
  return `version: prometheus/v1
service: ${team}-sloth-${k}
labels:
  team: ${team}
slos:
  - name: requests-availability
    objective: ${objective}
    description: Requests of ${team} worker ${k} that do not fail with a 5xx.
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="${team}-worker-${k}",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="${team}-worker-${k}"}[{{.window}}]))
    alerting:
      name: ${team.replace(/-/g, '')}Worker${k}HighErrorRate
      labels:
        category: availability
      page_alert:
        labels:
          severity: page
      ticket_alert:
        labels:
          severity: ticket
`;
}

function pyrra(team: string, k: number, rnd: () => number): string {
  const target = ['95', '99', '99.5', '99.9'][Math.floor(rnd() * 4)]!;
  return `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: ${team}-search-${k}
  namespace: ${team}
  labels:
    team: ${team}
spec:
  description: ${target} % of search requests answer within 500 ms.
  target: '${target}'
  window: 4w
  indicator:
    latency:
      success:
        metric: http_request_duration_seconds_bucket{job="${team}-search-${k}",le="0.5"}
      total:
        metric: http_request_duration_seconds_count{job="${team}-search-${k}"}
`;
}

function kubernetes(team: string, k: number): string {
  const name = `${team}-svc-${k % 4}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${team}
  labels:
    app: ${name}
spec:
  replicas: ${2 + (k % 3)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: registry.example.com/${team}/${name}:1.${k}.0
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${team}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 8080
`;
}

function workflow(team: string, k: number): string {
  return `name: ${team} ${['build', 'deploy', 'lint'][k % 3]}
on:
  push:
    branches: [main]
    paths: ['teams/${team}/**']
  pull_request:
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm run ${['build', 'deploy', 'lint'][k % 3]} -- --team ${team}
`;
}

function dashboard(team: string): string {
  return `${JSON.stringify(
    {
      title: `${team} overview`,
      panels: Array.from({ length: 6 }, (_, i) => ({
        id: i + 1,
        type: 'timeseries',
        title: `${team} service ${i % 4} requests`,
        targets: [{ expr: `sum(rate(http_requests_total{job="${team}-svc-${i % 4}"}[5m]))` }],
      })),
    },
    null,
    2,
  )}\n`;
}

export interface GeneratedWorkspace {
  /** Every file written (absolute paths), in generation order. */
  files: string[];
  /** The SLO file opened and edited by the server rows, and where its first `target` value starts. */
  editedFile: string;
  editedLine: number;
  editedCharacter: number;
  editedValue: string;
}

/** Writes the workspace under `root` (which must exist and be empty). */
export function generateWorkspace(root: string): GeneratedWorkspace {
  const rnd = random(0x51_0e);
  const files: string[] = [];
  const write = (rel: string, text: string) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    files.push(file);
  };
  for (let t = 0; t < TEAMS; t++) {
    const team = `team-${pad(t, 3)}`;
    const dir = `teams/${team}`;
    write(`${dir}/openslo/datasource.yaml`, dataSource(team));
    for (let s = 0; s < 4; s++) write(`${dir}/openslo/services/svc-${s}.yaml`, service(team, s));
    for (let k = 0; k < 8; k++) write(`${dir}/openslo/slis/sli-${pad(k)}.yaml`, slis(team, k));
    for (let k = 0; k < 16; k++) write(`${dir}/openslo/slos/slo-${pad(k)}.yaml`, slos(team, k, rnd));
    for (let k = 0; k < 5; k++) write(`${dir}/sloth/worker-${k}.yml`, sloth(team, k, rnd));
    for (let k = 0; k < 4; k++) write(`${dir}/pyrra/search-${k}.yaml`, pyrra(team, k, rnd));
    for (let k = 0; k < 8; k++) write(`${dir}/deploy/k8s-${pad(k)}.yaml`, kubernetes(team, k));
    for (let k = 0; k < 3; k++) write(`${dir}/.github/workflows/ci-${k}.yml`, workflow(team, k));
    write(`${dir}/dashboards/overview.json`, dashboard(team));
  }
  // A file in the middle of the walk order, so indexing is under way before and after it.
  const editedFile = path.join(root, 'teams', `team-${pad(TEAMS / 2, 3)}`, 'openslo', 'slos', 'slo-07.yaml');
  // Read back rather than regenerated: the random sequence is consumed in generation order.
  const text = files.includes(editedFile) ? readFileSync(editedFile, 'utf8') : '';
  const lines = text.split('\n');
  const editedLine = lines.findIndex((l) => /^ {6}target: /.test(l));
  if (editedLine < 0) throw new Error('the edited SLO file lacks a target line');
  const m = /^( {6}target: )(\S+)$/.exec(lines[editedLine]!)!;
  return { files, editedFile, editedLine, editedCharacter: m[1]!.length, editedValue: m[2]! };
}
