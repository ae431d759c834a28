import type { Definition, Reference } from '../model/facts.js';
import type { Position, Range, TextEdit } from '../types.js';
import { RFC1123_LABEL } from '../formats/openslo-common.js';
import { definitionKey, type WorkspaceIndex } from '../workspace/workspace-index.js';

export interface Location {
  uri: string;
  range: Range;
}

const contains = (r: Range, p: Position) =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

/** What names the position: a reference, or the name of a definition; `referable` names can be renamed. */
export type NameTarget = { namespace: string; kind: string; name: string; range: Range; referable: boolean };

export function nameAt(index: WorkspaceIndex, uri: string, position: Position): NameTarget | undefined {
  const analysis = index.get(uri);
  if (!analysis) return undefined;
  const ref = analysis.references.find((r) => contains(r.range, position));
  if (ref)
    return { namespace: ref.namespace, kind: ref.kind, name: ref.name, range: ref.range, referable: true };
  const def = analysis.definitions.find((d) => contains(d.range, position));
  if (def)
    return {
      namespace: def.namespace,
      kind: def.kind,
      name: def.name,
      range: def.range,
      referable: def.referable,
    };
  return undefined;
}

function definitionsOf(
  index: WorkspaceIndex,
  target: NameTarget,
): ReadonlyArray<{ uri: string; item: Definition }> {
  return index.definitions().get(definitionKey(target.namespace, target.kind, target.name)) ?? [];
}

function referencesOf(index: WorkspaceIndex, target: NameTarget): Array<{ uri: string; item: Reference }> {
  if (!target.referable) return [];
  const out: Array<{ uri: string; item: Reference }> = [];
  for (const uri of index.uris()) {
    for (const ref of index.get(uri)?.references ?? []) {
      if (ref.namespace === target.namespace && ref.kind === target.kind && ref.name === target.name)
        out.push({ uri, item: ref });
    }
  }
  return out;
}

/** Go to definition: where the referenced object (or this one) is defined. */
export function definition(index: WorkspaceIndex, uri: string, position: Position): Location[] {
  const target = nameAt(index, uri, position);
  if (!target) return [];
  return definitionsOf(index, target).map(({ uri: u, item }) => ({ uri: u, range: item.range }));
}

/** Find references: every place that names the object, with its definition when asked. */
export function references(
  index: WorkspaceIndex,
  uri: string,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const target = nameAt(index, uri, position);
  if (!target) return [];
  const refs = referencesOf(index, target).map(({ uri: u, item }) => ({ uri: u, range: item.range }));
  const defs = includeDeclaration
    ? definitionsOf(index, target).map(({ uri: u, item }) => ({ uri: u, range: item.range }))
    : [];
  return [...defs, ...refs];
}

export type RenameResult = { edits: Map<string, TextEdit[]> } | { error: string };

/** Renames an OpenSLO object and every reference to it, across files. */
export function rename(
  index: WorkspaceIndex,
  uri: string,
  position: Position,
  newName: string,
): RenameResult {
  const target = nameAt(index, uri, position);
  if (!target || !target.referable)
    return { error: 'Only OpenSLO object names and references can be renamed.' };
  if (newName.length > 63 || !RFC1123_LABEL.test(newName)) {
    return {
      error: `"${newName}" is not a valid OpenSLO name: use lower-case letters, digits and '-' (at most 63).`,
    };
  }
  if (definitionsOf(index, { ...target, name: newName }).length)
    return {
      error: `${/^(A|SL[IO]\b)/.test(target.kind) ? 'An' : 'A'} ${target.kind} named "${newName}" already exists.`,
    };
  const edits = new Map<string, TextEdit[]>();
  const add = (u: string, range: Range) =>
    edits.set(u, [...(edits.get(u) ?? []), { range, newText: newName }]);
  for (const { uri: u, item } of definitionsOf(index, target)) add(u, item.range);
  for (const { uri: u, item } of referencesOf(index, target)) add(u, item.range);
  return { edits };
}

/** The range a rename would change at a position, or undefined when there is nothing to rename. */
export function prepareRename(index: WorkspaceIndex, uri: string, position: Position): Range | undefined {
  const target = nameAt(index, uri, position);
  return target?.referable ? target.range : undefined;
}
