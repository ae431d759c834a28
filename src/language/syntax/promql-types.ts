/**
 * PromQL type errors, as the Prometheus parser (`promql/parser`) reports them once a query parses: the checks
 * its grammar actions make (`generated_parser.y`, `addOffset`, `setTimestamp`, `newAggregateExpr`, the
 * feature gates) and its `checkAST`. The `checkAST` part runs the Prometheus UI's own linter
 * (`@prometheus-io/codemirror-promql`'s `Parser`), whose messages are rewritten to the server's wording and
 * positions; what that linter does not check is written here.
 */
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { Parser } from '@prometheus-io/codemirror-promql/dist/esm/parser/index.js';

export interface TypeProblem {
  /** Indices into the query string. */
  from: number;
  to: number;
  /** Prometheus's own message. */
  message: string;
  /** How to fix it, when one fix is likely. */
  hint?: string;
}

/**
 * What the linter reads of an editor state: the syntax tree (`syntaxTree(state)` reads the language's state
 * field) and slices of the text. The tree is the one already parsed with the same lezer-promql parser, so the
 * query is neither parsed twice nor given a whole editor state.
 */
function linterState(query: string, tree: Tree): EditorState {
  const state = {
    field: () => ({ tree }),
    sliceDoc: (from = 0, to = query.length) => query.slice(from, to),
  };
  return state as unknown as EditorState;
}

/** Prometheus's `DocumentedType`: the linter's type names as the server writes them. */
function documented(type: string): string {
  if (type === 'vector') return 'instant vector';
  if (type === 'matrix') return 'range vector';
  return type;
}

// Functions and aggregations `Experimental: true` in promql/parser/functions.go and lex.go: the parser
// rejects them unless Prometheus runs with --enable-feature=promql-experimental-functions.
const EXPERIMENTAL_FUNCTIONS = new Set([
  'double_exponential_smoothing',
  'end',
  'histogram_quantiles',
  'info',
  'mad_over_time',
  'max_of',
  'min_of',
  'range',
  'sort_by_label',
  'sort_by_label_desc',
  'start',
  'start_timestamp',
  'step',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
]);
const EXPERIMENTAL_AGGREGATIONS = new Set(['LimitK', 'LimitRatio']);
const WITH_PARAMETER = new Set(['Topk', 'Bottomk', 'Quantile', 'CountValues', 'LimitK', 'LimitRatio']);
const FEATURE_HINT = (flag: string) => `Prometheus accepts it only with --enable-feature=${flag}`;

const MODIFIERS = new Set(['OffsetExpr', 'StepInvariantExpr']);

/** A selector with its offset and @ modifiers peeled off, and which modifiers it had. */
function peel(node: SyntaxNode): { base: SyntaxNode; offset: boolean; at: boolean } {
  let base = node;
  let offset = false;
  let at = false;
  while (MODIFIERS.has(base.name) && base.firstChild) {
    if (base.name === 'OffsetExpr') offset = true;
    else at = true;
    base = base.firstChild;
  }
  return { base, offset, at };
}

const SELECTORS = new Set(['VectorSelector', 'MatrixSelector', 'SubqueryExpr']);

/** Go's `%f` of a float64. */
function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (Math.abs(value) >= 1e21) return `${BigInt(value).toString()}.000000`;
  return value.toFixed(6);
}

/** A PromQL number literal's value (decimal, hexadecimal, Inf, NaN), or undefined for a duration. */
function numberValue(text: string): number | undefined {
  const t = text.trim();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (/^inf$/i.test(body)) return sign * Infinity;
  if (/^nan$/i.test(body)) return NaN;
  if (/^0x[0-9a-f]+$/i.test(body)) return sign * parseInt(body, 16);
  const n = Number(body.replace(/_/g, ''));
  return Number.isNaN(n) ? undefined : sign * n;
}

const LITERAL = 'NumberDurationLiteralInDurationContext';

/**
 * A range, step or offset duration: a number or duration literal, optionally signed (a range must be positive);
 * anything else (parentheses, arithmetic, step(), range(), min_of(), max_of()) is an experimental duration expression.
 */
function durationProblem(
  query: string,
  node: SyntaxNode,
  positive: boolean,
  add: (node: { from: number; to: number }, message: string, hint?: string) => void,
): void {
  const op = node.firstChild?.name === 'UnaryOp' ? node.firstChild : null;
  const inner = op ? op.nextSibling : node;
  if (!inner) return;
  const paren = query[inner.from] === '(';
  const literal =
    inner.name === LITERAL ? inner : inner.firstChild?.name === LITERAL ? inner.firstChild : null;
  if (literal && !literal.nextSibling && !paren) {
    const text = query.slice(literal.from, literal.to);
    const value = numberValue(text);
    const zero = value !== undefined ? value === 0 : !/[1-9]/.test(text);
    const negative = op ? query.slice(op.from, op.to) === '-' : (value ?? 0) < 0;
    if (positive && (zero || negative))
      add({ from: op?.from ?? literal.from, to: literal.to }, 'duration must be greater than 0');
    return;
  }
  // A signed parenthesised offset (`offset -(1h)`) is read without the feature.
  if (op && paren && !positive) return;
  const first = inner.firstChild;
  const reported =
    paren || first?.name === 'DurationExpr' || first?.name === 'OffsetDurationExpr'
      ? (first ?? inner)
      : inner;
  add(reported, 'experimental duration expression is not enabled', FEATURE_HINT('promql-duration-expr'));
}

/** The checks the grammar's actions make while parsing, in the order the parser reduces the nodes. */
function grammarProblems(query: string, tree: Tree): TypeProblem[] {
  const problems: TypeProblem[] = [];
  const add = (node: { from: number; to: number }, message: string, hint?: string) =>
    problems.push({ from: node.from, to: node.to, message, ...(hint ? { hint } : {}) });
  tree.iterate({
    enter: () => undefined,
    leave(ref) {
      const n = ref.node;
      switch (n.name) {
        case 'DurationExpr':
        case 'OffsetDurationExpr': {
          const parent = n.parent?.name;
          if (parent === 'MatrixSelector' || parent === 'SubqueryExpr') durationProblem(query, n, true, add);
          else if (parent === 'OffsetExpr') durationProblem(query, n, false, add);
          break;
        }
        case 'MatrixSelector': {
          const operand = n.firstChild;
          const duration = n.lastChild;
          if (!operand || !duration || operand === duration) break;
          const open = query.lastIndexOf('[', duration.from);
          const close = query.indexOf(']', duration.to);
          const brackets = {
            from: open === -1 ? duration.from : open,
            to: close === -1 ? duration.to : close + 1,
          };
          const { base, offset, at } = peel(operand);
          if (base.name !== 'VectorSelector')
            add(
              brackets,
              'ranges only allowed for vector selectors',
              'put the range on a metric selector, or make the expression a subquery: `(…)[5m:]`',
            );
          else if (offset)
            add(brackets, 'no offset modifiers allowed before range', 'write the offset after the range');
          else if (at) add(brackets, 'no @ modifiers allowed before range', 'write the @ after the range');
          break;
        }
        case 'OffsetExpr':
        case 'StepInvariantExpr': {
          const operand = n.firstChild;
          if (!operand) break;
          const isOffset = n.name === 'OffsetExpr';
          if (!isOffset) {
            const ts = n.getChild('NumberDurationLiteral');
            const value = ts ? numberValue(query.slice(ts.from, ts.to)) : undefined;
            if (value !== undefined && (!Number.isFinite(value) || value >= 2 ** 63 || value <= -(2 ** 63)))
              add(operand, `timestamp out of bounds for @ modifier: ${goFloat(value)}`);
          }
          const { base, offset, at } = peel(operand);
          const what = isOffset ? 'offset' : '@';
          if (!SELECTORS.has(base.name))
            add(
              operand,
              `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`,
              `move the ${what} onto the selectors inside`,
            );
          else if (
            base.name === 'MatrixSelector' &&
            peel(base.firstChild ?? base).base.name !== 'VectorSelector'
          )
            add(operand, 'ranges only allowed for vector selectors');
          else if (isOffset ? offset : at)
            add(
              operand,
              isOffset
                ? 'offset may not be set multiple times'
                : '@ <timestamp> may not be set multiple times',
              `keep one ${what}`,
            );
          break;
        }
        case 'AnchoredExpr':
        case 'SmoothedExpr': {
          const operand = n.firstChild;
          const word = n.name === 'AnchoredExpr' ? 'anchored' : 'smoothed';
          if (operand)
            add(
              operand,
              `${word} modifier is experimental and not enabled`,
              FEATURE_HINT('promql-extended-range-selectors'),
            );
          break;
        }
        case 'FunctionCall': {
          const id = n.getChild('FunctionIdentifier');
          const name = id ? query.slice(id.from, id.to) : '';
          if (id && EXPERIMENTAL_FUNCTIONS.has(name))
            add(
              id,
              `function ${JSON.stringify(name)} is not enabled`,
              FEATURE_HINT('promql-experimental-functions'),
            );
          break;
        }
        case 'AggregateExpr': {
          const op = n.getChild('AggregateOp')?.firstChild;
          const args = n.getChild('FunctionCallBody')?.getChildren('Expr') ?? [];
          if (!op) break;
          if (!args.length) {
            add(n, 'no arguments for aggregate expression provided');
            break;
          }
          if (EXPERIMENTAL_AGGREGATIONS.has(op.name)) {
            const name = query.slice(op.from, op.to).toLowerCase();
            add(
              n,
              `${name}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`,
            );
            break;
          }
          const wanted = WITH_PARAMETER.has(op.name) ? 2 : 1;
          if (args.length !== wanted)
            add(
              n,
              `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`,
              wanted === 2 ? 'write the parameter first, then the expression' : undefined,
            );
          break;
        }
        case 'BinaryExpr':
          if (n.getChild('FillModifier'))
            add(
              n,
              'binop fill modifiers are experimental and not enabled',
              FEATURE_HINT('promql-binop-fill-modifiers'),
            );
          break;
      }
    },
  });
  return problems;
}

/** The smallest node spanning exactly `from`–`to`, of one of the given kinds. */
function nodeAt(tree: Tree, from: number, to: number, name: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  tree.iterate({
    from,
    to,
    enter(ref) {
      if (ref.from > from || ref.to < to) return false;
      if (ref.from === from && ref.to === to && ref.name === name) found = ref.node;
      return undefined;
    },
  });
  return found;
}

/** Where Prometheus reports a binary operator's errors: between the operands, modifiers included. */
function operatorRange(query: string, node: SyntaxNode): { from: number; to: number } {
  const lhs = node.firstChild;
  const rhs = node.lastChild;
  if (!lhs || !rhs) return node;
  let from = lhs.to;
  let to = rhs.from;
  while (from < to && /\s/.test(query[from]!)) from++;
  while (to > from && /\s/.test(query[to - 1]!)) to--;
  return { from, to };
}

const SET_OPERATORS = ['And', 'Or', 'Unless'];

/** The set operator of a binary expression, as Prometheus names it. */
function setOperator(node: SyntaxNode | undefined): string {
  const op = SET_OPERATORS.find((name) => node?.getChild(name));
  return op ? op.toLowerCase() : 'and';
}

/** The linter's `checkAST` diagnostics, in Prometheus's words and at its positions. */
function astProblems(query: string, tree: Tree, state: EditorState): TypeProblem[] {
  const linter = new Parser(state);
  linter.analyze();
  const out: TypeProblem[] = [];
  for (const d of linter.getDiagnostics()) {
    if (d.severity !== 'error') continue;
    const at = { from: d.from, to: d.to };
    const binary = () => nodeAt(tree, d.from, d.to, 'BinaryExpr');
    let m: RegExpExecArray | null;
    if ((m = /^expected type (\w+) in (.+), got (\w+)$/.exec(d.message))) {
      const [, want, context, got] = m;
      out.push({
        ...at,
        message: `expected type ${documented(want!)} in ${context}, got ${documented(got!)}`,
        ...typeHint(want!, got!, context!),
      });
    } else if (
      (m = /^unary expression only allowed on expressions of type scalar or instant vector, got (\w+)$/.exec(
        d.message,
      ))
    ) {
      out.push({
        ...at,
        message: `unary expression only allowed on expressions of type scalar or instant vector, got "${documented(m[1]!)}"`,
      });
    } else if (
      (m = /^subquery is only allowed on instant vector, got (\w+) in \w+ instead$/.exec(d.message))
    ) {
      out.push({ ...at, message: `subquery is only allowed on instant vector, got ${m[1]} instead` });
    } else if (
      d.message === 'bool modifier can only be used on comparison operators' ||
      d.message === 'comparisons between scalars must use BOOL modifier' ||
      /^label ".*" must not occur in ON and GROUP clause at once$/.test(d.message)
    ) {
      const node = binary();
      const hint = d.message.startsWith('bool')
        ? 'remove `bool`'
        : d.message.startsWith('comparisons')
          ? 'write `bool` after the operator'
          : undefined;
      out.push({
        ...(node ? operatorRange(query, node) : at),
        message: d.message,
        ...(hint ? { hint } : {}),
      });
    } else if (d.message === 'no grouping allowed for set operations') {
      out.push({
        ...at,
        message: `no grouping allowed for "${setOperator(binary())}" operation`,
        hint: 'remove group_left/group_right',
      });
    } else if (d.message === 'set operator not allowed in binary scalar expression') {
      out.push({
        ...at,
        message: `set operator "${setOperator(binary())}" not allowed in binary scalar expression`,
        hint: '`and`, `or` and `unless` need instant vectors on both sides',
      });
    } else if ((m = /^metric name must not be set twice: (.*) or (.*)$/.exec(d.message))) {
      // Prometheus checks only selectors whose name is written before the braces.
      if (nodeAt(tree, d.from, d.to, 'VectorSelector')?.getChild('Identifier'))
        out.push({
          ...at,
          message: `metric name must not be set twice: ${JSON.stringify(m[1])} or ${JSON.stringify(m[2])}`,
        });
    } else if (d.message === 'vector selector must contain at least one non-empty matcher') {
      // Decided below: the linter does not evaluate regular expressions.
    } else if (d.message.startsWith('@ modifier must be preceded')) {
      // The grammar's check (above) decides by the kind of node, as Prometheus does, not by its type.
    } else {
      out.push({ ...at, message: d.message });
    }
  }
  tree.iterate({
    enter(ref) {
      if (ref.name === 'VectorSelector' && selectsEverything(query, ref.node))
        out.push({
          from: ref.from,
          to: ref.to,
          message: 'vector selector must contain at least one non-empty matcher',
          hint: 'add a metric name or a matcher that needs a non-empty value',
        });
      return undefined;
    },
  });
  return out;
}

/** A string literal's value: Go's `strconv.Unquote` for "…" and '…', raw for `…`. */
function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (literal.startsWith('`')) return body;
  try {
    const escaped = literal.startsWith("'") ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body;
    return JSON.parse(`"${escaped}"`) as string;
  } catch {
    return body;
  }
}

/** Whether a matcher accepts the empty string, as Prometheus's `Matcher.Matches("")`. */
function matchesEmpty(op: string, value: string): boolean {
  if (op === '=') return value === '';
  if (op === '!=') return value !== '';
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${value})$`, 's');
  } catch {
    // A pattern JavaScript cannot read (RE2 syntax): assume it needs a value, so nothing is reported wrongly.
    return false;
  }
  return op === '=~' ? re.test('') : !re.test('');
}

/** A selector without a metric name whose every matcher accepts an empty value (`{job=~".*"}`). */
function selectsEverything(query: string, selector: SyntaxNode): boolean {
  if (selector.getChild('Identifier')) return false;
  const list = selector.getChild('LabelMatchers');
  if (!list) return true;
  let any = false;
  for (let m = list.firstChild; m; m = m.nextSibling) {
    if (m.name === 'QuotedLabelName') return false;
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
    const op = m.getChild('MatchOp');
    const value = m.getChildren('StringLiteral').pop();
    if (!op || !value) return false;
    any = true;
    if (!matchesEmpty(query.slice(op.from, op.to), unquote(query.slice(value.from, value.to)))) return false;
  }
  return any || !list.firstChild;
}

function typeHint(want: string, got: string, context: string): { hint?: string } {
  if (want === 'matrix' && got === 'vector') return { hint: 'add a range such as `[5m]` to the selector' };
  if (want === 'vector' && got === 'matrix')
    return { hint: 'remove the range, or turn it into an instant vector first, e.g. with rate()' };
  if (context === 'aggregation parameter' && want === 'scalar')
    return { hint: 'write a number first, e.g. `topk(5, …)`' };
  if (context === 'aggregation parameter' && want === 'string')
    return { hint: 'write the label name first, in quotes, e.g. `count_values("version", …)`' };
  return {};
}

// Postfix modifiers: Prometheus's grammar gives them the highest precedence (`%right LEFT_BRACKET`,
// `%nonassoc OFFSET`), so `a + b offset 5m` is `a + (b offset 5m)`; the lezer grammar applies them to the
// whole `a + b`.
const POSTFIX = new Set([
  'OffsetExpr',
  'StepInvariantExpr',
  'MatrixSelector',
  'SubqueryExpr',
  'AnchoredExpr',
  'SmoothedExpr',
]);
const OPERATIONS = new Set(['BinaryExpr', 'UnaryExpr']);

/** Where parentheses make the lezer tree nest as Prometheus's: around each misplaced modifier and its operand. */
function misplaced(node: SyntaxNode, wraps: Array<{ from: number; to: number }>): void {
  if (POSTFIX.has(node.name)) {
    let base = node;
    while (POSTFIX.has(base.name) && base.firstChild) base = base.firstChild;
    if (OPERATIONS.has(base.name)) {
      let operand = base;
      while (OPERATIONS.has(operand.name) && operand.lastChild) operand = operand.lastChild;
      wraps.push({ from: operand.from, to: node.to });
      // The chain's own arguments (durations, timestamps), then the operation's operands.
      for (let n: SyntaxNode = node; n !== base && n.firstChild; n = n.firstChild)
        for (let c = n.firstChild.nextSibling; c; c = c.nextSibling) misplaced(c, wraps);
      for (let c = base.firstChild; c; c = c.nextSibling) misplaced(c, wraps);
      return;
    }
  }
  for (let c = node.firstChild; c; c = c.nextSibling) misplaced(c, wraps);
}

/** The query with parentheses where Prometheus's precedence puts them, and each character's original index. */
function prometheusShape(
  query: string,
  tree: Tree,
): { text: string; tree: Tree; origin: number[] } | undefined {
  let text = query;
  const origin = Array.from({ length: query.length }, (_, i) => i);
  for (let round = 0; round < 8; round++) {
    const wraps: Array<{ from: number; to: number }> = [];
    misplaced(tree.topNode, wraps);
    if (!wraps.length) return { text, tree, origin };
    const inserts = wraps
      .flatMap((w) => [
        { at: w.from, ch: '(' },
        { at: w.to, ch: ')' },
      ])
      .sort((a, b) => b.at - a.at);
    for (const { at, ch } of inserts) {
      text = text.slice(0, at) + ch + text.slice(at);
      origin.splice(at, 0, -1);
    }
    tree = parser.parse(text);
  }
  // Not settled: no verdict rather than a wrong one.
  return undefined;
}

/** A range of the reshaped text, mapped back onto the query. */
function toQuery(problem: TypeProblem, origin: number[], length: number): TypeProblem {
  let from = problem.from;
  while (from < origin.length && origin[from] === -1) from++;
  let to = problem.to;
  while (to > problem.from && origin[to - 1] === -1) to--;
  const start = from < origin.length ? origin[from]! : length;
  const end = to > 0 && origin[to - 1] !== undefined && origin[to - 1]! >= 0 ? origin[to - 1]! + 1 : start;
  return { ...problem, from: start, to: Math.max(end, start) };
}

/**
 * Prometheus's order of reporting, approximately: an error inside another node's range comes first (the
 * parser checks the operands before the node), except a function's argument count, checked before its arguments.
 */
function prometheusOrder(a: TypeProblem, b: TypeProblem): number {
  const contains = (x: TypeProblem, y: TypeProblem) =>
    x.from <= y.from && y.to <= x.to && (x.from !== y.from || x.to !== y.to);
  const first = (x: TypeProblem) => /argument\(s\) in call to/.test(x.message);
  if (contains(a, b)) return first(a) ? -1 : 1;
  if (contains(b, a)) return first(b) ? 1 : -1;
  return a.from - b.from;
}

/**
 * The first type error Prometheus reports for a query that parses (the tree has no error node), or undefined.
 * Grammar-action errors stop Prometheus before its type check, as here.
 */
export function promqlTypeProblem(query: string, tree: Tree): TypeProblem | undefined {
  const shaped = prometheusShape(query, tree);
  if (!shaped) return undefined;
  const grammar = grammarProblems(shaped.text, shaped.tree);
  let found = grammar[0];
  if (!found) {
    found = astProblems(shaped.text, shaped.tree, linterState(shaped.text, shaped.tree)).sort(
      prometheusOrder,
    )[0];
  }
  return found && toQuery(found, shaped.origin, query.length);
}
