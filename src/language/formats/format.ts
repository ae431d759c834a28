/**
 * What a format is: one object per format folder, registered in `registry.ts`. Everything that differs
 * between formats is here, so code outside `formats/` asks the registry or the model, never a format id.
 */
import type { SloObject } from '../analysis/object.js';
import type { Reporter } from '../diagnostics/reporter.js';
import type { FieldSpec } from '../fields/field-spec.js';
import type { ObjectFacts } from '../model/facts.js';
import type { SloLiveSpec } from '../model/live-spec.js';
import type {
  ModelOptions,
  ModelResolver,
  ObjectModel,
  ObjectiveModel,
  SloModel,
} from '../model/slo-model.js';
import type { YNode } from '../syntax/node.js';
import type { Diagnostic } from '../types.js';
import type { RulesDocument, RulesOptions } from '../../rules/types.js';

/** Every SLO format we recognise, one per YAML object. */
export type FormatId =
  | 'openslo/v1'
  | 'openslo/v1alpha'
  | 'openslo/v2alpha'
  | 'sloth/v1'
  | 'sloth/k8s'
  | 'sloth/alert-windows'
  | 'pyrra/v1alpha1';

/** A whole document of a format, as an LSP snippet (`${1:default}` placeholders); valid as inserted. */
export interface DocumentSnippet {
  label: string;
  description: string;
  body: string;
}

/** An `apiVersion` (or Sloth's `version`) a format reads, with the kinds it accepts. */
export interface ApiVersion {
  /** The value as written in the file. */
  value: string;
  /** `version:` rather than `apiVersion:` (Sloth's plain files). */
  versionKey?: boolean;
  /** The kinds of this version, as SLO005 and SLO010 list them; empty when the version has no `kind`. */
  kinds: readonly string[];
  /** The format of an object of this version and kind, or undefined for an unknown kind. */
  formatOf(kind: string | undefined): FormatId | undefined;
  /** Offered by completion with this description; documents of this version complete as `format`. */
  completion?: { label: string; format: FormatId };
  /** Close misspellings of the version are suggested as this one (SLO003). */
  suggested?: boolean;
  /**
   * Versions of one specification share a family: a kind that this version lacks but another version of the
   * family defines points at that version (SLO003 on the apiVersion, not SLO005 on the kind).
   */
  family?: string;
}

/** An entry of the New SLO command: one per format that can start a file. */
export interface NewSloTemplate {
  /** The choice the user picks (`openslo`, `sloth`, `pyrra`). */
  choice: string;
  label: string;
  description: string;
  /** Suffix of the file name: `<service>-<suffix>.yaml`. */
  fileSuffix: string;
  /** The document snippet the file is made from (by label). */
  snippet: string;
}

export interface SloFormat {
  /** The format ids this module reads. */
  readonly ids: readonly FormatId[];
  /** How each id is named to users. */
  readonly labels: Readonly<Partial<Record<FormatId, string>>>;
  /** The versions that identify the format, for detection and completion. */
  readonly apiVersions: readonly ApiVersion[];
  /**
   * An object under an apiVersion that is not ours (or none) that the format's own tool still reads, told by
   * its shape: Pyrra's file mode decodes any `ServiceLevelObjective` without looking at its apiVersion.
   */
  detectByShape?(root: YNode): FormatId | undefined;
  /** The `kind`s `detectByShape` reads: a document with none of them at its top is not composed to ask it. */
  readonly shapeKinds?: readonly string[];
  /** The declared shape of an object of a kind (drives validation, completion, hover and the schema). */
  specFor(id: FormatId, kind: string): FieldSpec | undefined;
  objectName(root: YNode, id: FormatId): string | undefined;
  objectKind(root: YNode, id: FormatId): string;
  /** Runs the format's rules; returns what the object defines and references. */
  validate(object: SloObject, r: Reporter): ObjectFacts;
  /** The object's model: its SLOs with every objective, or the piece others refer to. */
  normalise(object: SloObject, options: ModelOptions): ObjectModel;
  /** How to read one objective from Prometheus. */
  liveSpec(slo: SloModel, objective: ObjectiveModel, resolve: ModelResolver | undefined): SloLiveSpec;
  /**
   * The Prometheus rules the object deploys, as the format's own generator writes them (one document, or
   * several where the tool writes several objects); absent or empty for objects that deploy none.
   */
  rules?(object: SloObject, context: RulesContext): RulesDocument[];
  /** How the outline shows an object's SLOs: each SLO by name (Sloth), or each objective. */
  readonly outline: 'slos' | 'objectives';
  /** Keys whose value names an object of the workspace, and the kind named (completion). */
  readonly referenceKeys?: Readonly<Record<string, string>>;
  /** A path of a kind whose value names a Service (completion), e.g. `SLO` → `spec.service`. */
  readonly serviceReference?: { kind: string; path: string };
  readonly snippets: readonly DocumentSnippet[];
  readonly newSlo?: NewSloTemplate;
  /** What the format's reader does with a key written twice in a mapping (SLO002), as its source shows. */
  readonly duplicateKeys: DuplicateKeys;
}

/** A reader that keeps the last of duplicate keys (a warning), or one that rejects the file (an error). */
export type DuplicateKeys = { keepsLast: true; reader: string } | { keepsLast: false; rejects: string };

/** What a generator reads besides the object: the options, the workspace's other objects, the model options. */
export interface RulesContext {
  options: RulesOptions;
  /** Objects the SLO refers to (OpenSLO SLIs, alert policies, conditions; Sloth's AlertWindows). */
  resolve: ModelResolver;
  modelOptions: ModelOptions;
  /** The error diagnostics inside the object (file positions): a generator skips what they concern. */
  errors?: readonly Diagnostic[];
}
