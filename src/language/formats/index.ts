import type { SloObject } from '../analysis/analyze.js';
import type { ObjectFacts } from '../model/facts.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { validateOpenSloV1 } from './openslo-v1.js';
import { validateOpenSloV1alpha } from './openslo-v1alpha.js';
import { validateOpenSloV2alpha } from './openslo-v2alpha.js';
import { validatePyrra } from './pyrra.js';
import { validateSloth } from './sloth.js';

/** Runs the rules of the object's format. */
export function validateObject(object: SloObject, r: Reporter): ObjectFacts {
  switch (object.format) {
    case 'openslo/v1':
      return validateOpenSloV1(object, r);
    case 'openslo/v1alpha':
      return validateOpenSloV1alpha(object, r);
    case 'openslo/v2alpha':
      return validateOpenSloV2alpha(object, r);
    case 'sloth/v1':
    case 'sloth/k8s':
      return validateSloth(object, r);
    case 'pyrra/v1alpha1':
      return validatePyrra(object, r);
    case 'sloth/alert-windows':
      // A catalogue of alert windows, not an SLO: recognised so it is not mistaken for foreign YAML.
      return { definitions: [], references: [] };
  }
}
