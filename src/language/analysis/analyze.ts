import { Composer, isMap, isSeq, Parser } from 'yaml';
import type { CST, Document, YAMLError } from 'yaml';
import type { ObjectFacts } from '../model/facts.js';
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from '../model/slo-model.js';
import { claimsSloFormat, detectFormat, SLO_TEXT_HINT } from '../formats/detect.js';
import { formatOf } from '../formats/registry.js';
import { mayHoldSloObject } from '../formats/prescan.js';
import type { FileAnalysis, SloObject } from './object.js';
import { DEFAULT_MAX_FILE_SIZE } from './limits.js';
import { tooLarge } from './too-large.js';
import { YNode } from '../syntax/node.js';
import { Reporter } from '../diagnostics/reporter.js';
import { truncate } from '../fields/field-spec.js';
import { TextPositions } from '../syntax/text.js';
import {
  blankTemplates,
  placeholder,
  restoreTemplates,
  Spans,
  templateActions,
  unknowableSpans,
  type TemplateAction,
} from '../syntax/templates.js';
import { duplicateKeys } from '../syntax/duplicate-keys.js';
import type { Diagnostic, Range } from '../types.js';

export type { FileAnalysis, SloObject };

export interface AnalyzeOptions {
  /** Files above this many characters get one diagnostic and no analysis. */
  maxFileSize?: number;
  /** Sloth's SLO period, the window of Sloth SLOs in the model (default `DEFAULT_SLOTH_PERIOD`). */
  slothPeriod?: string;
  /** How the user raises the size limit, ending SLO006's message (e.g. the setting or the flag to change). */
  raiseLimit?: string;
  /**
   * Every file above the limit gets SLO006, not only one whose start shows an SLO format: a check that must
   * not pass a file it did not read (CI) cannot tell an SLO padded with a long comment from a data file.
   */
  reportEveryLargeFile?: boolean;
}

export { DEFAULT_MAX_FILE_SIZE };

const YAML_HINTS: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation: indent with spaces',
  BAD_INDENT: 'the indentation does not line up with the enclosing block',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY:
    'a key must fit on one line; is a `:` or a closing quote missing on the line before?',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block cannot be a key; check the indentation',
  BAD_DQ_ESCAPE:
    'invalid escape in a double-quoted string: write `\\\\` for a backslash, or use single quotes',
  RESOURCE_EXHAUSTION: 'the document expands too many aliases',
};

function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

/** An unclosed quote is reported at the end of the file; point at the quote that opened instead. */
function syntaxErrorPosition(text: string, err: YAMLError): [number, number] {
  const quote = /Missing closing (["'])quote/.exec(err.message)?.[1];
  if (quote && err.pos[0] >= text.trimEnd().length - 1) {
    const open = text.lastIndexOf(quote, Math.max(0, text.length - 1));
    if (open !== -1) return [open, open + 1];
  }
  return err.pos;
}

/** Widens a parser error position to the token it concerns, so the squiggle is visible. */
function errorOffsets(text: string, pos: [number, number]): [number, number] {
  let [start, end] = pos;
  start = Math.min(Math.max(0, start), text.length);
  end = Math.min(Math.max(start, end), text.length);
  if (end - start > 1) {
    const nl = text.indexOf('\n', start);
    return [start, nl !== -1 && nl < end ? Math.max(nl, start + 1) : end];
  }
  const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
  if (isSpace(text[start])) {
    // At a line end or in whitespace: point at the token before.
    let s = start;
    while (s > 0 && isSpace(text[s - 1]) && text[s - 1] !== '\n') s--;
    if (s > 0 && text[s - 1] !== '\n') {
      let b = s;
      while (b > 0 && !isSpace(text[b - 1])) b--;
      return [b, s];
    }
    let e = start;
    while (e < text.length && isSpace(text[e]) && text[e] !== '\n') e++;
    let f = e;
    while (f < text.length && !isSpace(text[f])) f++;
    if (f > e) return [e, f];
    // Nothing follows on this line (e.g. the end of the file): the last token before, across lines.
    let t = start;
    while (t > 0 && isSpace(text[t - 1])) t--;
    let b = t;
    while (b > 0 && !isSpace(text[b - 1])) b--;
    return t > b ? [b, t] : [start, Math.min(start + 1, text.length)];
  }
  let e = start;
  while (e < text.length && !isSpace(text[e])) e++;
  return [start, Math.max(e, start + 1)];
}

/**
 * Collections nested deeper than this are not composed. The composer recurses once per level, and where
 * the stack runs out depends on the engine's state (cold code has larger frames): below a fixed limit,
 * the same text gets the same verdict every time. Real SLO files nest a dozen levels.
 */
const MAX_NESTING = 500;

/** The offset of the first collection nested deeper than MAX_NESTING, if any (without recursing). */
function tooDeepAt(tokens: CST.Token[]): number | undefined {
  // Tokens and their depths on two parallel stacks: no pair allocated per token.
  const stack: CST.Token[] = tokens.slice();
  const depths: number[] = tokens.map(() => 0);
  let first: number | undefined;
  while (stack.length) {
    const token = stack.pop()!;
    const depth = depths.pop()!;
    if (token.type === 'document') {
      if (token.value) {
        stack.push(token.value);
        depths.push(depth);
      }
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= MAX_NESTING) {
        first = Math.min(first ?? token.offset, token.offset);
        continue;
      }
      for (const item of token.items) {
        if ('key' in item && item.key) {
          stack.push(item.key);
          depths.push(depth + 1);
        }
        if (item.value) {
          stack.push(item.value);
          depths.push(depth + 1);
        }
      }
    }
  }
  return first;
}

/** Reports nesting too deep to read, on the whole line where it happens. */
function reportTooDeep(r: Reporter, offset: number): void {
  const [lineStart, lineEnd] = r.positions.lineBounds(Math.min(offset, r.text.length));
  const indent = /^\s*/.exec(r.text.slice(lineStart, lineEnd))![0].length;
  r.report(
    'SLO001',
    [lineStart + indent, Math.max(lineEnd, lineStart + indent + 1)],
    'The YAML nests too deeply to be read (thousands of levels): flatten the structure.',
  );
}

/** Analyzes one YAML document (or a whole text) on its own: syntax, format detection, every per-object rule. */
function analyzeChunk(
  uri: string,
  text: string,
  modelOptions: ModelOptions,
  positions = new TextPositions(text),
): FileAnalysis {
  // Template actions (Helm's `{{ .Values.x }}`) blanked to as many characters, so the YAML around them parses;
  // the rules read the blanked text, whose lines and offsets are the file's.
  const actions = text.includes('{{') ? templateActions(text) : [];
  const source = blankTemplates(text, actions);
  const r = new Reporter(source === text ? positions : new TextPositions(source));
  const result: FileAnalysis = {
    uri,
    text,
    positions,
    objects: [],
    diagnostics: r.diagnostics,
    definitions: [],
    references: [],
    isSloFile: false,
  };
  // Someone else's YAML (a JSON data file, a Kubernetes manifest) is told from its tokens, never composed.
  if (!SLO_TEXT_HINT.test(text) && !mayHoldSloObject(source)) return result;
  let docs: Document.Parsed[];
  try {
    // What parseAllDocuments does, in two steps: the syntax tree's depth is checked before composing.
    const tokens = Array.from(new Parser().parse(source));
    const deep = tooDeepAt(tokens);
    if (deep !== undefined) {
      if (SLO_TEXT_HINT.test(text.slice(0, 64 * 1024))) {
        reportTooDeep(r, deep);
        result.isSloFile = true;
      }
      return result;
    }
    // Duplicate keys are found after detection: whether they are an error depends on the format's reader.
    docs = Array.from(new Composer({ uniqueKeys: false }).compose(tokens)) as Document.Parsed[];
  } catch (err) {
    // The composer recurses per nesting level: pathological nesting exhausts the stack.
    const fr = new Reporter(positions);
    if (SLO_TEXT_HINT.test(text.slice(0, 64 * 1024))) {
      const [, lineEnd] = positions.lineBounds(0);
      const tooDeep = err instanceof RangeError;
      fr.report(
        'SLO001',
        [0, Math.max(lineEnd, 1)],
        tooDeep
          ? 'The YAML nests too deeply to be read (thousands of levels): flatten the structure.'
          : `The YAML could not be read: ${err instanceof Error ? err.message : String(err)}.`,
      );
      result.isSloFile = true;
    }
    return { ...result, diagnostics: fr.diagnostics };
  }
  docs.forEach((doc, docIndex) => {
    // A document owns the actions from the end of the one before (blank lines and `{{- if }}` lead it).
    const from = docIndex ? docs[docIndex - 1]!.range[2] : 0;
    const to = docIndex < docs.length - 1 ? doc.range[2] : text.length;
    const own = actions.filter((a) => a.start >= from && a.start < to);
    analyzeDocument(doc, docIndex, text, r, result, modelOptions, own);
  });
  return result;
}

function analyzeDocument(
  doc: Document.Parsed,
  docIndex: number,
  text: string,
  r: Reporter,
  result: FileAnalysis,
  modelOptions: ModelOptions,
  actions: readonly TemplateAction[],
): void {
  const fatal = doc.errors;
  const [docStart, , docEnd] = doc.range;
  const candidates = rootObjects(doc);
  const claimsSlo = candidates.some(claimsSloFormat) || SLO_TEXT_HINT.test(text.slice(docStart, docEnd));
  if (!claimsSlo) return;
  result.isSloFile = true;
  if (actions.length) reportTemplate(r, text, actions[0]!);
  // A string constant (`{{ "{{.window}}" }}`) writes what it holds: the others write what is not known yet.
  const unknown = actions.filter((a) => !a.literal);
  if (fatal.length) {
    const err = fatal[0]!;
    // Past a template action, the YAML is the template's to make: it is checked once rendered.
    if (unknown.some((a) => a.start < err.pos[1])) return;
    if (/call stack/i.test(err.message)) {
      // The parser recursed once per nesting level and ran out of stack.
      reportTooDeep(r, err.pos[0]);
      return;
    }
    // An unclosed flow collection is reported as bad indentation: the missing bracket is the likelier cause.
    const hint =
      err.code === 'BAD_INDENT' && /end with a [\]}]/.test(err.message)
        ? YAML_HINTS.MISSING_CHAR
        : YAML_HINTS[err.code];
    r.report(
      'SLO001',
      errorOffsets(text, syntaxErrorPosition(text, err)),
      `YAML syntax error: ${firstLine(err.message)}${hint ? ` (${hint})` : ''}.`,
    );
    return;
  }
  const spans = unknown.length ? unknowableSpans(doc, text, unknown) : undefined;
  // A name is unknown where a template writes it, or writes part of it (`{{ .Values.service }}-availability`).
  const placeholders = new Set(
    unknown.filter((a) => !a.ownLine).map((a) => placeholder(text.slice(a.start, a.end))),
  );
  const known = ({ range, name }: { range: Range; name: string }) =>
    !spans ||
    (!spans.meets(r.positions.offset(range.start), r.positions.offset(range.end)) &&
      ![...placeholders].some((p) => name.includes(p)));
  if (spans) r.unknowable = (start, end) => spans.meets(start, end);
  const duplicatesAt = r.diagnostics.length;
  const objects: SloObject[] = [];
  candidates.forEach((root) => {
    const format = detectFormat(root, r);
    if (!format) return;
    const valueRange = root.valueRange() ?? [docStart, docEnd];
    const module = formatOf(format);
    const object: SloObject = {
      format,
      kind: module.objectKind(root, format),
      name: module.objectName(root, format),
      offsets: valueRange,
      range: r.positions.range(valueRange[0], valueRange[1]),
      root,
      docIndex,
      base: 0,
      baseLine: 0,
      local: r.positions,
      model: { slos: [] },
      modelOptions,
    };
    result.objects.push(object);
    objects.push(object);
    const facts: ObjectFacts = module.validate(object, r);
    // A name or reference a template writes is not known: it neither defines nor refers.
    result.definitions.push(...facts.definitions.filter(known));
    result.references.push(...facts.references.filter(known));
  });
  // Checked, the values a template writes read as written (`{{ .Release.Name }}-slos`) in names and hovers.
  if (spans && restoreTemplates(doc, text, unknown))
    for (const object of objects)
      object.name = formatOf(object.format).objectName(object.root, object.format);
  for (const object of objects) {
    // Once per document: every later reader (hover, symbols, budgets, live queries) shares this model.
    object.model = formatOf(object.format).normalise(object, modelOptions);
    // The children read by the rules, cached on the nodes, would otherwise stay as long as the object.
    object.root.forget();
  }
  // Where they were found, before the rules' diagnostics.
  const duplicates = reportDuplicates(doc, r, objects, unknown);
  if (duplicates.length) {
    const after = r.diagnostics.splice(duplicatesAt);
    for (const d of duplicates) r.diagnostics.push(d);
    for (const d of after) r.diagnostics.push(d);
  }
  r.unknowable = undefined;
}

/** Once per template document (the file keeps the first): it is checked in part until rendered. */
function reportTemplate(r: Reporter, text: string, first: TemplateAction): void {
  r.report(
    'SLO008',
    [first.start, first.end],
    `This file is a template (first action \`${truncate(text.slice(first.start, first.end))}\`): what its actions write is checked only once rendered; check the rendered output too (e.g. of \`helm template\`).`,
  );
}

/**
 * SLO002 for each key written twice in a mapping, as the reader of the object holding it takes it: oslo and
 * Sloth keep the last value (a warning), Pyrra's file mode rejects the file (an error).
 */
function reportDuplicates(
  doc: Document.Parsed,
  r: Reporter,
  objects: readonly SloObject[],
  actions: readonly TemplateAction[],
): Diagnostic[] {
  const out = new Reporter(r.positions);
  out.unknowable = r.unknowable;
  const between = new Spans(actions.map((a) => [a.start, a.end] as const));
  for (const { key, first, second } of duplicateKeys(doc)) {
    // Between the two, `{{ else }}` or a `{{ range }}` decides which one the rendered file holds.
    if (between.size && between.meets(first[1], second[0])) continue;
    const object = objects.find((o) => o.offsets[0] <= second[0] && second[0] < o.offsets[1]);
    const reads = object && formatOf(object.format).duplicateKeys;
    const line = r.positions.position(first[0]).line + 1;
    const name = `\`${truncate(key)}\``;
    if (!reads) {
      out.report(
        'SLO002',
        second,
        `Duplicate key ${name}: this mapping already has this key; remove one of them.`,
      );
    } else if (reads.keepsLast) {
      out.report(
        'SLO002',
        second,
        `Duplicate key ${name}: ${reads.reader} keeps this last value and ignores the one on line ${line}; remove one of them.`,
        { severity: 'warning' },
      );
    } else {
      out.report(
        'SLO002',
        second,
        `Duplicate key ${name} (also on line ${line}): ${reads.rejects}; remove one of them.`,
      );
    }
  }
  return out.diagnostics;
}

/** The objects of a document: its root mapping, or each mapping of a root list. */
function rootObjects(doc: Document.Parsed): YNode[] {
  const contents = doc.contents;
  if (isMap(contents)) return [rootNode(new YNode(contents, '', doc))];
  if (isSeq(contents)) {
    return new YNode(contents, '', doc)
      .items()
      .filter((item) => item.isMap)
      .map((item) => rootNode(new YNode(item.node, '', doc, undefined, item.fallback)));
  }
  return [];
}

/** Diagnostics about a whole object point at its `kind` (or first) line rather than its whole extent. */
function rootNode(node: YNode): YNode {
  const kind = node.get('kind') ?? node.get('apiVersion') ?? node.get('version');
  if (kind) node.rootAnchor = kind.pairRange();
  return node;
}

/**
 * A document boundary: `---` at the start of a line, alone or followed by a space or a comment. Only
 * after a `\n`: YAML does not break lines at a lone `\r`, U+2028 or U+2029 (which a multiline `^` would).
 */
const DOCUMENT_START = /(?<![^\n])---(?=[ \t\r\n]|$)/g;

/** Splits a text into its YAML documents (offsets of each start), the unit of caching. */
export function documentStarts(text: string): number[] {
  const starts = [0];
  // Directives (%YAML, %TAG) bind to the next document: keep such rare files in one piece.
  if (/^%/m.test(text)) return starts;
  for (const m of text.matchAll(DOCUMENT_START)) if (m.index! > 0) starts.push(m.index!);
  return starts;
}

function shiftRange(range: Range, lines: number): Range {
  if (lines === 0) return range;
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

function shiftDiagnostic(d: Diagnostic, lines: number): Diagnostic {
  if (lines === 0) return d;
  const out: Diagnostic = { ...d, range: shiftRange(d.range, lines) };
  if (d.fixes)
    out.fixes = d.fixes.map((f) => ({
      ...f,
      edits: f.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines) })),
    }));
  return out;
}

/**
 * Analyzes the files of one editor buffer, one YAML document at a time: a document whose text did not
 * change since the last call is not parsed or validated again, only moved to its new lines.
 */
export class FileAnalyzer {
  private cache = new Map<string, FileAnalysis>();

  private readonly modelOptions: ModelOptions;

  constructor(
    readonly uri: string,
    private readonly options: AnalyzeOptions = {},
  ) {
    this.modelOptions = options.slothPeriod ? { slothPeriod: options.slothPeriod } : DEFAULT_MODEL_OPTIONS;
  }

  /** Documents parsed and validated by the last call (the others came from the cache). */
  lastAnalysed = 0;

  analyze(text: string): FileAnalysis {
    const positions = new TextPositions(text);
    const result: FileAnalysis = {
      uri: this.uri,
      text,
      positions,
      objects: [],
      diagnostics: [],
      definitions: [],
      references: [],
      isSloFile: false,
    };
    const max = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (text.length > max) {
      this.cache.clear();
      return tooLarge(result, text.length, 'characters', max, this.options);
    }
    const starts = documentStarts(text);
    const next = new Map<string, FileAnalysis>();
    this.lastAnalysed = 0;
    let templateSaid = false;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const chunk = text.slice(start, starts[i + 1] ?? text.length);
      let part = next.get(chunk) ?? this.cache.get(chunk);
      if (!part) {
        // A file of one document (most are) is its own chunk: its line table is already built.
        part = analyzeChunk(this.uri, chunk, this.modelOptions, chunk === text ? positions : undefined);
        this.lastAnalysed++;
      }
      next.set(chunk, part);
      const line = positions.position(start).line;
      result.isSloFile ||= part.isSloFile;
      for (const d of part.diagnostics) {
        // A template is said once per file, at its first document that is one.
        if (d.code === 'SLO008' && templateSaid) continue;
        templateSaid ||= d.code === 'SLO008';
        result.diagnostics.push(shiftDiagnostic(d, line));
      }
      for (const d of part.definitions)
        result.definitions.push({
          ...d,
          range: shiftRange(d.range, line),
          objectRange: shiftRange(d.objectRange, line),
        });
      for (const ref of part.references)
        result.references.push({ ...ref, range: shiftRange(ref.range, line) });
      for (const o of part.objects) {
        result.objects.push({
          ...o,
          offsets: [o.offsets[0] + start, o.offsets[1] + start],
          range: shiftRange(o.range, line),
          docIndex: result.objects.length,
          base: start,
          baseLine: line,
        });
      }
    }
    this.cache = next;
    return result;
  }
}

/** Analyzes one file on its own: syntax, format detection, every per-object rule. */
export function analyzeText(uri: string, text: string, options: AnalyzeOptions = {}): FileAnalysis {
  return new FileAnalyzer(uri, options).analyze(text);
}
