import type { SloObject } from '../../analysis/object.js';
import type { ObjectFacts } from '../../model/facts.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import { checkDescription, checkMetadata, openSloDefinition } from '../openslo-common.js';
import { checkOpValue, checkTargets, checkTimeZone } from '../openslo-v1/validate.js';

/**
 * OpenSLO v2alpha is a draft whose schema still moves: we check what it shares with v1 (metadata,
 * targets, time zones, `op` on ratio SLIs) and leave unknown keys alone.
 */
export function validateOpenSloV2alpha(object: SloObject, r: Reporter): ObjectFacts {
  const root = object.root;
  checkMetadata(root.get('metadata'), r);
  const spec = root.get('spec');
  if (spec?.isMap) {
    checkDescription(spec.get('description'), r);
    if (object.kind === 'SLO') {
      const sliSpec = spec.get('sli')?.get('spec') ?? spec.get('indicator')?.get('spec');
      const sliType = sliSpec?.has('ratioMetric')
        ? 'ratio'
        : sliSpec?.has('thresholdMetric')
          ? 'threshold'
          : undefined;
      for (const w of spec.get('timeWindow')?.items() ?? [])
        checkTimeZone(w.get('calendar')?.get('timeZone'), r);
      for (const o of spec.get('objectives')?.items() ?? []) {
        if (!o.isMap) continue;
        checkTargets(o, r);
        if (sliType === 'ratio') checkOpValue(o, sliType, r);
      }
    }
  }
  const definition = openSloDefinition(object, r);
  return { definitions: definition ? [definition] : [], references: [] };
}
