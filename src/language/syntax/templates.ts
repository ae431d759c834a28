/**
 * SLO files inside templates (Helm charts, other Go template engines): the `{{ … }}` actions found, the text
 * blanked so the YAML around them parses, and the spans whose content is unknown until the template is rendered.
 */
import * as yaml from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

const { isMap, isPair, isScalar, isSeq } = yaml;

export interface TemplateAction {
  /** Offsets of the action, `{{` to `}}` included. */
  start: number;
  end: number;
  /** Nothing but actions and blanks on its lines: it stands for whole lines of YAML, not for a value. */
  ownLine: boolean;
  /** Writes text where it stands (`{{ .Values.x }}`, `{{ include … }}`), unlike `if`, `end`, comments. */
  output: boolean;
  /**
   * Writes a string constant of one line (`{{ "{{.window}}" }}`, ``{{`rate(x[{{.window}}])`}}``): the
   * offsets of what it writes, which is known exactly.
   */
  literal?: [number, number];
}

/** Sloth's own placeholder in queries, as Sloth matches it (`TplSLIQueryWindowVarRegex`, trim markers aside). */
const SLOTH_WINDOW = /^\{\{(?:- )? *\.window *(?: -)?\}\}$/;
/**
 * Prometheus' own alert templates (`{{ $labels.job }}`, `{{ .Labels.job }}`, `{{ $value }}`) pass through
 * Sloth into its alert annotations: they are not actions of a template engine, which would fail on them.
 */
const PROMETHEUS_DATA =
  /\$(?:labels|value|externalLabels|externalURL)\b|(?:^|[\s(])\.(?:Labels|Value|ExternalLabels|ExternalURL)\b/;
/** Actions that write nothing: control flow, definitions, comments, variable assignments. */
const SILENT = /^(?:(?:if|else|end|range|with|define|break|continue)\b|\/\*|\$\w*\s*:?=)/;

/**
 * Where the action opened at `start` ends (after its `}}`), or -1 when it is not one. What it reads is
 * taken from `work`, so a text of a million unclosed `{{` costs linear time, not quadratic.
 */
function actionEnd(text: string, start: number, work: { left: number }): number {
  let i = start + 2;
  if (/^-?\s*\/\*/.test(text.slice(i, i + 4))) {
    // A comment, the one action that may span lines: `{{/* … */}}`, `{{- /* … */ -}}`.
    const close = text.indexOf('*/', i);
    work.left -= (close === -1 ? text.length : close) - i;
    if (close === -1) return -1;
    const m = /^\s*-?\}\}/.exec(text.slice(close + 2, close + 8));
    return m ? close + 2 + m[0].length : -1;
  }
  let end = -1;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') break;
    if (ch === '}' && text[i + 1] === '}') {
      end = i + 2;
      break;
    }
    if (ch === '"' || ch === "'") {
      // A string or character constant, which may hold `}}`: `{{ "{{.window}}" }}`.
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      if (text[i] !== ch) break;
    } else if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close === -1) {
        i = text.length;
        break;
      }
      i = close;
    }
  }
  work.left -= i - start;
  return end;
}

/** The template actions of a text, in order; Sloth's `{{.window}}` and Prometheus' alert templates are not. */
export function templateActions(text: string): TemplateAction[] {
  const found: Array<Omit<TemplateAction, 'ownLine'>> = [];
  // Scanning stops past a few passes over the text: hostile input (`{{` a million times) stays linear.
  const work = { left: 8 * text.length + 65536 };
  for (let at = text.indexOf('{{'); at !== -1 && work.left > 0;) {
    const end = actionEnd(text, at, work);
    if (end === -1) {
      at = text.indexOf('{{', at + 2);
      continue;
    }
    const raw = text.slice(at, end);
    // Prometheus' variables count in the action's code, not in the strings it writes (``{{`{{ $value }}`}}``).
    const code = raw.replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`/g, '""');
    if (!SLOTH_WINDOW.test(raw) && !PROMETHEUS_DATA.test(code)) {
      const body = raw.slice(2, -2).replace(/^-\s/, '').replace(/\s-$/, '').trim();
      const constant = /^(?:"[^"\\\n]*"|`[^`\n]*`)$/.test(body);
      const from = at + raw.indexOf(body) + 1;
      found.push({
        start: at,
        end,
        output: !SILENT.test(body),
        ...(constant ? { literal: [from, from + body.length - 2] as [number, number] } : {}),
      });
    }
    at = text.indexOf('{{', end);
  }
  return withLines(text, found);
}

/**
 * Each action with whether the lines it stands on hold nothing but actions and blanks, none of them a string
 * constant (``{{`rate(x{a=`}}{{ .Values.a }}{{`}[5m])`}}`` is one value, written in three parts). The actions
 * of the same lines are neighbours in the list: each group of lines is looked at once.
 */
function withLines(text: string, found: ReadonlyArray<Omit<TemplateAction, 'ownLine'>>): TemplateAction[] {
  const out: TemplateAction[] = [];
  const blank = (from: number, to: number) => /^[ \t\r]*$/.test(text.slice(from, Math.max(from, to)));
  for (let i = 0; i < found.length;) {
    const first = text.lastIndexOf('\n', found[i]!.start - 1) + 1;
    const lineEnd = (offset: number) => {
      const nl = text.indexOf('\n', offset);
      return nl === -1 ? text.length : nl;
    };
    let last = lineEnd(found[i]!.end);
    let own = true;
    let at = first;
    let j = i;
    for (; j < found.length && found[j]!.start < last; j++) {
      const a = found[j]!;
      if (a.literal || !blank(at, a.start)) own = false;
      at = Math.max(at, a.end);
      last = Math.max(last, lineEnd(a.end));
    }
    own &&= blank(at, last);
    for (; i < j; i++) out.push({ ...found[i]!, ownLine: own });
  }
  return out;
}

/** What an action inside a value reads as: a plain word of as many characters (`__.Values.x__`). */
export function placeholder(action: string): string {
  return action.replace(/[^A-Za-z0-9_.$]/g, '_');
}

/**
 * The text with each action replaced by as many characters, so every offset stays: blanks for an action
 * alone on its lines, a plain word (`__.Values.x__`) for one inside a value, which YAML reads as a string.
 */
export function blankTemplates(text: string, actions: readonly TemplateAction[]): string {
  if (!actions.length) return text;
  let out = '';
  let at = 0;
  for (const a of actions) {
    out += text.slice(at, a.start);
    const raw = text.slice(a.start, a.end);
    if (a.literal) {
      // What a string constant writes, in its place: the blanks around it keep every offset.
      const [from, to] = a.literal;
      out += ' '.repeat(from - a.start) + text.slice(from, to) + ' '.repeat(a.end - to);
    } else out += a.ownLine ? raw.replace(/[^\r\n]/g, ' ') : placeholder(raw);
    at = a.end;
  }
  return out + text.slice(at);
}

/** Offset ranges, sorted and merged once, asked whether a range meets one of them (binary search). */
export class Spans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(ranges: Iterable<readonly [number, number]>) {
    for (const [start, end] of [...ranges].sort((x, y) => x[0] - y[0])) {
      const last = this.ends.length - 1;
      if (last >= 0 && start <= this.ends[last]!) this.ends[last] = Math.max(this.ends[last]!, end);
      else {
        this.starts.push(start);
        this.ends.push(end);
      }
    }
  }

  get size(): number {
    return this.starts.length;
  }

  /** Whether `[start, end)` overlaps a span (an empty range: whether it sits in one, ends included). */
  meets(start: number, end: number): boolean {
    // The first span that ends at or after `start`: the only one that can meet the range.
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.ends.length) return false;
    const [a, b] = [this.starts[lo]!, this.ends[lo]!];
    if (start === end) return start >= a && start <= b;
    if (start < b && end > a) return true;
    // A span ending exactly at `start` does not overlap; the next one may.
    const next = this.starts[lo + 1];
    return b === start && next !== undefined && next < end;
  }
}

/**
 * The spans of a document whose content a template decides, as offsets: every scalar (with its key) that
 * holds an action; and for an action alone on its lines that writes YAML (`{{ include … | nindent 4 }}`),
 * the lines from the key whose value it adds to (or the document's start) to the action.
 */
export function unknowableSpans(
  doc: Document.Parsed,
  text: string,
  actions: readonly TemplateAction[],
): Spans {
  const spans: Array<[number, number]> = actions.map((a) => [a.start, a.end]);
  const inline = new Spans(actions.filter((a) => !a.ownLine).map((a) => [a.start, a.end] as const));
  const overlaps = (r: readonly number[]) => inline.size > 0 && inline.meets(r[0]!, r[1]!);
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          const key = item.key as YamlNode | null;
          const value = item.value as YamlNode | null;
          const k = key?.range;
          const v = value?.range;
          if (k && ((isScalar(key) && overlaps(k)) || (isScalar(value) && v && overlaps(v))))
            spans.push([k[0], v && isScalar(value) ? v[1] : k[1]]);
          stack.push(key, value);
        } else stack.push(item);
      }
    } else if (isScalar(node) && node.range && overlaps(node.range)) {
      spans.push([node.range[0], node.range[1]]);
    }
  }
  for (const span of ownLineOutputs(text, actions)) spans.push(span);
  return new Spans(spans);
}

/**
 * For each action alone on its lines that writes YAML, the span from the key it adds to (the nearest line
 * above, less indented, that is not a template line) to the action; in one pass over the lines, with the
 * lines that may still own one on a stack of growing indentation.
 */
function ownLineOutputs(text: string, actions: readonly TemplateAction[]): Array<[number, number]> {
  const own = actions.filter((a) => a.ownLine);
  const out: Array<[number, number]> = [];
  const owners: Array<{ indent: number; offset: number }> = [];
  let k = 0;
  for (let lineStart = 0; lineStart < text.length;) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    while (k < own.length && own[k]!.end <= lineStart) k++;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, Math.min(lineEnd, lineStart + 256)))![0].length;
    if (k < own.length && own[k]!.start < lineEnd) {
      // A template line: each output action on it belongs to the nearest less indented line above.
      for (let j = k; j < own.length && own[j]!.start < lineEnd; j++) {
        const a = own[j]!;
        if (!a.output || a.start < lineStart) continue;
        const column = a.start - lineStart;
        let o = owners.length - 1;
        while (o >= 0 && owners[o]!.indent >= column) o--;
        out.push([o >= 0 ? owners[o]!.offset : 0, a.end]);
      }
    } else {
      const content = text.slice(lineStart + indent, lineEnd).trim();
      if (content && !content.startsWith('#')) {
        while (owners.length && owners[owners.length - 1]!.indent >= indent) owners.pop();
        owners.push({ indent, offset: lineStart + indent });
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/**
 * Writes the actions back into the string scalars that hold their placeholders, once the rules have read
 * them: the model and hovers show `{{ .Release.Name }}-slos`, not what the parser was given. Whether any was.
 */
export function restoreTemplates(
  doc: Document.Parsed,
  text: string,
  actions: readonly TemplateAction[],
): boolean {
  const inline = actions.filter((a) => !a.ownLine);
  if (!inline.length) return false;
  const within = new Spans(inline.map((a) => [a.start, a.end] as const));
  let restored = false;
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    } else if (isScalar(node) && typeof node.value === 'string' && node.range) {
      const [start, end] = node.range;
      if (!within.meets(start, end)) continue;
      let value = node.value;
      // The actions in the scalar: from the first that ends after its start (they are in order, apart).
      let lo = 0;
      let hi = inline.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (inline[mid]!.end <= start) lo = mid + 1;
        else hi = mid;
      }
      // Each distinct action once, and a few dozen at most: a hostile scalar keeps its placeholders.
      const raws = new Set<string>();
      for (let i = lo; i < inline.length && inline[i]!.start < end && raws.size <= 64; i++)
        raws.add(text.slice(inline[i]!.start, inline[i]!.end));
      if (raws.size > 64) continue;
      for (const raw of raws) value = value.split(placeholder(raw)).join(raw);
      node.value = value;
      restored = true;
    }
  }
  return restored;
}
