/** The New SLO command's questions and file, made by the language service so the extension bundles no format. */
import {
  NewSloProblemRequest,
  NewSloRequest,
  NewSloTemplatesRequest,
  type NewSloResult,
  type NewSloTemplate,
} from '../../protocol/requests.js';
import type { HandlerContext } from '../guard.js';

export function registerNewSloHandlers({ ctx, guarded }: HandlerContext): void {
  const { connection, service } = ctx;

  connection.onRequest(
    NewSloTemplatesRequest,
    guarded('New SLO templates', [] as NewSloTemplate[], () => service.newSloChoices()),
  );

  connection.onRequest(
    NewSloProblemRequest,
    guarded('New SLO answer check', null as string | null, ({ field, value }) =>
      field === 'service' || field === 'target' ? (service.newSloProblem(field, value) ?? null) : null,
    ),
  );

  connection.onRequest(
    NewSloRequest,
    guarded('New SLO', { error: 'The new SLO could not be made.' } as NewSloResult, (answers) =>
      service.newSlo(answers),
    ),
  );
}
