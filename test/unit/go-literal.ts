/**
 * Reads the Go composite literals of upstream tests (test cases, expected rule groups) so the tests compare
 * against upstream's own expectations, copied verbatim. Handles what those files use: composite literals,
 * strings (interpreted and raw), calls, `&x`, `a + b` of strings, identifiers.
 */
import type { Rule, RuleGroup } from '../../src/rules/types.js';

export type GoValue =
  | { t: 'string'; v: string }
  | { t: 'ident'; v: string }
  | { t: 'call'; fn: string; args: GoValue[] }
  | { t: 'composite'; type: string; fields: Array<{ key?: GoValue; value: GoValue }> }
  | { t: 'ref'; v: GoValue }
  | { t: 'concat'; parts: GoValue[] };

type Token = { k: 'str' | 'id' | 'p'; v: string };

function unquoteGo(s: string): string {
  return JSON.parse(s.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (src.startsWith('//', i)) i = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      out.push({ k: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push({ k: 'str', v: unquoteGo(src.slice(i, j + 1)) });
      i = j + 1;
    } else if (/[A-Za-z0-9_.]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_.]/.test(src[j]!)) j++;
      out.push({ k: 'id', v: src.slice(i, j) });
      i = j;
    } else if (src.startsWith(':=', i)) {
      out.push({ k: 'p', v: ':=' });
      i += 2;
    } else {
      out.push({ k: 'p', v: c });
      i++;
    }
  }
  return out;
}

export class GoReader {
  pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(o = 0): Token | undefined {
    return this.tokens[this.pos + o];
  }
  private take(v?: string): Token {
    const t = this.tokens[this.pos++];
    if (!t || (v !== undefined && t.v !== v))
      throw new Error(`expected ${v ?? 'a token'} at ${this.pos}, got ${t?.v}`);
    return t;
  }

  /** A type: `[]T`, `*T`, `map[K]V`, `struct{...}`, a name. */
  private type(): string {
    let out = '';
    for (;;) {
      const t = this.peek()!;
      if (t.v === '[' && this.peek(1)?.v === ']') {
        out += '[]';
        this.pos += 2;
      } else if (t.v === '*') {
        out += '*';
        this.pos++;
      } else if (t.v === 'map') {
        this.pos++;
        this.take('[');
        const k = this.type();
        this.take(']');
        out += `map[${k}]`;
      } else if (t.v === 'struct') {
        this.pos++;
        this.skipBraces();
        return `${out}struct`;
      } else {
        this.pos++;
        return out + t.v;
      }
    }
  }

  skipBraces(): void {
    this.take('{');
    let depth = 1;
    while (depth > 0) {
      const t = this.take();
      if (t.k === 'p' && t.v === '{') depth++;
      if (t.k === 'p' && t.v === '}') depth--;
    }
  }

  /** The elements of `{ ... }` (the brace not yet taken), with the element type for elided `{…}` elements. */
  private elements(type: string): GoValue & { t: 'composite' } {
    this.take('{');
    const fields: Array<{ key?: GoValue; value: GoValue }> = [];
    while (this.peek()?.v !== '}') {
      const elemType = type.startsWith('[]') ? type.slice(2) : '';
      let value = this.element(elemType);
      let key: GoValue | undefined;
      if (this.peek()?.v === ':') {
        this.pos++;
        key = value;
        const valueType = type.startsWith('map[') ? type.slice(type.indexOf(']') + 1) : '';
        value = this.element(valueType);
      }
      fields.push(key ? { key, value } : { value });
      if (this.peek()?.v === ',') this.pos++;
    }
    this.take('}');
    return { t: 'composite', type, fields };
  }

  private element(elided: string): GoValue {
    if (this.peek()?.v === '{') return this.elements(elided);
    return this.value();
  }

  value(): GoValue {
    const first = this.primary();
    if (this.peek()?.v !== '+') return first;
    const parts = [first];
    while (this.peek()?.v === '+') {
      this.pos++;
      parts.push(this.primary());
    }
    return { t: 'concat', parts };
  }

  private primary(): GoValue {
    const t = this.peek()!;
    if (t.k === 'str') {
      this.pos++;
      return { t: 'string', v: t.v };
    }
    if (t.v === '&') {
      this.pos++;
      return { t: 'ref', v: this.primary() };
    }
    if (t.v === '(') {
      this.pos++;
      const v = this.value();
      this.take(')');
      return v;
    }
    if (t.v === '[' || t.v === '*' || t.v === 'map' || t.v === 'struct') {
      const type = this.type();
      return this.elements(type);
    }
    if (t.k === 'id') {
      this.pos++;
      const next = this.peek();
      if (next?.v === '(') {
        this.pos++;
        const args: GoValue[] = [];
        while (this.peek()?.v !== ')') {
          args.push(this.value());
          if (this.peek()?.v === ',') this.pos++;
        }
        this.take(')');
        return { t: 'call', fn: t.v, args };
      }
      if (next?.v === '{' && /^[A-Z]|\.[A-Z]/.test(t.v)) return this.elements(t.v);
      return { t: 'ident', v: t.v };
    }
    throw new Error(`unexpected ${t.v} at ${this.pos}`);
  }
}

/** The string a Go value evaluates to (constants of the upstream tests included). */
export function goString(v: GoValue, constants: Record<string, string> = {}): string {
  switch (v.t) {
    case 'string':
      return v.v;
    case 'concat':
      return v.parts.map((p) => goString(p, constants)).join('');
    case 'ident':
      if (v.v in constants) return constants[v.v]!;
      throw new Error(`unknown constant ${v.v}`);
    case 'call':
      if (['monitoringDuration', 'intstr.FromString', 'monitoringv1.Duration'].includes(v.fn))
        return goString(v.args[0]!, constants);
      throw new Error(`unknown call ${v.fn}`);
    case 'ref':
      return goString(v.v, constants);
    case 'composite':
      throw new Error('a composite literal is not a string');
  }
}

export function field(v: GoValue, name: string): GoValue | undefined {
  if (v.t !== 'composite') return undefined;
  return v.fields.find((f) => f.key?.t === 'ident' && f.key.v === name)?.value;
}

export const CONSTANTS = { 'slo.PropagationLabelsPrefix': 'pyrra.dev/' };

function stringMap(v: GoValue | undefined): Record<string, string> | undefined {
  if (!v || v.t !== 'composite') return undefined;
  return Object.fromEntries(v.fields.map((f) => [goString(f.key!, CONSTANTS), goString(f.value, CONSTANTS)]));
}

/** A `monitoringv1.RuleGroup` literal as our rule group. */
export function ruleGroup(v: GoValue): RuleGroup {
  const str = (name: string, from: GoValue = v) => {
    const x = field(from, name);
    return x ? goString(x, CONSTANTS) : undefined;
  };
  const rules = field(v, 'Rules');
  const group: RuleGroup = {
    name: str('Name') ?? '',
    ...(str('Interval') !== undefined ? { interval: str('Interval')! } : {}),
    ...(str('PartialResponseStrategy') !== undefined
      ? { partial_response_strategy: str('PartialResponseStrategy')! }
      : {}),
    rules: (rules?.t === 'composite' ? rules.fields : []).map(({ value: r }) => {
      const rule: Rule = { expr: str('Expr', r) ?? '' };
      for (const k of ['Record', 'Alert', 'For'] as const) {
        const x = str(k, r);
        if (x !== undefined) rule[k.toLowerCase() as 'record' | 'alert' | 'for'] = x;
      }
      const labels = stringMap(field(r, 'Labels'));
      if (labels) rule.labels = labels;
      const annotations = stringMap(field(r, 'Annotations'));
      if (annotations) rule.annotations = annotations;
      return rule;
    }),
  };
  return group;
}

/** The test cases of `func <name>`: the composite literal assigned to its first `:=` of a slice of structs. */
export function testCases(src: string, func: string): GoValue[] {
  // The generic rules' window is written as an expression of durations: evaluate the two forms upstream uses.
  const text = src.replace(
    /strconv\.FormatInt\(int64\(\((\d+) \* 24 \* time\.Hour\)\.Seconds\(\)\), 10\)/g,
    (_, days: string) => `"${Number(days) * 86400}"`,
  );
  const start = text.indexOf(`func ${func}(`);
  if (start < 0) throw new Error(`no func ${func}`);
  const tokens = tokenize(text.slice(start));
  const reader = new GoReader(tokens);
  while (tokens[reader.pos]!.v !== ':=') reader.pos++;
  reader.pos++;
  const cases = reader.value();
  if (cases.t !== 'composite') throw new Error(`no test cases in ${func}`);
  return cases.fields.map((f) => f.value);
}

/** The value assigned to `name :=` inside `func <func>`. */
export function assigned(src: string, func: string, name: string): GoValue {
  const start = src.indexOf(`func ${func}(`);
  if (start < 0) throw new Error(`no func ${func}`);
  const tokens = tokenize(src.slice(start));
  const reader = new GoReader(tokens);
  while (!(tokens[reader.pos]!.v === name && tokens[reader.pos + 1]?.v === ':=')) reader.pos++;
  reader.pos += 2;
  return reader.value();
}
