/** The requests answered from Prometheus: an objective's live budget, an SLI's error rate during an incident. */
import type { CancellationToken } from 'vscode-languageserver';
import { hasBudget, type WorkspaceSloBudget } from '../../language/service.js';
import { PrometheusClient, PrometheusError, type PrometheusConfig } from '../../prometheus/client.js';
import { liveBudget } from '../../prometheus/live.js';
import { measureErrorRatio } from '../../prometheus/incident.js';
import { IncidentErrorRateRequest, LiveBudgetRequest, type LiveError } from '../../protocol/requests.js';
import { cancelled, type HandlerContext } from '../guard.js';
import { instant } from './budget.js';

/** One objective of a document with its budget, its input and how to read its SLI live. */
type Objective = WorkspaceSloBudget;

interface LiveRead<R> {
  /** What is read, for the log. */
  what: string;
  /** Put before the text of an unexpected failure in the answer. */
  failurePrefix: string;
  uri: string;
  index: number;
  prometheus: PrometheusConfig;
  /** The instant the objective's windows end at. */
  at: Date;
  read(objective: Objective, client: PrometheusClient): Promise<R>;
}

export function registerLiveHandlers(handlers: HandlerContext): void {
  const { connection } = handlers.ctx;

  connection.onRequest(LiveBudgetRequest, ({ uri, index, prometheus, at }, token) => {
    const time = instant(handlers.ctx, at);
    return readLive(handlers, token, {
      what: 'Live budget',
      failurePrefix: 'Reading the live budget failed: ',
      uri,
      index,
      prometheus,
      at: time,
      read: async ({ report, input, spec }, client) => ({
        live: await liveBudget({ report, input, spec, client, at: time }),
      }),
    });
  });

  connection.onRequest(IncidentErrorRateRequest, ({ uri, index, started, resolved, prometheus }, token) =>
    readLive(handlers, token, {
      what: 'Incident error rate',
      failurePrefix: '',
      uri,
      index,
      prometheus,
      at: handlers.ctx.today(),
      read: async ({ spec }, client) => ({
        errorRate: await measureErrorRatio(spec, client, new Date(started), new Date(resolved)),
        queries: client.sent,
      }),
    }),
  );
}

/**
 * Reads from Prometheus for one objective of a document: pending edits analyzed first, the queries aborted
 * when the request is cancelled, a Prometheus failure answered as `PrometheusError.describe()` says it.
 */
async function readLive<R>(
  { ctx, sync }: HandlerContext,
  token: CancellationToken,
  request: LiveRead<R>,
): Promise<R | { error: LiveError } | ReturnType<typeof cancelled>> {
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  try {
    sync.flush();
    if (token.isCancellationRequested) return cancelled();
    const objective = ctx.service.budgets(request.uri, request.at).filter(hasBudget)[request.index];
    if (!objective) return { error: { kind: 'unsupported', message: 'No SLO objective there any more.' } };
    return await request.read(objective, new PrometheusClient(request.prometheus, abort.signal));
  } catch (err) {
    if (err instanceof PrometheusError) return { error: err.describe() };
    ctx.failure(request.what, err);
    return { error: { kind: 'garbage', message: `${request.failurePrefix}${String(err)}` } };
  } finally {
    listener.dispose();
  }
}
