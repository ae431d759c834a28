import * as vscode from 'vscode';
import { parsePrometheusUrl, type PrometheusConfig } from '../prometheus/client.js';
import { chooseEndpoint } from '../prometheus/policy.js';
import type { LiveHint } from '../protocol/requests.js';
import type { LiveState } from '../protocol/preview.js';
import { setting } from './settings.js';

const ALLOWED = 'teamSre.allowedDataSourceUrls';
const tokenKey = (origin: string) => `teamSre.prometheus.token:${origin}`;

export interface Endpoint {
  url: string;
  config: PrometheusConfig;
  refreshSeconds: number;
}

/**
 * Where the live budget is read from: the `teamSre.prometheus.url` setting, or else the URL of the OpenSLO
 * DataSource the SLO names. That URL comes from the workspace's files: in an untrusted workspace nothing is
 * sent to it until the user allows it (remembered for this workspace). A bearer token lives in the secret
 * storage, per server origin, never in settings files.
 */
/** Why a read from the browser may fail where the desktop's succeeds: one line, with the fix. */
export const CORS_NOTE =
  'From the browser, Prometheus must allow this page: it must send Access-Control-Allow-Origin for it (Prometheus: --web.cors.origin, or a reverse proxy that adds the header).';

export class LiveEndpoints {
  /**
   * `inBrowser`: github.dev, vscode.dev. The page's own origin sends the queries, so only the address the
   * user set (`teamSre.prometheus.url`) is read, never one found in a file of the repository under review.
   */
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly inBrowser = false,
  ) {}

  /** A failed read's message, with the CORS note when the browser could not reach the server. */
  explain<E extends { kind: string; message: string }>(error: E): E {
    return this.inBrowser && error.kind === 'unreachable'
      ? { ...error, message: `${error.message}. ${CORS_NOTE}` }
      : error;
  }

  async resolve(uri: vscode.Uri, hint: LiveHint | undefined): Promise<Endpoint | LiveState> {
    if (hint?.unsupported) return { state: 'unsupported', reason: hint.unsupported };
    const configured = setting('teamSre.prometheus.url', uri);
    if (this.inBrowser && !configured.trim())
      return {
        state: 'off',
        hint: `In the browser, the budget left is read only from the Prometheus set in \`teamSre.prometheus.url\`, never from an address in a file. ${CORS_NOTE}`,
      };
    const decision = chooseEndpoint({
      configured,
      ...(hint?.dataSource && !this.inBrowser ? { dataSource: hint.dataSource } : {}),
      trusted: vscode.workspace.isTrusted,
      allowed: this.context.workspaceState.get<string[]>(ALLOWED, []),
    });
    if ('off' in decision) return { state: 'off', hint: decision.off };
    if ('confirm' in decision)
      return { state: 'confirm', url: decision.confirm, dataSource: decision.dataSource };
    const url = decision.use;
    let origin: string;
    try {
      origin = parsePrometheusUrl(url).origin;
    } catch (err) {
      return { state: 'error', url, kind: 'url', message: (err as Error).message };
    }
    const headers = { ...setting('teamSre.prometheus.headers', uri) };
    const token = await this.context.secrets.get(tokenKey(origin));
    if (token) headers.Authorization = `Bearer ${token}`;
    return {
      url,
      config: { url, headers, timeoutMs: setting('teamSre.prometheus.timeout', uri) * 1000 },
      refreshSeconds: setting('teamSre.prometheus.refreshInterval', uri),
    };
  }

  async allow(url: string): Promise<void> {
    const allowed = this.context.workspaceState.get<string[]>(ALLOWED, []);
    if (!allowed.includes(url)) await this.context.workspaceState.update(ALLOWED, [...allowed, url]);
  }

  /** "Team SRE: Set Prometheus Token…": stores (or, when left empty, removes) a bearer token for a server. */
  async setToken(): Promise<void> {
    const current = setting('teamSre.prometheus.url');
    const url = await vscode.window.showInputBox({
      title: 'Prometheus server',
      prompt: 'The address the token is for',
      value: current,
      validateInput: (v) => {
        try {
          parsePrometheusUrl(v);
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      },
    });
    if (!url) return;
    const origin = parsePrometheusUrl(url).origin;
    const token = await vscode.window.showInputBox({
      title: `Bearer token for ${origin}`,
      prompt: 'Kept in the editor’s secret storage. Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (token === undefined) return;
    if (token.trim()) await this.context.secrets.store(tokenKey(origin), token.trim());
    else await this.context.secrets.delete(tokenKey(origin));
    void vscode.window.showInformationMessage(
      token.trim() ? `Token stored for ${origin}.` : `Token removed for ${origin}.`,
    );
  }
}
