import type { FormatId, Range } from '../types.js';

/** Kinds that OpenSLO objects refer to by name. */
export type RefKind =
  'SLO' | 'SLI' | 'Service' | 'DataSource' | 'AlertPolicy' | 'AlertCondition' | 'AlertNotificationTarget';

/** A named object a file defines: the unit of the workspace index. */
export interface Definition {
  /** Namespace of names: OpenSLO kinds share one per kind; Sloth SLO ids and Pyrra objects have their own. */
  namespace: string;
  /** Other objects refer to it by name (OpenSLO objects): references, completion and rename reach it. */
  referable: boolean;
  /**
   * How a second definition of the name is reported: the code, and what the name is, in words. Absent when
   * its tool keeps the first without complaint (Sloth's AlertWindows of one period, when identical).
   */
  duplicate?: { code: 'SLO702' | 'SLO703'; what: string };
  kind: string;
  name: string;
  format: FormatId;
  /** Where the name is written. */
  range: Range;
  /** The whole object. */
  objectRange: Range;
  displayName?: string;
}

/** A name written in one object that must resolve to a definition elsewhere. */
export interface Reference {
  /** The namespace the name resolves in. */
  namespace: string;
  kind: RefKind;
  name: string;
  range: Range;
  path: string;
  /** `spec.service` only has to resolve once the workspace defines Services at all. */
  onlyWhenKindExists?: boolean;
}

export interface ObjectFacts {
  definitions: Definition[];
  references: Reference[];
}
