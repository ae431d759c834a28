import type { SloObject } from '../analysis/object.js';
import type { ObjectFacts } from '../model/facts.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { formatOfObject } from './registry.js';

/** Runs the rules of the object's format. */
export function validateObject(object: SloObject, r: Reporter): ObjectFacts {
  return formatOfObject(object).validate(object, r);
}
