/** The budget figures of the workspace's SLOs: per document, as CodeLenses, the whole catalogue, the status bar's summary. */
import { promDuration } from '../../budget/format.js';
import { sloCatalogue } from '../../language/features/workspace-slos.js';
import type { SloLiveSpec } from '../../language/model/live-spec.js';
import { FORMAT_LABELS } from '../../language/types.js';
import {
  BudgetRequest,
  DocumentInfoRequest,
  WorkspaceSlosRequest,
  type DocumentBudget,
  type DocumentInfo,
  type LiveHint,
  type WorkspaceSlo,
} from '../../protocol/requests.js';
import type { ServerContext } from '../context.js';
import type { HandlerContext } from '../guard.js';
import { diagnosticsFor } from './language.js';

/** Where the SLO's data can be read live, as its file says. */
export function liveHint(spec: SloLiveSpec): LiveHint {
  return {
    ...(spec.dataSource ? { dataSource: spec.dataSource } : {}),
    ...(spec.sli.kind === 'unsupported' && !spec.recorded ? { unsupported: spec.sli.reason } : {}),
  };
}

/** The SLO objectives of one document with their budgets at `at`. */
export function documentObjectives(ctx: ServerContext, uri: string, at: Date = ctx.today()) {
  return ctx.index.get(uri)
    ? sloCatalogue(ctx.index, { slothPeriod: ctx.settings.sloth.defaultPeriod }, at, [uri])
    : [];
}

/** An ISO 8601 instant from a request, else now (also when it cannot be read). */
export function instant(ctx: ServerContext, at: string | undefined): Date {
  const when = at ? new Date(at) : ctx.today();
  return Number.isNaN(when.getTime()) ? ctx.today() : when;
}

export function registerBudgetHandlers({ ctx, guarded }: HandlerContext): void {
  const { connection } = ctx;

  connection.onRequest(
    DocumentInfoRequest,
    guarded('Document info', null as DocumentInfo | null, ({ uri }) => {
      const analysis = ctx.index.get(uri);
      if (!analysis) return null;
      const diagnostics = diagnosticsFor(ctx, uri);
      return {
        formats: [...new Set(analysis.objects.map((o) => FORMAT_LABELS[o.format]))],
        objects: analysis.objects.length,
        errors: diagnostics.filter((d) => d.severity === 'error').length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      };
    }),
  );

  connection.onRequest(
    BudgetRequest,
    guarded('Budget', { reports: [] } as DocumentBudget, ({ uri, at }) => ({
      reports: documentObjectives(ctx, uri, instant(ctx, at)).map(({ report, spec, range }) => ({
        ...report,
        range,
        live: liveHint(spec),
      })),
    })),
  );

  connection.onRequest(
    WorkspaceSlosRequest,
    guarded('Workspace SLOs', [] as WorkspaceSlo[], () =>
      sloCatalogue(ctx.index, { slothPeriod: ctx.settings.sloth.defaultPeriod }, ctx.today()).map(
        (e): WorkspaceSlo => ({
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
        }),
      ),
    ),
  );

  connection.onCodeLens(
    guarded('Code lenses', [], ({ textDocument }) => {
      const objectives = documentObjectives(ctx, textDocument.uri);
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
      return [...budget, ...cited];
    }),
  );
}
