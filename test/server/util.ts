import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  Diagnostic,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { TestClient } from './client.js';

/** A temporary workspace folder holding the given files; removed by `dispose`. */
export class TempWorkspace {
  readonly dir: string;

  constructor(files: Record<string, string> = {}) {
    // realpath: the server compares the paths of file URIs with the folder's.
    this.dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'team-sre-server-')));
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  uri(name: string): string {
    return pathToFileURL(this.path(name)).href;
  }

  write(name: string, text: string): string {
    mkdirSync(path.dirname(this.path(name)), { recursive: true });
    writeFileSync(this.path(name), text);
    return this.uri(name);
  }

  remove(name: string): void {
    rmSync(this.path(name), { force: true });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An untitled-like URI in no workspace folder. */
export function looseUri(name: string): string {
  return pathToFileURL(path.join(os.tmpdir(), 'team-sre-loose', name)).href;
}

/** The offsets at which each line of a text starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function offsetAt(text: string, p: Position): number {
  const starts = lineStarts(text);
  assert.ok(p.line >= 0 && p.line < starts.length, `line ${p.line} inside the text`);
  const offset = starts[p.line]! + p.character;
  const lineEnd = (starts[p.line + 1] ?? text.length + 1) - 1;
  assert.ok(offset <= lineEnd, `character ${p.character} inside line ${p.line}`);
  return offset;
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

/** The range of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at !== -1, `${JSON.stringify(needle)} occurs ${occurrence + 1} times`);
  }
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

/** The position `delta` characters into the `occurrence`-th appearance of `needle`. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  const { start } = rangeOf(text, needle, occurrence);
  return { line: start.line, character: start.character + delta };
}

/** Applies LSP text edits (non-overlapping, all against the original text) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const spans = edits
    .map((e, i) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), e, i }))
    .sort((a, b) => a.start - b.start || a.i - b.i);
  for (let i = 1; i < spans.length; i++)
    assert.ok(spans[i]!.start >= spans[i - 1]!.end, `edits overlap: ${JSON.stringify(edits)}`);
  let out = '';
  let at = 0;
  for (const s of spans) {
    assert.ok(s.end >= s.start, `edit range is ordered: ${JSON.stringify(s.e.range)}`);
    out += text.slice(at, s.start) + s.e.newText;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Plain text edits (this server sends no snippet edits). */
function textEdits(edits: Array<TextEdit | { snippet: unknown }>): TextEdit[] {
  for (const e of edits) assert.ok('newText' in e, 'a plain text edit');
  return edits as TextEdit[];
}

/** Applies a workspace edit to texts by URI; returns the new texts (only `changes` or text-document edits). */
export function applyWorkspaceEdit(
  texts: Record<string, string>,
  edit: WorkspaceEdit,
): Record<string, string> {
  const out = { ...texts };
  const byUri: Record<string, TextEdit[]> = { ...(edit.changes ?? {}) };
  for (const change of edit.documentChanges ?? []) {
    assert.ok('textDocument' in change, 'only text document edits');
    byUri[change.textDocument.uri] = [...(byUri[change.textDocument.uri] ?? []), ...textEdits(change.edits)];
  }
  for (const [uri, edits] of Object.entries(byUri)) {
    assert.ok(uri in out, `edit for a known document: ${uri}`);
    out[uri] = applyEdits(out[uri]!, edits);
  }
  return out;
}

/** An open editor buffer: sends didOpen/didChange like an editor and keeps the text and version in step. */
export class Doc {
  version = 0;

  constructor(
    readonly client: TestClient,
    readonly uri: string,
    public text: string,
  ) {}

  async open(): Promise<this> {
    this.version = 1;
    await this.client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: 'yaml', version: this.version, text: this.text },
    });
    return this;
  }

  /** One incremental change replacing `range` with `text`. */
  async edit(range: Range, newText: string): Promise<void> {
    this.text = applyEdits(this.text, [{ range, newText }]);
    this.version++;
    await this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ range, text: newText }],
    });
  }

  /** Replaces the `occurrence`-th `needle` of the text, as one incremental change. */
  async replace(needle: string, newText: string, occurrence = 0): Promise<void> {
    await this.edit(rangeOf(this.text, needle, occurrence), newText);
  }

  /** A full-text change (no range). */
  async setText(text: string): Promise<void> {
    this.text = text;
    this.version++;
    await this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ text }],
    });
  }

  async close(): Promise<void> {
    await this.client.connection.sendNotification('textDocument/didClose', {
      textDocument: { uri: this.uri },
    });
  }

  /** The diagnostics published for the current version (already received, or still to come). */
  diagnostics(timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return published(this.client, this.uri, (p) => p.version === this.version, timeoutMs);
  }

  /** Sends the workspace edit's changes for this document as one didChange, like an editor applying it. */
  async apply(edit: WorkspaceEdit): Promise<void> {
    const mine: WorkspaceEdit = { changes: { [this.uri]: edit.changes?.[this.uri] ?? [] } };
    for (const change of edit.documentChanges ?? [])
      if ('textDocument' in change && change.textDocument.uri === this.uri)
        mine.changes![this.uri]!.push(...textEdits(change.edits));
    await this.setText(applyWorkspaceEdit({ [this.uri]: this.text }, mine)[this.uri]!);
  }
}

/** The last publishDiagnostics for `uri` received so far that satisfies `accept`, or the next one. */
export function published(
  client: TestClient,
  uri: string,
  accept: (p: PublishDiagnosticsParams) => boolean = () => true,
  timeoutMs?: number,
): Promise<PublishDiagnosticsParams> {
  const seen = client.received
    .filter((m) => m.method === 'textDocument/publishDiagnostics')
    .map((m) => m.params as PublishDiagnosticsParams)
    .filter((p) => p.uri === uri && accept(p))
    .at(-1);
  return seen ? Promise.resolve(seen) : client.diagnostics(uri, accept, timeoutMs);
}

/** Opens a document and waits for its first diagnostics. */
export async function openDoc(
  client: TestClient,
  uri: string,
  text: string,
): Promise<{ doc: Doc; diagnostics: Diagnostic[] }> {
  const doc = await new Doc(client, uri, text).open();
  return { doc, diagnostics: (await doc.diagnostics()).diagnostics };
}

/** `code@line:col-line:col` (1-based), to compare diagnostics compactly. */
export function brief(d: Diagnostic): string {
  const r = d.range;
  return `${d.code}@${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/** A diagnostic's message, which this server always sends as plain text. */
export function message(d: Diagnostic): string {
  assert.equal(typeof d.message, 'string');
  return d.message as string;
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

export function errors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 1);
}

/** Waits until the server has handled every message sent before (a request round-trip). */
export async function settle(client: TestClient): Promise<void> {
  await client.connection.sendRequest('textDocument/documentSymbol', {
    textDocument: { uri: looseUri('settle.yaml') },
  });
}

/** An OpenSLO v1 SLI named `name`, as a ratio of good to total requests. */
export function sliYaml(name: string): string {
  return `apiVersion: openslo/v1
kind: SLI
metadata:
  name: ${name}
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{code!~"5.."}[5m]))
    total:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total[5m]))
`;
}

/** An OpenSLO v1 SLO named `name` using the SLI `sli` by reference, 99.9 % over 28 days rolling. */
export function sloYaml(name: string, sli: string, target = '0.999'): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: checkout
  indicatorRef: ${sli}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Available
      target: ${target}
`;
}

/** Changes the settings like an editor: new answer to workspace/configuration, then didChangeConfiguration; resolves once re-indexed. */
export async function reconfigure(client: TestClient, settings: unknown): Promise<void> {
  client.setSettings(settings);
  const mark = client.received.length;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await client.waitFor(
    'window/logMessage',
    (m) => client.received.indexOf(m) >= mark && /^Indexed/.test((m.params as { message: string }).message),
  );
  await settle(client);
}
