/** The budget figures of the workspace's SLOs: per document, as CodeLenses, the whole workspace's list, the status bar's summary. */
import { promDuration } from '../../budget/format.js';
import { hasBudget, type SloLiveSpec, type WorkspaceSloFailure } from '../../language/service.js';
import {
  BudgetRequest,
  DocumentInfoRequest,
  WorkspaceSlosRequest,
  type DocumentBudget,
  type DocumentInfo,
  type LiveHint,
  type SloFailure,
  type WorkspaceSlo,
} from '../../protocol/requests.js';
import type { ServerContext } from '../context.js';
import type { HandlerContext } from '../guard.js';
import { rulesLenses } from './rules.js';

/** Where the SLO's data can be read live, as its file says. */
export function liveHint(spec: SloLiveSpec): LiveHint {
  return {
    ...(spec.dataSource ? { dataSource: spec.dataSource } : {}),
    ...(spec.sli.kind === 'unsupported' && !spec.recorded ? { unsupported: spec.sli.reason } : {}),
  };
}

/** An ISO 8601 instant from a request, else now (also when it cannot be read). */
export function instant(ctx: ServerContext, at: string | undefined): Date {
  const when = at ? new Date(at) : ctx.today();
  return Number.isNaN(when.getTime()) ? ctx.today() : when;
}

const failure = (e: WorkspaceSloFailure): SloFailure => ({
  name: e.name,
  format: e.format,
  range: e.range,
  error: e.error,
});

export function registerBudgetHandlers({ ctx, guarded }: HandlerContext): void {
  const { connection } = ctx;

  connection.onRequest(
    DocumentInfoRequest,
    guarded('Document info', null as DocumentInfo | null, ({ uri }) => {
      const summary = ctx.service.documentSummary(uri);
      if (!summary) return null;
      const { formats, objects, errors, warnings } = summary;
      return { formats, objects, errors, warnings };
    }),
  );

  connection.onRequest(
    BudgetRequest,
    guarded('Budget', { reports: [], failed: [] } as DocumentBudget, ({ uri, at }) => {
      const entries = ctx.service.budgets(uri, instant(ctx, at));
      return {
        reports: entries.filter(hasBudget).map(({ report, spec, range }) => ({
          ...report,
          range,
          live: liveHint(spec),
        })),
        failed: entries.flatMap((e) => (hasBudget(e) ? [] : [failure(e)])),
      };
    }),
  );

  connection.onRequest(
    WorkspaceSlosRequest,
    guarded('Workspace SLOs', [] as WorkspaceSlo[], () =>
      ctx.service.workspaceSlos(ctx.today()).map((e): WorkspaceSlo => {
        if (!hasBudget(e))
          return { ...failure(e), uri: e.uri, service: e.service, errors: e.errors, warnings: e.warnings };
        return {
          uri: e.uri,
          service: e.service,
          name: e.name,
          ...(e.report.objective ? { objective: e.report.objective } : {}),
          format: e.report.format,
          target: e.report.target,
          method: e.report.method,
          window: e.report.window.label,
          allowedBadMinutes: e.report.budget.allowedBadMinutes,
          index: e.index,
          range: e.range,
          errors: e.errors,
          warnings: e.warnings,
          live: liveHint(e.spec),
          input: e.input,
        };
      }),
    ),
  );

  connection.onCodeLens(
    guarded('Code lenses', [], ({ textDocument }) => {
      // The SLOs in error have no figures, and the diagnostic on their field says why.
      const objectives = ctx.service.budgets(textDocument.uri, ctx.today()).filter(hasBudget);
      const budget = objectives.map(({ report, range }, i) => ({
        range: { start: range.start, end: range.start },
        command: {
          title: `Budget: ${promDuration(report.budget.allowedBadMinutes, true)} / ${report.window.label} · preview`,
          command: 'teamSre.previewBudget',
          arguments: [textDocument.uri, i],
        },
      }));
      // Above each SLO's first objective: the postmortems that name it.
      const rel = ctx.relativeUri(textDocument.uri);
      const seen = new Set<string>();
      const cited = objectives.flatMap(({ name, range }) => {
        if (rel === undefined || seen.has(name)) return [];
        seen.add(name);
        const found = ctx.postmortems.citing(rel, name);
        if (!found.length) return [];
        return [
          {
            range: { start: range.start, end: range.start },
            command: {
              title: found.length === 1 ? '1 postmortem' : `${found.length} postmortems`,
              command: 'teamSre.showPostmortems',
              arguments: [
                found.map((p) => ({
                  uri: ctx.postmortems.uriOf(p.path),
                  title: p.title,
                  date: p.date,
                  status: p.status,
                })),
              ],
            },
          },
        ];
      });
      return [...budget, ...cited, ...rulesLenses(ctx, textDocument.uri)];
    }),
  );
}
