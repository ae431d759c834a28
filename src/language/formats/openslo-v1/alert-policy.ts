/** Rules of OpenSLO v1 alert policies and conditions, inline or by reference. */
import type { Reference } from '../../model/facts.js';
import type { YNode } from '../../syntax/node.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import { checkShape } from '../../fields/field-spec.js';
import { checkDescription, checkMetadata, checkOpenSloDuration, reference } from '../openslo-common.js';
import { alertConditionSpecSpec, kindSpecs } from './spec.js';
import { checkRefName, SHAPE } from './validate.js';

export function checkAlertPolicy(spec: YNode, r: Reporter, refs: Reference[]): void {
  checkDescription(spec.get('description'), r);
  const conditions = spec.get('conditions');
  if (conditions?.isSeq) {
    const items = conditions.items();
    if (items.length !== 1) {
      r.report(
        'SLO127',
        items[1] ?? conditions,
        items.length === 0
          ? 'An alert policy needs exactly one condition: add an inline AlertCondition or a `conditionRef`.'
          : `An alert policy has exactly one condition, found ${items.length}: split it into several policies.`,
        {
          where: items.length === 0 ? 'key' : 'anchor',
        },
      );
    }
    for (const c of items) {
      if (!c.isMap) continue;
      checkInlineOrRef(
        c,
        'conditionRef',
        'AlertCondition',
        r,
        refs,
        (s) => checkShape(s, alertConditionSpecSpec, r, SHAPE) && checkAlertCondition(s, r),
      );
    }
  }
  const targets = spec.get('notificationTargets');
  if (targets?.isSeq) {
    const items = targets.items();
    if (items.length === 0) {
      r.report(
        'SLO128',
        targets,
        'An alert policy needs at least one notification target: add an inline AlertNotificationTarget or a `targetRef`.',
        { where: 'key' },
      );
    }
    for (const t of items) {
      if (!t.isMap) continue;
      checkInlineOrRef(t, 'targetRef', 'AlertNotificationTarget', r, refs, (s) =>
        checkShape(s, kindSpecs.AlertNotificationTarget!, r, SHAPE),
      );
    }
  }
}

function checkInlineOrRef(
  item: YNode,
  refKey: string,
  kind: 'AlertCondition' | 'AlertNotificationTarget',
  r: Reporter,
  refs: Reference[],
  checkSpec: (spec: YNode) => unknown,
): void {
  const code = kind === 'AlertCondition' ? 'SLO127' : 'SLO128';
  const hasRef = item.has(refKey);
  const inline = ['kind', 'metadata', 'spec'].filter((k) => item.has(k));
  if (hasRef && inline.length) {
    r.report(
      code,
      item.get(inline[0]!)!,
      `Either \`${refKey}\` or an inline ${kind}, not both: remove one.`,
      { where: 'key' },
    );
  } else if (!hasRef && inline.length < 3) {
    const missing = ['kind', 'metadata', 'spec'].filter((k) => !item.has(k));
    r.report(
      code,
      item,
      `An inline ${kind} needs \`kind: ${kind}\`, \`metadata\` and \`spec\` (missing: ${missing.join(', ')}), or use \`${refKey}: <name>\`.`,
      {
        path: `${item.path}.${missing[0]}`,
      },
    );
  }
  if (hasRef) refs.push(...reference(kind, checkRefName(item.get(refKey), r), r));
  else {
    checkMetadata(item.get('metadata'), r);
    const s = item.get('spec');
    if (s?.isMap) checkSpec(s);
  }
}

export function checkAlertCondition(spec: YNode, r: Reporter): boolean {
  checkDescription(spec.get('description'), r);
  const condition = spec.get('condition');
  if (condition?.isMap) {
    checkOpenSloDuration(condition.get('lookbackWindow'), r, 'lookbackWindow');
    checkOpenSloDuration(condition.get('alertAfter'), r, 'alertAfter');
  }
  return true;
}
