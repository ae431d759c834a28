import type { SloObject } from '../analyze.js';
import type { ObjectFacts } from '../facts.js';
import type { Reporter } from '../reporter.js';
import { validateOpenSloV1 } from './openslo-v1.js';

/** Runs the rules of the object's format. */
export function validateObject(object: SloObject, r: Reporter): ObjectFacts {
  switch (object.format) {
    case 'openslo/v1':
      return validateOpenSloV1(object, r);
    default:
      return { definitions: [], references: [] };
  }
}
