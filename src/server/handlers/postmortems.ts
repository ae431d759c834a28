/** The postmortems of the workspace, for the Postmortems view. */
import { PostmortemsRequest, type IndexedPostmortem } from '../../protocol/requests.js';
import type { HandlerContext } from '../guard.js';

export function registerPostmortemHandlers({ ctx, guarded }: HandlerContext): void {
  ctx.connection.onRequest(
    PostmortemsRequest,
    guarded('Postmortems', [] as IndexedPostmortem[], () => ctx.postmortems.list()),
  );
}
