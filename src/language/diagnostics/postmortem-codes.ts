// Postmortems: Markdown files with YAML front matter, checked by src/postmortem/check.ts. They have a catalogue
// of their own because the SLO analyzer never sees them.
// prettier-ignore
export const POSTMORTEM_ENTRIES = [
  [
    'SLO801',
    'warning',
    'Postmortem without front matter',
    'The index, the tree view and the checks read a postmortem\'s title, status, owner, SLOs and action items from the YAML front matter at the top of the file. "New Postmortem" writes it.',
    '# Checkout down\n\nWe rolled back.',
  ],
  [
    'SLO802',
    'error',
    'Unreadable front matter',
    'The front matter is not valid YAML, is never closed by a `---` line, or is not a mapping of keys; nothing in it can be read.',
    '---\ntitle: [Checkout down\n---',
  ],
  [
    'SLO803',
    'error',
    'Wrong type in the front matter',
    'A field has the wrong YAML type: `owner`, `status` and the dates are single values; `slos` and `action_items` are lists of mappings; `links` is a mapping.',
    '---\nowner: [amina, tom]\n---',
  ],
  [
    'SLO804',
    'warning',
    'Postmortem without owner',
    'A postmortem nobody owns stays a draft. `owner` is the one person who drives it to `final`; the others go in `authors`.',
    '---\ntitle: Checkout down\n---',
  ],
  [
    'SLO805',
    'warning',
    'Missing or unknown status',
    'The index groups postmortems by `status`: `draft`, `in review` (also written `in-review` or `review`) or `final`.',
    '---\nstatus: done\n---',
  ],
  [
    'SLO806',
    'error',
    'Not an ISO 8601 date',
    '`date` and the `due` dates of action items are ISO 8601 dates (`2026-11-03`); `started`, `detected` and `resolved` are dates and times with a zone (`2026-11-03T14:12:00+01:00`), so the incident lasts the same for every reader.',
    '---\nstarted: 3/11/2026 14:12\n---',
  ],
  [
    'SLO807',
    'error',
    'Times out of order',
    'The incident is detected and resolved after it starts; otherwise its duration and the budget it cost are wrong.',
    '---\nstarted: 2026-11-03T14:12:00Z\nresolved: 2026-11-03T13:50:00Z\n---',
  ],
  [
    'SLO808',
    'error',
    'Unresolved SLO reference',
    'Each entry of `slos` names an SLO of the repository by `file` (relative to the workspace folder) and `name`; this one does not exist, so its budget cannot be followed.',
    '---\nslos:\n  - file: slos/checkout.yaml\n    name: checkout-availabilty\n---',
  ],
  [
    'SLO809',
    'warning',
    'Action item without owner',
    'An action item without an owner is rarely done. Give each one an `owner`.',
    '---\naction_items:\n  - title: Alert on the burn rate\n---',
  ],
  [
    'SLO810',
    'info',
    'Action item without ticket',
    'Action items live on in the tracker the team works from, not in the postmortem; `ticket` links the two.',
    '---\naction_items:\n  - title: Alert on the burn rate\n    owner: amina\n---',
  ],
  [
    'SLO811',
    'warning',
    'Overdue action item',
    'The action item is past its `due` date and its `status` is not done (or closed, fixed, cancelled…).',
    '---\naction_items:\n  - title: Alert on the burn rate\n    due: 2020-01-31\n---',
  ],
  [
    'SLO812',
    'info',
    'Final postmortem with open action items',
    'A `final` postmortem whose action items are not all done. Often expected (they are tracked in tickets); a reminder to close them or to update their status.',
    '---\nstatus: final\naction_items:\n  - title: Alert on the burn rate\n---',
  ],
] as const;

export type PostmortemCode = (typeof POSTMORTEM_ENTRIES)[number][0];
