import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const ROOT = path.join(__dirname, '..', '..');
const GRAMMAR = path.join(ROOT, 'syntaxes', 'promql-injection.tmLanguage.json');

let grammar: Promise<IGrammar>;
function load(): Promise<IGrammar> {
  grammar ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(
      wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer,
    );
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async () => parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR),
    });
    return (await registry.loadGrammar('promql.injection.team-sre'))!;
  })();
  return grammar;
}

/** The scopes of each token of a line, as `text: innermost scope`. */
async function tokens(line: string): Promise<string[]> {
  const g = await load();
  return g
    .tokenizeLine(line, INITIAL)
    .tokens.map((t) => `${line.slice(t.startIndex, t.endIndex)}: ${t.scopes[t.scopes.length - 1]}`)
    .filter((s) => !s.startsWith(' ') && !/^: /.test(s));
}

test('an OpenSLO query: aggregation, function, label matchers, duration', async () => {
  const t = await tokens('          query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))');
  for (const expected of [
    'query: entity.name.tag.yaml',
    'sum: keyword.other.aggregation.promql',
    'rate: support.function.promql',
    'http_requests_total: variable.other.metric.promql',
    'job: entity.other.attribute-name.label.promql',
    '"checkout": string.quoted.double.promql',
    '!~: keyword.operator.matcher.promql',
    '5m: constant.numeric.duration.promql',
  ]) {
    assert.ok(t.includes(expected), `${expected} in ${t.join(' | ')}`);
  }
});

test("Sloth's {{ .window }} placeholder and a quoted query", async () => {
  const t = await tokens(
    `        error_query: 'sum(rate(x{code=~"5.."}[{{ .window }}])) / ignoring(code) sum(y)'`,
  );
  assert.ok(t.includes('{{ .window }}: variable.other.template.window.promql'), t.join(' | '));
  assert.ok(t.includes('ignoring: keyword.operator.promql'), t.join(' | '));
  assert.ok(t.includes("': punctuation.definition.string.begin.yaml"), t.join(' | '));
});

test("Pyrra's metric key; other keys and block scalars are left to the YAML grammar", async () => {
  assert.ok(
    (await tokens('        metric: http_requests_total{le="0.5"}')).includes(
      'le: entity.other.attribute-name.label.promql',
    ),
  );
  assert.ok(!(await tokens('  description: sum(rate(x[5m]))')).some((s) => s.includes('promql')));
  assert.ok(!(await tokens('  query: |')).some((s) => s.includes('promql')));
});
