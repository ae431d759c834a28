/** An objective replayed over a range from Prometheus, under its own target or another one, the file untouched. */
import { backtestObjective, withTarget } from '../../backtest/objective.js';
import { hasBudget } from '../../language/service.js';
import { PrometheusClient, PrometheusError } from '../../prometheus/client.js';
import { BacktestRequest, type BacktestAnswer } from '../../protocol/requests.js';
import { serviceOptions } from '../context.js';
import { cancelled, type HandlerContext } from '../guard.js';

/** The longest range replayed: a year, the longest SLO window a format writes. */
const MAX_RANGE_DAYS = 366;
/** About this many points of the error ratio over time: enough for a chart a screen wide. */
const SERIES_POINTS = 2000;

const problem = (message: string): BacktestAnswer => ({ error: { kind: 'unsupported', message } });

export function registerBacktestHandlers({ ctx, sync }: HandlerContext): void {
  ctx.connection.onRequest(BacktestRequest, async ({ uri, index, prometheus, from, to, target }, token) => {
    const start = new Date(from);
    const end = new Date(to);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || !(start < end))
      return problem(`The range ${from} → ${to} is not two ISO 8601 instants in order.`);
    if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * 86_400_000)
      return problem(`The range ${from} → ${to} is longer than ${MAX_RANGE_DAYS} days.`);
    if (target !== undefined && !(typeof target === 'number' && target > 0 && target < 1))
      return problem(`The target ${String(target)} is not a ratio between 0 and 1.`);
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      sync.flush();
      if (token.isCancellationRequested) return cancelled();
      let service = ctx.service;
      let entry = ctx.service.budgets(uri, end).filter(hasBudget)[index];
      let edit: Extract<BacktestAnswer, { result: unknown }>['edit'];
      if (!entry) return problem('No SLO objective there any more.');
      if (target !== undefined) {
        const changed = withTarget(ctx.service, serviceOptions(ctx.settings), uri, index, target, end);
        if ('error' in changed) return problem(changed.error);
        ({ service, edit, entry } = changed);
      }
      const result = await backtestObjective(service, uri, entry, {
        from: start,
        to: end,
        postmortems: ctx.postmortems.texts(),
        client: () => new PrometheusClient(prometheus, abort.signal),
        seriesPoints: SERIES_POINTS,
      });
      if (token.isCancellationRequested) return cancelled();
      return { result, ...(edit ? { edit } : {}) };
    } catch (err) {
      if (err instanceof PrometheusError) return { error: err.describe() };
      ctx.failure('Backtest', err);
      return { error: { kind: 'garbage', message: `The replay failed: ${String(err)}` } };
    } finally {
      listener.dispose();
    }
  });
}
