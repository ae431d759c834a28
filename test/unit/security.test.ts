// What the extension does with files from a repository it cannot trust: each risk and what keeps it in check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chooseEndpoint } from '../../src/prometheus/policy.js';
import { PrometheusClient, PrometheusError } from '../../src/prometheus/client.js';
import { readSettings } from '../../src/config/settings.js';
import { renderTemplate } from '../../src/postmortem/templates.js';

const ROOT = path.join(__dirname, '..', '..');

test('untrusted workspace: no query leaves before the user allows the address, configured or from a DataSource', () => {
  const dataSource = { name: 'prometheus', url: 'http://attacker.example:9090' };
  assert.deepEqual(chooseEndpoint({ configured: '', dataSource, trusted: false, allowed: [] }), {
    confirm: 'http://attacker.example:9090',
    dataSource: 'prometheus',
  });
  assert.deepEqual(
    chooseEndpoint({ configured: 'http://prom.internal:9090', dataSource, trusted: false, allowed: [] }),
    { confirm: 'http://prom.internal:9090', dataSource: '' },
    "the user's own Prometheus gets an untrusted repository's queries only once allowed",
  );
  assert.deepEqual(
    chooseEndpoint({ configured: '', dataSource, trusted: false, allowed: ['http://attacker.example:9090'] }),
    { use: 'http://attacker.example:9090', from: 'dataSource' },
  );
  assert.deepEqual(chooseEndpoint({ configured: '', dataSource, trusted: true, allowed: [] }), {
    use: 'http://attacker.example:9090',
    from: 'dataSource',
  });
  assert.deepEqual(
    chooseEndpoint({ configured: 'http://prom:9090', dataSource, trusted: true, allowed: [] }),
    {
      use: 'http://prom:9090',
      from: 'setting',
    },
  );
  assert.ok('off' in chooseEndpoint({ configured: ' ', trusted: true, allowed: [] }));
});

test('untrusted workspace: its settings for file globs, Prometheus and generated rules are ignored by the editor', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  };
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [
    'teamSre.files.exclude',
    'teamSre.files.include',
    'teamSre.generatedRules',
    'teamSre.prometheus.headers',
    'teamSre.prometheus.url',
  ]);
});

test('settings from the workspace: a postmortem folder outside the workspace falls back to postmortems', () => {
  for (const folder of ['../../etc', '/etc', 'C:\\Windows', 'a/../../b', ''])
    assert.equal(readSettings({ postmortems: { folder } }).postmortems.folder, 'postmortems', folder);
  assert.equal(
    readSettings({ postmortems: { folder: 'docs/postmortems/' } }).postmortems.folder,
    'docs/postmortems',
  );
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

test('a redirect is refused: the bearer token never follows it to another address', async () => {
  const seen: string[] = [];
  const other = await listen((req, res) => {
    seen.push(String(req.headers.authorization));
    res.end('{}');
  });
  const redirecting = await listen((_, res) => {
    res.writeHead(307, { Location: `${other.url}/api/v1/query` }).end();
  });
  try {
    const client = new PrometheusClient({
      url: redirecting.url,
      headers: { Authorization: 'Bearer s3cret' },
    });
    const err = await client.instant('a probe', 'up', new Date()).then(
      () => assert.fail('a redirect was followed'),
      (e: unknown) => e as PrometheusError,
    );
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /^cannot reach http:\/\/127\.0\.0\.1:\d+ \(.*redirect.*\)$/i);
    assert.ok(!err.message.includes('s3cret'));
    assert.deepEqual(seen, []);
  } finally {
    other.server.close();
    redirecting.server.close();
  }
});

test('credentials in a Prometheus URL are refused, so they are not kept in settings or shown', () => {
  assert.throws(
    () => new PrometheusClient({ url: 'https://admin:hunter2@prom.example.com' }),
    (e: PrometheusError) => e.kind === 'url' && !e.message.includes('hunter2'),
  );
});

test('templates from the repository are filled, never evaluated or expanded twice', () => {
  const { text, warnings } = renderTemplate(
    '---\ntitle: {{title}}\n---\n# {{title}}\n{{constructor}} {{__proto__}} {{ toString }}\n',
    { title: '{{owner}} <script>alert(1)</script> ${process.exit(1)}' },
  );
  // Markdown gets the text with its brackets escaped; the front matter a quoted YAML string.
  assert.ok(text.includes('\n# {{owner}} \\<script\\>alert(1)\\</script\\> ${process.exit(1)}\n'), text);
  assert.ok(text.includes('title: "{{owner}} <script>alert(1)</script> ${process.exit(1)}"\n'), text);
  assert.match(text, /\{\{constructor\}\} \{\{__proto__\}\} \{\{ toString \}\}/);
  assert.deepEqual(
    warnings.map((w) => w.placeholder),
    ['constructor', '__proto__', 'toString'],
  );
});
