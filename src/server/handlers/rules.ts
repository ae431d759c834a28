/** The generated Prometheus rules of an SLO file: the read-only view, its CodeLenses, the rewrite of a committed file. */
import type { CodeLens } from 'vscode-languageserver';
import { compareRules } from '../../rules/compare.js';
import { isGeneratedByUs } from '../../rules/write.js';
import { RulesRequest, type GeneratedRules, type TextRange } from '../../protocol/requests.js';
import type { ServerContext } from '../context.js';
import type { HandlerContext } from '../guard.js';

/** The commands the lenses and the quick fix run in the extension. */
export const SHOW_RULES_COMMAND = 'teamSre.showGeneratedRules';
export const REWRITE_RULES_COMMAND = 'teamSre.rewriteGeneratedRules';

/** The file's name in the generated header: its path in the workspace, else its name. */
const inputName = (ctx: ServerContext, uri: string) =>
  ctx.relativeUri(uri) ??
  (() => {
    const path = ctx.uriToPath(uri);
    return path === undefined
      ? decodeURIComponent(uri.replace(/^.*\//, ''))
      : ctx.fileSystem.paths.basename(path);
  })();

export function generatedRules(ctx: ServerContext, uri: string): GeneratedRules | null {
  const view = ctx.service.rulesView(uri, inputName(ctx, uri), ctx.today());
  if (!view) return null;
  const { text, generators, slos, notes, alertLines } = view;
  const target = ctx.generatedRules.targetOf(uri);
  const documents = ctx.service.rules(uri)?.documents ?? [];
  const comparison = target?.text === undefined ? undefined : compareRules(target.text, documents);
  return {
    text,
    generators,
    slos,
    notes,
    alertLines,
    ...(target
      ? {
          committed: {
            uri: target.uri,
            path: target.path,
            exists: target.text !== undefined,
            stale: comparison !== undefined && (!('stale' in comparison) || comparison.stale),
            ours: target.text === undefined || isGeneratedByUs(target.text),
          },
        }
      : {}),
  };
}

/** A note's reason, short enough for a lens: its first clause (after a leading `No rules…:`), cut at a word. */
export function shortReason(message: string): string {
  const reason = message.replace(/^No rules[^:]*:\s*/, '');
  const clause = /^(.*?)[.:;](\s|$)/.exec(reason)?.[1] ?? reason;
  if (clause.length <= 100) return clause;
  return `${clause.slice(0, 99).replace(/\s+\S*$/, '')}…`;
}

const sameStart = (a: TextRange, b: TextRange) =>
  a.start.line === b.start.line && a.start.character === b.start.character;

/**
 * Above each SLO: how many rules it generates (opening the view at its groups); above an SLO none are generated
 * for, why (a note about an SLO that has rules, such as OpenSLO's "no alert policy", is left to the view's header).
 */
export function rulesLenses(ctx: ServerContext, uri: string): CodeLens[] {
  // The lenses need no alert rows: no budget is computed for them.
  const rules = ctx.service.rulesView(uri, inputName(ctx, uri));
  if (!rules) return [];
  const lenses: CodeLens[] = rules.slos.map((slo) => ({
    range: { start: slo.range.start, end: slo.range.start },
    command: {
      title: `${slo.rules} rule${slo.rules === 1 ? '' : 's'} · show`,
      command: SHOW_RULES_COMMAND,
      arguments: [uri, slo.lines?.start ?? 0],
    },
  }));
  const said = new Set<string>();
  for (const note of rules.notes) {
    const where = `${note.range.start.line}:${note.range.start.character}`;
    if (said.has(where) || rules.slos.some((slo) => sameStart(slo.range, note.range))) continue;
    said.add(where);
    lenses.push({
      range: { start: note.range.start, end: note.range.start },
      command: {
        title: `No rules: ${shortReason(note.message)}`,
        command: SHOW_RULES_COMMAND,
        arguments: [uri, 0],
      },
    });
  }
  return lenses;
}

export function registerRulesHandlers({ ctx, guarded }: HandlerContext): void {
  ctx.connection.onRequest(
    RulesRequest,
    guarded('Generated rules', null as GeneratedRules | null, ({ uri }) => generatedRules(ctx, uri)),
  );
}
