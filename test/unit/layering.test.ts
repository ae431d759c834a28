// The shape ARCHITECTURE.md describes, kept true: layering enforced by ESLint, small files, typed custom methods.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import * as protocol from '../../src/protocol/requests.js';

const ROOT = path.join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const rel = path.join(dir, entry);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sources(rel);
    return /\.ts$/.test(entry) ? [rel.split(path.sep).join('/')] : [];
  });
}

const lines = (file: string) => readFileSync(path.join(ROOT, file), 'utf8').split('\n').length;

describe('layering', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const engines = ['language', 'budget', 'postmortem', 'prometheus', 'team-report', 'config', 'text'];
  for (const engine of engines) {
    it(`src/${engine} may not import vscode, LSP or an adapter`, async () => {
      const file = path.join(ROOT, 'src', engine, 'layering-probe.ts');
      const text = [
        "import * as vscode from 'vscode';",
        "import { createConnection } from 'vscode-languageserver/node';",
        "import { run } from '../cli/main.js';",
        "import { registerBudgetHandlers } from '../server/handlers/budget.js';",
        'export const probe = [vscode, createConnection, run, registerBudgetHandlers];',
        '',
      ].join('\n');
      const [result] = await eslint.lintText(text, { filePath: file });
      const messages = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      assert.deepEqual(
        messages.map((m) => m.line),
        [1, 2, 3, 4],
      );
    });
  }

  it('the language and the budget engine sit below the settings, postmortems and the report, src/text below all', async () => {
    const probe = async (file: string, text: string) => {
      const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
      return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);
    };
    const upward = [
      "import { readSettings } from '../../config/settings.js';",
      "import { summarise } from '../../postmortem/index.js';",
      "import { buildReport } from '../../team-report/build.js';",
      'export const probe = [readSettings, summarise, buildReport];',
      '',
    ].join('\n');
    assert.deepEqual(await probe('src/language/model/layering-probe.ts', upward), [1, 2, 3]);
    const fromBudget = [
      "import { createLanguageService } from '../language/service.js';",
      "import { PrometheusClient } from '../prometheus/client.js';",
      "import { errorBudget } from './budget.js';",
      'export const probe = [createLanguageService, PrometheusClient, errorBudget];',
      '',
    ].join('\n');
    assert.deepEqual(await probe('src/budget/layering-probe.ts', fromBudget), [1, 2]);
    const fromText = [
      "import { formatPercent } from '../budget/format.js';",
      "import { markdownText } from '../postmortem/markdown.js';",
      "import { visible } from './escape.js';",
      'export const probe = [formatPercent, markdownText, visible];',
      '',
    ].join('\n');
    assert.deepEqual(await probe('src/text/layering-probe.ts', fromText), [1, 2]);
  });

  describe('no Node built-in in what the web builds bundle', () => {
    const nodeImports = [
      "import { readFileSync } from 'node:fs';",
      "import { readFile } from 'node:fs/promises';",
      "import path from 'path';",
      "import os from 'os';",
      "import { spawn } from 'child_process';",
      'export const probe = [readFileSync, readFile, path, os, spawn];',
      '',
    ].join('\n');
    const flagged = async (file: string) => {
      const [result] = await eslint.lintText(nodeImports, { filePath: path.join(ROOT, file) });
      return result!.messages
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => `${m.line}: ${m.message}`);
    };
    const web = [
      'src/language/layering-probe.ts',
      'src/budget/layering-probe.ts',
      'src/rules/layering-probe.ts',
      'src/postmortem/layering-probe.ts',
      'src/prometheus/layering-probe.ts',
      'src/backtest/layering-probe.ts',
      'src/protocol/layering-probe.ts',
      'src/config/layering-probe.ts',
      'src/text/layering-probe.ts',
      'src/fs/layering-probe.ts',
      'src/server/layering-probe.ts',
      'src/server/handlers/layering-probe.ts',
      'src/server/browser/layering-probe.ts',
      'src/extension/layering-probe.ts',
    ];
    for (const file of web)
      it(`${file}: node:fs, node:fs/promises, path, os and child_process are each an error`, async () => {
        const lines = await flagged(file);
        assert.deepEqual(
          lines.map((l) => l.split(':')[0]),
          ['1', '2', '3', '4', '5'],
        );
        assert.match(lines[0]!, /runs in the browser too/);
      });
    const nodeOnly = [
      'src/fs/read.ts',
      'src/postmortem/node/write.ts',
      'src/server/main.ts',
      'src/server/environment.ts',
      'src/extension/main.ts',
    ];
    for (const file of nodeOnly)
      it(`${file} runs only under Node: it may import Node built-ins`, async () => {
        assert.deepEqual(await flagged(file), []);
      });
    it('a Node-only file keeps its layer rule: src/postmortem/node may not import vscode', async () => {
      const [result] = await eslint.lintText(
        "import * as vscode from 'vscode';\nexport const probe = vscode;\n",
        {
          filePath: path.join(ROOT, 'src/postmortem/node/layering-probe.ts'),
        },
      );
      assert.deepEqual(
        result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line),
        [1],
      );
    });
  });

  it('the adapters may import the engines', async () => {
    const [result] = await eslint.lintText(
      "import { createLanguageService } from '../language/service.js';\nexport const probe = createLanguageService;\n",
      { filePath: path.join(ROOT, 'src', 'server', 'layering-probe.ts') },
    );
    assert.deepEqual(
      result!.messages.filter((m) => m.ruleId === 'no-restricted-imports'),
      [],
    );
  });
});

describe('file sizes', () => {
  it('no source file is over 600 lines', () => {
    const long = [...sources('src'), ...sources('webview')].filter((f) => lines(f) > 600);
    assert.deepEqual(long, []);
  });

  it('no server file is over 400 lines', () => {
    assert.deepEqual(
      sources('src/server').filter((f) => lines(f) > 400),
      [],
    );
  });
});

describe('custom protocol', () => {
  it('every teamSre/ method is declared as a typed request or notification', () => {
    const declared = (Object.values(protocol) as unknown[])
      .filter((v): v is { method: string } => typeof v === 'object' && v !== null && 'method' in v)
      .map((v) => v.method)
      .sort();
    const used = new Set<string>();
    for (const file of [...sources('src'), ...sources('webview')])
      for (const m of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/['"`](teamSre\/[A-Za-z]+)['"`]/g))
        used.add(m[1]!);
    assert.deepEqual([...used].sort(), declared);
    const doc = readFileSync(path.join(ROOT, 'docs', 'protocol.md'), 'utf8');
    for (const method of declared) assert.ok(doc.includes(`\`${method}\``), `${method} is documented`);
  });
});
