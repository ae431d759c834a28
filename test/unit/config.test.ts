// The settings module against package.json (neither can drift) and what its readers make of bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSetting, readSettingIn, SETTINGS, settingDefault } from '../../src/config/schema.js';
import {
  DEFAULT_SETTINGS,
  DEFAULT_SLOTH_PERIOD,
  fileSelection,
  readSettings,
} from '../../src/config/settings.js';
import { DEFAULT_SELECTION } from '../../src/language/workspace/files.js';

const ROOT = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
};
const properties = manifest.contributes.configuration.properties;

test('package.json declares exactly the settings of the module, with the same schema', () => {
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(SETTINGS).sort());
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const { description, markdownDescription, ...schema } = properties[key]!;
    assert.ok(typeof (description ?? markdownDescription) === 'string', `${key} has a description`);
    assert.deepEqual(schema, JSON.parse(JSON.stringify(setting.schema)), key);
  }
});

test('the defaults, type by type, as package.json gives them', () => {
  assert.deepEqual(Object.fromEntries(Object.keys(SETTINGS).map((key) => [key, properties[key]!.default])), {
    'teamSre.trace.server': 'off',
    'teamSre.rules': {},
    'teamSre.files.include': ['**/*.yaml', '**/*.yml', '**/*.json'],
    'teamSre.files.exclude': [],
    'teamSre.sloth.defaultPeriod': '30d',
    'teamSre.strictReferences': false,
    'teamSre.maxFileSizeMB': 2,
    'teamSre.prometheus.url': '',
    'teamSre.prometheus.headers': {},
    'teamSre.prometheus.timeout': 10,
    'teamSre.prometheus.refreshInterval': 60,
    'teamSre.postmortems.folder': 'postmortems',
    'teamSre.generatedRules': [],
  });
  assert.equal(DEFAULT_SLOTH_PERIOD, '30d');
  assert.equal(settingDefault('teamSre.prometheus.timeout'), 10);
  assert.deepEqual(DEFAULT_SETTINGS, {
    rules: {},
    strictReferences: false,
    files: DEFAULT_SELECTION,
    sloth: { defaultPeriod: '30d' },
    maxFileSize: 2 * 1024 * 1024,
    postmortems: { folder: 'postmortems' },
    generatedRules: [],
  });
});

test('each reader keeps a valid value', () => {
  assert.equal(readSetting('teamSre.trace.server', 'verbose'), 'verbose');
  assert.deepEqual(readSetting('teamSre.files.include', ['slos/**/*.yaml']), ['slos/**/*.yaml']);
  assert.deepEqual(readSetting('teamSre.files.exclude', ['**/old/**']), ['**/old/**']);
  assert.equal(readSetting('teamSre.sloth.defaultPeriod', '4w'), '4w');
  assert.equal(readSetting('teamSre.strictReferences', true), true);
  assert.equal(readSetting('teamSre.maxFileSizeMB', 0.05), 0.05);
  assert.equal(readSetting('teamSre.prometheus.url', 'http://prom:9090'), 'http://prom:9090');
  assert.equal(readSetting('teamSre.prometheus.timeout', 300), 300);
  assert.equal(readSetting('teamSre.prometheus.timeout', 1), 1);
  assert.equal(readSetting('teamSre.prometheus.timeout', 0.5), 0.5);
});

test('the Prometheus timeout is kept within 0.1 to 3600 seconds, as --timeout is', () => {
  assert.deepEqual(
    [0.0001, 0, -5, 3601, 1e10, 2_147_484].map((t) => readSetting('teamSre.prometheus.timeout', t)),
    [0.1, 0.1, 0.1, 3600, 3600, 3600],
  );
  assert.equal(readSetting('teamSre.prometheus.refreshInterval', 0), 0);
  assert.equal(readSetting('teamSre.postmortems.folder', ' docs/postmortems// '), 'docs/postmortems');
});

test('each reader falls back to the default on bad input', () => {
  const bad: Array<[Parameters<typeof readSetting>[0], unknown, unknown]> = [
    ['teamSre.trace.server', 'loud', 'off'],
    ['teamSre.trace.server', 1, 'off'],
    ['teamSre.rules', 'off', {}],
    ['teamSre.rules', null, {}],
    ['teamSre.files.include', '**/*.yaml', ['**/*.yaml', '**/*.yml', '**/*.json']],
    ['teamSre.files.include', ['a', 2], ['**/*.yaml', '**/*.yml', '**/*.json']],
    ['teamSre.files.exclude', { glob: 'x' }, []],
    ['teamSre.sloth.defaultPeriod', '30 days', '30d'],
    ['teamSre.sloth.defaultPeriod', '1M', '30d'],
    ['teamSre.sloth.defaultPeriod', 30, '30d'],
    ['teamSre.strictReferences', 'true', false],
    ['teamSre.strictReferences', 1, false],
    ['teamSre.maxFileSizeMB', 0, 2],
    ['teamSre.maxFileSizeMB', -1, 2],
    ['teamSre.maxFileSizeMB', '5', 2],
    ['teamSre.prometheus.url', 9090, ''],
    ['teamSre.prometheus.headers', 'X-Scope-OrgID: a', {}],
    ['teamSre.prometheus.timeout', '30', 10],
    ['teamSre.prometheus.timeout', Number.POSITIVE_INFINITY, 10],
    ['teamSre.prometheus.timeout', Number.NaN, 10],
    ['teamSre.prometheus.refreshInterval', -1, 60],
    ['teamSre.prometheus.refreshInterval', null, 60],
    ['teamSre.postmortems.folder', '../incidents', 'postmortems'],
    ['teamSre.postmortems.folder', '/var/postmortems', 'postmortems'],
    ['teamSre.postmortems.folder', 'C:\\postmortems', 'postmortems'],
    ['teamSre.postmortems.folder', '  ', 'postmortems'],
    ['teamSre.postmortems.folder', ['postmortems'], 'postmortems'],
  ];
  for (const [key, raw, fallback] of bad)
    assert.deepEqual(readSetting(key, raw), fallback, `${key} = ${JSON.stringify(raw)}`);
});

test('maps keep their valid entries only; rule codes are upper-cased', () => {
  assert.deepEqual(
    readSetting('teamSre.rules', { slo601: 'off', SLO401: 'error', SLO101: 'fatal', SLO102: 2 }),
    { SLO601: 'off', SLO401: 'error' },
  );
  assert.deepEqual(
    readSetting('teamSre.prometheus.headers', { 'X-Scope-OrgID': 'payments', 'X-Retries': 3, 'X-Off': null }),
    { 'X-Scope-OrgID': 'payments' },
  );
});

test('settings in the shape a client sends them: nested sections, anything else ignored', () => {
  assert.equal(readSettingIn({ prometheus: { timeout: 30 } }, 'teamSre.prometheus.timeout'), 30);
  assert.equal(readSettingIn({ prometheus: 'fast' }, 'teamSre.prometheus.timeout'), 10);
  assert.equal(readSettingIn(null, 'teamSre.sloth.defaultPeriod'), '30d');
  assert.equal(readSettingIn({ 'sloth.defaultPeriod': '28d' }, 'teamSre.sloth.defaultPeriod'), '30d');
});

test('readSettings: what the server uses, valid and invalid', () => {
  assert.deepEqual(
    readSettings({
      rules: { slo601: 'off' },
      files: { include: ['slos/*.yaml'], exclude: ['**/old/**'] },
      strictReferences: true,
      sloth: { defaultPeriod: '28d' },
      maxFileSizeMB: 0.5,
      postmortems: { folder: 'docs/postmortems/' },
      generatedRules: [
        { slo: 'slos/*.yaml', output: 'rules/${name}.yaml' },
        { slo: '', output: 'x' },
        { slo: 'a', output: 7 },
        'rules/',
      ],
    }),
    {
      rules: { SLO601: 'off' },
      strictReferences: true,
      files: { include: ['slos/*.yaml'], exclude: [...DEFAULT_SELECTION.exclude, '**/old/**'] },
      sloth: { defaultPeriod: '28d' },
      maxFileSize: 524288,
      postmortems: { folder: 'docs/postmortems' },
      generatedRules: [{ slo: 'slos/*.yaml', output: 'rules/${name}.yaml' }],
    },
  );
  const fallback = {
    rules: {},
    strictReferences: false,
    files: { include: DEFAULT_SELECTION.include, exclude: DEFAULT_SELECTION.exclude },
    sloth: { defaultPeriod: '30d' },
    maxFileSize: 2097152,
    postmortems: { folder: 'postmortems' },
    generatedRules: [],
  };
  for (const raw of [
    undefined,
    'teamSre',
    [],
    {
      rules: 'off',
      strictReferences: 'yes',
      files: { include: 'x', exclude: [1] },
      sloth: { defaultPeriod: 'monthly' },
      maxFileSizeMB: -2,
      postmortems: { folder: '../x' },
      generatedRules: { slo: '**', output: 'x' },
    },
  ])
    assert.deepEqual(readSettings(raw), fallback, JSON.stringify(raw));
  assert.deepEqual(readSettings({ files: { include: [] } }).files.include, []);
});

test('fileSelection: the include globs given replace the default ones; the exclude globs add to them', () => {
  assert.deepEqual(fileSelection(undefined, []), {
    include: DEFAULT_SELECTION.include,
    exclude: DEFAULT_SELECTION.exclude,
  });
  assert.deepEqual(fileSelection(['**/slos/*.yaml'], ['**/old/**']), {
    include: ['**/slos/*.yaml'],
    exclude: [...DEFAULT_SELECTION.exclude, '**/old/**'],
  });
});
