/**
 * SLO files inside templates (Helm charts): said once to be templates, and nothing a template writes is
 * reported; what does not depend on it is checked as in any file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { normaliseSlos } from '../../src/language/model/slo-model.js';
import type { Diagnostic } from '../../src/language/types.js';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';

const REAL = 'test/fixtures/real/giantswarm+sloth-rules/helm/sloth-rules/templates';

/** `code severity line:col-line:col message`, 1-based as editors show it. */
function summary(ds: Diagnostic[]): string[] {
  return ds.map(
    (d) =>
      `${d.code} ${d.severity} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`,
  );
}

const diagnose = (text: string) => summary(analyzeText('file:///w/slo.yaml', text).diagnostics);

const said = (action: string) =>
  `This file is a template (first action “${action}”): what its actions write is checked only once rendered; check the rendered output too (e.g. of “helm template”).`;

test('a real chart: one information on the first action, its escaped Sloth queries checked and clean', () => {
  const file = `${REAL}/kaas-tenet-etcd-availability.yaml`;
  const analysis = analyzeText(file, readFileSync(file, 'utf8'));
  assert.deepEqual(summary(analysis.diagnostics), [
    `SLO008 info 14:16-14:56 ${said('{{ .Values.managementCluster.customer }}')}`,
  ]);
  // Written by no template: the SLO id stands, and the objective gives a budget.
  assert.deepEqual(
    analysis.definitions.map((d) => d.name),
    ['etcd-availability'],
  );
  const [slo] = normaliseSlos(analysis.objects[0]!);
  assert.equal(slo!.objectives[0]!.target, 0.99);
  assert.equal(
    slo!.indicator?.queries.bad?.query,
    '(sum(rate(grpc_client_handled_total{job="apiserver",grpc_service=~"etcd.*",grpc_code!~"OK|UNAVAILABLE"}[{{.window}}])) by (cluster_id, cluster_type, customer, installation, pipeline, provider, region) / sum(rate(grpc_client_handled_total{job="apiserver",grpc_service=~"etcd.*"}[{{.window}}])) by (cluster_id, cluster_type, customer, installation, pipeline, provider, region) > 0.01)   ',
  );
});

test('a real chart: a query written in parts around an “include” is not checked', () => {
  const file = `${REAL}/kaas-phoenix-karpenter-uptime.yaml`;
  assert.deepEqual(diagnose(readFileSync(file, 'utf8')), [
    `SLO008 info 15:16-15:56 ${said('{{ .Values.managementCluster.customer }}')}`,
  ]);
});

test('a mistake in a query a string constant writes is reported at its column', () => {
  const file = `${REAL}/kaas-tenet-etcd-availability.yaml`;
  const text = readFileSync(file, 'utf8').replace('> 0.01)`}}', '> 0.01`}}');
  assert.deepEqual(diagnose(text).slice(1), [
    'SLO501 error 27:16-27:17 PromQL syntax error: “(” at column 1 is never closed: add “)”.',
  ]);
});

const SLOTH_CHART = `{{- if .Values.slo.enabled }}
apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  service: {{ .Values.service | quote }}
  slos:
    - name: availability
      objective: {{ .Values.objective }}
      sli:
        events:
          errorQuery: sum(rate(http_requests_total{job="{{ .Values.job }}",code=~"5.."}[{{ "{{.window}}" }}]))
          totalQuery: sum(rate(http_requests_total{job="api"}[{{ "{{.window}}" }}]))
      alerting:
        name: ApiAvailability
        {{- if .Values.page }}
        pageAlert:
          disable: false
        {{- else }}
        pageAlert:
          disable: true
        {{- end }}
        ticketAlert:
          disable: true
{{- end }}
`;

test('Helm values, includes and if/else: only the information', () => {
  assert.deepEqual(diagnose(SLOTH_CHART), [`SLO008 info 1:1-1:30 ${said('{{- if .Values.slo.enabled }}')}`]);
});

test('what no template writes is still checked: a bad objective, a query, a key written twice', () => {
  const text = SLOTH_CHART.replace('{{ .Values.objective }}', '120')
    .replace('http_requests_total{job="api"}[', 'http_requests_total{job="api"}[[')
    .replace('        ticketAlert:\n', '        ticketAlert:\n          disable: false\n');
  assert.deepEqual(diagnose(text), [
    `SLO008 info 1:1-1:30 ${said('{{- if .Values.slo.enabled }}')}`,
    'SLO002 warning 28:11-28:18 Duplicate key “disable”: Sloth keeps this last value and ignores the one on line 27; remove one of them.',
    'SLO302 error 12:18-12:21 “objective” is a percentage greater than 0 and at most 100, not 120.',
    // Columns of the query once Sloth writes its window in.
    'SLO501 error 16:84-16:85 PromQL syntax error: “)” at column 53 does not match “[” at column 40: expected “]”.',
  ]);
});

test('a YAML mistake before the first action is reported; after it, the template may be why', () => {
  const before = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: [api
spec:
  service: {{ .Values.service }}
`;
  assert.deepEqual(diagnose(before).slice(1), [
    'SLO001 error 5:1-5:6 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (a closing quote or bracket is missing).',
  ]);
  const after = before
    .replace('name: [api', 'name: api')
    .replace('{{ .Values.service }}', '{{ .Values.service }}\n  slos: [a');
  assert.deepEqual(diagnose(after), [`SLO008 info 6:12-6:33 ${said('{{ .Values.service }}')}`]);
});

test('Pyrra and OpenSLO templates: no type error on a templated value, no unresolved templated name', () => {
  const pyrra = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: {{ .Release.Name }}-errors
spec:
  target: {{ .Values.target }}
  window: {{ .Values.window | default "4w" }}
  indicator:
    ratio:
      errors:
        metric: http_requests_total{job="{{ .Release.Name }}",code=~"5.."}
      total:
        metric: http_requests_total{job="{{ .Release.Name }}"}
`;
  assert.deepEqual(diagnose(pyrra), [`SLO008 info 4:9-4:28 ${said('{{ .Release.Name }}')}`]);
  // Once checked, what the template writes reads as written: the outline and the SLO list name it so.
  const [object] = analyzeText('file:///w/slo.yaml', pyrra).objects;
  assert.equal(object!.name, '{{ .Release.Name }}-errors');
  assert.equal(normaliseSlos(object!)[0]!.name, '{{ .Release.Name }}-errors');
  const openslo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: {{ .Values.name }}
spec:
  service: {{ .Values.service }}
  indicatorRef: {{ .Values.sli }}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: {{ .Values.window }}
      isRolling: true
  objectives:
    - target: {{ .Values.target }}
`;
  const index = new WorkspaceIndex();
  index.set('file:///w/a.yaml', openslo);
  index.set('file:///w/b.yaml', openslo);
  assert.deepEqual(summary(index.diagnostics('file:///w/a.yaml')), [
    `SLO008 info 4:9-4:27 ${said('{{ .Values.name }}')}`,
  ]);
});

test('once per file, on its first template document', () => {
  const text = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api
spec:
  target: "99"
  window: 4w
  indicator:
    bool_gauge:
      metric: up
---
{{- range .Values.slos }}
apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: {{ .name }}
spec:
  target: {{ .target | quote }}
  window: 4w
  indicator:
    bool_gauge:
      metric: up
---
{{- end }}
`;
  assert.deepEqual(diagnose(text), [`SLO008 info 12:1-12:26 ${said('{{- range .Values.slos }}')}`]);
});

test("Sloth's own {{.window}} and Prometheus' alert templates are not template actions", () => {
  const text = `version: prometheus/v1
service: api
slos:
  - name: avail
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(errors[{{.window}}]))
        total_query: sum(rate(requests[{{ .window }}]))
    alerting:
      name: ApiDown
      annotations:
        summary: "{{ $labels.job }} burns its budget at {{ humanize $value }}"
        description: "{{ .Labels.job }} at {{ .Value }}"
`;
  assert.deepEqual(diagnose(text), []);
  assert.deepEqual(diagnose(text.replace('objective: 99.9', 'objective: 0')), [
    'SLO302 error 5:16-5:17 “objective” is a percentage greater than 0 and at most 100, not 0: write e.g. “99.9”.',
  ]);
});

test('hostile templates: unclosed “{{” by the hundred thousand, as many actions in one value, tens of thousands of template lines', () => {
  const head = 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: api\n';
  assert.deepEqual(
    analyzeText('file:///w/h.yaml', `${head}  x: ${'{{'.repeat(300_000)}\n`).diagnostics.map((d) => d.code),
    ['SLO001'],
  );
  assert.deepEqual(
    analyzeText('file:///w/h.yaml', `${head}  x: ${'{{ .a }}'.repeat(200_000)}\n`).diagnostics.map(
      (d) => d.code,
    ),
    ['SLO008', 'SLO010'],
  );
  const lines = `${head}spec:\n${'  {{ include "x" . }}\n'.repeat(80_000)}`;
  assert.deepEqual(summary(analyzeText('file:///w/h.yaml', lines).diagnostics), [
    `SLO008 info 6:3-6:22 ${said('{{ include "x" . }}')}`,
  ]);
});
