import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';
import type { YNode } from './node.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { valueIndexToOffset } from './scalar-offsets.js';
import { promqlTypeProblem } from './promql-types.js';

export interface QueryProblem {
  /** Indices into the query string. */
  from: number;
  to: number;
  message: string;
  /** A type error (the query parses, Prometheus rejects it): reported as SLO502. */
  kind?: 'type';
  /** How to fix it, when one fix is likely. */
  hint?: string;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** The last query parsed and its tree (immutable): a rule that checks a query's syntax often reads its tree next. */
let last: { query: string; tree: Tree } | undefined;

export function parsePromQL(query: string): Tree {
  if (last?.query !== query) last = { query, tree: parser.parse(query) };
  return last.tree;
}

/** The first unbalanced bracket, ignoring brackets inside string literals. */
function bracketProblem(query: string): QueryProblem | undefined {
  const stack: Array<{ ch: string; at: number }> = [];
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]!;
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '#') {
      const nl = query.indexOf('\n', i);
      if (nl === -1) break;
      i = nl;
    } else if (OPENERS[ch]) stack.push({ ch, at: i });
    else if (CLOSERS[ch]) {
      const open = stack.pop();
      if (!open) return { from: i, to: i + 1, message: `\`${ch}\` at column ${i + 1} closes nothing` };
      if (open.ch !== CLOSERS[ch])
        return {
          from: i,
          to: i + 1,
          message: `\`${ch}\` at column ${i + 1} does not match \`${open.ch}\` at column ${open.at + 1}: expected \`${OPENERS[open.ch]}\``,
        };
    }
  }
  if (quote) {
    const at = query.lastIndexOf(quote);
    return {
      from: at,
      to: query.length,
      message: `the string opened with ${quote} at column ${at + 1} is never closed`,
    };
  }
  const open = stack.pop();
  if (open)
    return {
      from: open.at,
      to: open.at + 1,
      message: `\`${open.ch}\` at column ${open.at + 1} is never closed: add \`${OPENERS[open.ch]}\``,
    };
  return undefined;
}

/**
 * Verdicts of recent queries: the same query recurs across a workspace's files (a good/total pair per
 * SLI, Sloth's templated rules), and parsing it is most of a file's check. Bounded, as files come and go.
 */
const verdicts = new Map<string, QueryProblem | undefined>();
const MAX_VERDICTS = 4096;

/** A syntax problem of a PromQL query, located inside it, or undefined when it parses. */
export function promqlSyntaxProblem(query: string): QueryProblem | undefined {
  if (verdicts.has(query)) {
    const known = verdicts.get(query);
    // A copy: callers own what they are given.
    return known && { ...known };
  }
  const problem = findSyntaxProblem(query);
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(query, problem && { ...problem });
  return problem;
}

function findSyntaxProblem(query: string): QueryProblem | undefined {
  if (query.trim() === '') return { from: 0, to: query.length, message: 'the query is empty' };
  const tree = parsePromQL(query);
  let first: { from: number; to: number } | undefined;
  tree.iterate({
    enter(n) {
      if (first) return false;
      if (n.type.isError) {
        first = { from: n.from, to: n.to };
        return false;
      }
      return undefined;
    },
  });
  if (!first) return undefined;
  const brackets = bracketProblem(query);
  if (brackets) return brackets;
  const at = first.from;
  if (at >= query.trimEnd().length) {
    const before = query.trimEnd();
    const last = before[before.length - 1] ?? '';
    return {
      from: Math.max(0, before.length - 1),
      to: before.length,
      message: `the query ends too early after \`${last}\`: an operand or argument is missing`,
    };
  }
  const token = /^[A-Za-z_:][A-Za-z0-9_:]*|^\S/.exec(query.slice(at))?.[0] ?? query[at] ?? '';
  return {
    from: at,
    to: Math.max(at + token.length, first.to),
    message: `unexpected \`${token}\` at column ${at + 1}`,
  };
}

const typeVerdicts = new Map<string, QueryProblem | undefined>();

/**
 * A problem of a PromQL query, located inside it: its syntax error, else the first type error Prometheus
 * reports (ranges on expressions, argument types and counts, operators between scalars and vectors, modifiers).
 */
export function promqlProblem(query: string): QueryProblem | undefined {
  const syntax = promqlSyntaxProblem(query);
  if (syntax) return syntax;
  if (!typeVerdicts.has(query)) {
    const found = promqlTypeProblem(query, parsePromQL(query));
    if (typeVerdicts.size >= MAX_VERDICTS) typeVerdicts.clear();
    typeVerdicts.set(query, found && { ...found, kind: 'type' });
  }
  const known = typeVerdicts.get(query);
  return known && { ...known };
}

/** The node kind at the top of the expression, skipping parentheses. */
export function topExpression(tree: Tree): SyntaxNode | null {
  let node: SyntaxNode | null = tree.topNode.firstChild;
  while (node && node.name === 'ParenExpr')
    node = node.getChild('Expr') ?? node.firstChild?.nextSibling ?? null;
  return node;
}

/** Matchers of a bare vector selector: label → [operator, value]. */
export function selectorMatchers(query: string, tree: Tree): Map<string, { op: string; value: string }> {
  const out = new Map<string, { op: string; value: string }>();
  tree.iterate({
    enter(n) {
      if (n.name !== 'UnquotedLabelMatcher' && n.name !== 'LabelMatcher') return undefined;
      const label = n.node.getChild('LabelName');
      const op = n.node.getChild('MatchOp');
      const str = n.node.getChild('StringLiteral');
      if (label && op && str) {
        const raw = query.slice(str.from, str.to);
        out.set(query.slice(label.from, label.to), {
          op: query.slice(op.from, op.to),
          value: raw.slice(1, -1),
        });
      }
      return false;
    },
  });
  return out;
}

/** Reports a query problem at its column inside the YAML string. */
export function reportQueryProblem(
  r: Reporter,
  node: YNode,
  problem: QueryProblem,
  prefix: string,
  toValueIndex: (i: number) => number = (i) => i,
): void {
  const start = valueIndexToOffset(node, r.text, toValueIndex(problem.from));
  let end = valueIndexToOffset(node, r.text, toValueIndex(problem.to));
  if (end <= start) end = start + 1;
  const valueEnd = node.valueRange()?.[1] ?? end;
  const type = problem.kind === 'type';
  const message = `${type ? 'PromQL type error' : prefix}: ${problem.message}${problem.hint ? `; ${problem.hint}` : ''}.`;
  r.report(type ? 'SLO502' : 'SLO501', [start, Math.min(end, Math.max(valueEnd, start + 1))], message);
}

/** Checks a PromQL query held by a YAML scalar. */
export function checkPromQL(r: Reporter, node: YNode, label = 'PromQL syntax error'): void {
  const query = node.string;
  if (query === undefined) return;
  const problem = promqlProblem(query);
  if (problem) reportQueryProblem(r, node, problem, label);
}
