// Writes dist/snippets.json, the editor snippets for a new SLO in each format, from the same snippets the
// language server completes (src/language/features/snippets.ts). Run by `npm run build`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENT_SNIPPETS } from '../src/language/features/snippets.js';

export const SNIPPETS_FILE = path.join(__dirname, '..', 'dist', 'snippets.json');

const PREFIXES: Record<string, string> = {
  'OpenSLO SLO (ratio, rolling window)': 'openslo-slo',
  'OpenSLO SLI': 'openslo-sli',
  'OpenSLO DataSource (Prometheus)': 'openslo-datasource',
  'OpenSLO Service': 'openslo-service',
  'Sloth SLOs (prometheus/v1)': 'sloth-slo',
  'Sloth PrometheusServiceLevel (Kubernetes)': 'sloth-k8s-slo',
  'Pyrra ServiceLevelObjective': 'pyrra-slo',
};

export function editorSnippets(): Record<string, { prefix: string; description: string; body: string[] }> {
  return Object.fromEntries(
    DOCUMENT_SNIPPETS.map((s) => [
      s.label,
      {
        prefix: PREFIXES[s.label] ?? s.label,
        description: s.description,
        body: s.body.replace(/\n$/, '').split('\n'),
      },
    ]),
  );
}

if (require.main === module) {
  mkdirSync(path.dirname(SNIPPETS_FILE), { recursive: true });
  writeFileSync(SNIPPETS_FILE, JSON.stringify(editorSnippets(), null, 2) + '\n');
  console.log(`${path.relative(process.cwd(), SNIPPETS_FILE)}: ${DOCUMENT_SNIPPETS.length} snippets`);
}
