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
 * Prometheus' own alert templates (`{{ $labels.job }}`) pass through Sloth into its alert annotations; a
 * template engine would fail on these undefined variables, so they never are its actions.
 */
const PROMETHEUS_VARIABLES = /\$(?:labels|value|externalLabels|externalURL)\b/;
/** Actions that write nothing: control flow, definitions, comments, variable assignments. */
const SILENT = /^(?:(?:if|else|end|range|with|define|break|continue)\b|\/\*|\$\w*\s*:?=)/;

/** Where the action opened at `start` ends (after its `}}`), or -1 when it is not one. */
function actionEnd(text: string, start: number): number {
  let i = start + 2;
  if (/^-?\s*\/\*/.test(text.slice(i, i + 4))) {
    // A comment, the one action that may span lines: `{{/* … */}}`, `{{- /* … */ -}}`.
    const close = text.indexOf('*/', i);
    if (close === -1) return -1;
    const m = /^\s*-?\}\}/.exec(text.slice(close + 2, close + 8));
    return m ? close + 2 + m[0].length : -1;
  }
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') return -1;
    if (ch === '}' && text[i + 1] === '}') return i + 2;
    if (ch === '"' || ch === "'") {
      // A string or character constant, which may hold `}}`: `{{ "{{.window}}" }}`.
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      if (text[i] !== ch) return -1;
    } else if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close === -1) return -1;
      i = close;
    }
    i++;
  }
  return -1;
}

/** The template actions of a text, in order; Sloth's `{{.window}}` and Prometheus' alert templates are not. */
export function templateActions(text: string): TemplateAction[] {
  const found: Array<Omit<TemplateAction, 'ownLine'>> = [];
  for (let at = text.indexOf('{{'); at !== -1;) {
    const end = actionEnd(text, at);
    if (end === -1) {
      at = text.indexOf('{{', at + 2);
      continue;
    }
    const raw = text.slice(at, end);
    // Prometheus' variables count in the action's code, not in the strings it writes (``{{`{{ $value }}`}}``).
    const code = raw.replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`/g, '""');
    if (!SLOTH_WINDOW.test(raw) && !PROMETHEUS_VARIABLES.test(code)) {
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
  return found.map((a, i) => ({ ...a, ownLine: ownLine(text, found, i) }));
}

/**
 * Whether the lines the action stands on hold nothing but actions and blanks, none of them a string
 * constant (``{{`rate(x{a=`}}{{ .Values.a }}{{`}[5m])`}}`` is one value, written in three parts).
 */
function ownLine(
  text: string,
  actions: ReadonlyArray<Omit<TemplateAction, 'ownLine'>>,
  index: number,
): boolean {
  const first = text.lastIndexOf('\n', actions[index]!.start - 1) + 1;
  const nl = text.indexOf('\n', actions[index]!.end);
  const last = nl === -1 ? text.length : nl;
  let at = first;
  for (const a of actions) {
    if (a.end <= first || a.start >= last) continue;
    if (a.literal || !/^[ \t\r]*$/.test(text.slice(at, Math.max(at, a.start)))) return false;
    at = Math.max(at, a.end);
  }
  return /^[ \t\r]*$/.test(text.slice(at, last));
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

/** The first column of the line holding an offset, and that line's indentation. */
function lineOf(text: string, offset: number): { start: number; indent: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return { start, indent: /^[ \t]*/.exec(text.slice(start))![0].length };
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
): Array<[number, number]> {
  const spans: Array<[number, number]> = actions.map((a) => [a.start, a.end]);
  const inline = actions.filter((a) => !a.ownLine);
  const overlaps = (r: [number, number]) => inline.some((a) => a.start < r[1] && a.end > r[0]);
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
          if (
            k &&
            ((isScalar(key) && overlaps([k[0], k[1]])) || (isScalar(value) && v && overlaps([v[0], v[1]])))
          )
            spans.push([k[0], v && isScalar(value) ? v[1] : k[1]]);
          stack.push(key, value);
        } else stack.push(item);
      }
    } else if (isScalar(node) && node.range && overlaps([node.range[0], node.range[1]])) {
      spans.push([node.range[0], node.range[1]]);
    }
  }
  for (const a of actions) {
    if (!a.ownLine || !a.output) continue;
    const { indent } = lineOf(text, a.start);
    let owner = 0;
    // The nearest line above that is less indented and not a template line: the key the output belongs to.
    for (let end = lineOf(text, a.start).start - 1; end > 0;) {
      const line = lineOf(text, end);
      const content = text.slice(line.start + line.indent, end).trim();
      const templated = actions.some(
        (b) => b.ownLine && b.start <= line.start + line.indent && b.end > line.start,
      );
      if (content && !content.startsWith('#') && !templated && line.indent < indent) {
        owner = line.start + line.indent;
        break;
      }
      end = line.start - 1;
    }
    spans.push([owner, a.end]);
  }
  return spans;
}

/** Whether the offsets meet one of the spans (an empty range meets a span it sits in). */
export function meetsSpan(spans: ReadonlyArray<[number, number]>, start: number, end: number): boolean {
  return spans.some(([a, b]) => (start < b && end > a) || (start === end && start >= a && start <= b));
}
