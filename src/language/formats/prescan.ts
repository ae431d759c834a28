/**
 * Whether a YAML text may hold an object of ours, told from its tokens without building its syntax tree:
 * composing a 2 MB JSON data file or a Kubernetes manifest only to find it is someone else's costs seconds,
 * lexing it a tenth of that. The answer errs on the side of "may": `detect.ts` decides on what is composed.
 */
import * as yaml from 'yaml';
import { KUBE_STYLE_VERSION, OTHER_OURS_VERSION } from './detect.js';
import { API_VERSIONS, FORMATS } from './registry.js';

const { Lexer } = yaml;

const API_VERSION_VALUES = new Set(API_VERSIONS.filter((v) => !v.versionKey).map((v) => v.value));
const VERSION_VALUES = new Set(API_VERSIONS.filter((v) => v.versionKey).map((v) => v.value));
const SHAPE_KINDS = new Set(FORMATS.flatMap((f) => f.shapeKinds ?? []));

/** A scalar token's value when it is simple to tell (one line, no escape YAML has and JSON has not). */
const UNCLEAR = Symbol('unclear');
function scalarValue(token: string, plain: boolean): string | typeof UNCLEAR {
  if (token.includes('\n') || token.includes('\r')) return UNCLEAR;
  if (plain) return token;
  const quote = token[0];
  if (token.length < 2 || token[token.length - 1] !== quote) return UNCLEAR;
  if (quote === "'") return token.slice(1, -1).replaceAll("''", "'");
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return UNCLEAR;
  }
}

/** Whether the value of one of the keys detection reads could make the object ours (or claim to be). */
function mayClaim(key: string, value: string | typeof UNCLEAR): boolean {
  if (value === UNCLEAR) return true;
  if (key === 'apiVersion')
    return (
      API_VERSION_VALUES.has(value) ||
      /openslo/i.test(value) ||
      OTHER_OURS_VERSION.test(value) ||
      !KUBE_STYLE_VERSION.test(value)
    );
  if (key === 'version') return VERSION_VALUES.has(value) || /^prometheus\//.test(value);
  return SHAPE_KINDS.has(value);
}

const KEYS = new Set(['apiVersion', 'version', 'kind']);

/**
 * False when no object of the text can be ours: none of its mappings at the top (a document's, or a top
 * list's items) has an `apiVersion`, `version` or `kind` whose value detection reads as one of ours. Keys
 * deeper in flow collections are skipped; in block collections every key is looked at (indentation is not
 * followed), and anything unusual where a key or value of interest is (an alias, a tag, an anchor, a
 * collection, a multi-line scalar, a merge key) answers true.
 */
export function mayHoldSloObject(source: string): boolean {
  // No key detection reads can be written without these words, or an escape spelling them: not even lexed.
  if (!/kind|[vV]ersion|\\/.test(source)) return false;
  let flow = 0;
  let plainNext = false;
  /** The last scalar seen (at a depth where a key of interest counts), until a token other than a space. */
  let last: string | typeof UNCLEAR | undefined;
  /** A key of interest whose value comes next. */
  let pending: string | undefined;
  try {
    for (const token of new Lexer().lex(source)) {
      if (plainNext) {
        plainNext = false;
        if (onScalar(scalarValue(token, true))) return true;
        continue;
      }
      const type = yaml.CST.tokenType(token);
      switch (type) {
        case 'scalar':
          plainNext = true;
          continue;
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
          if (onScalar(scalarValue(token, false))) return true;
          continue;
        case 'space':
        case 'newline':
        case 'comment':
          continue;
        case 'map-value-ind':
          if (pending !== undefined) return true;
          if (last === UNCLEAR) return true;
          if (last !== undefined && KEYS.has(last)) pending = last;
          else if (last === '<<') return true;
          last = undefined;
          continue;
        case 'flow-map-start':
        case 'flow-seq-start':
          flow++;
          break;
        case 'flow-map-end':
        case 'flow-seq-end':
          flow = Math.max(0, flow - 1);
          break;
        case 'flow-error-end':
        case 'doc-mode':
        case 'doc-start':
        case 'doc-end':
          flow = 0;
          break;
        case 'alias':
          // An alias names a node written elsewhere: as a key or a value of interest, it may be anything.
          if (pending !== undefined) return true;
          last = flow <= 2 ? UNCLEAR : undefined;
          continue;
      }
      // Any other token (an indicator, a property, a collection) where a value of interest is due.
      if (pending !== undefined) return true;
      last = undefined;
    }
  } catch {
    return true;
  }
  return pending !== undefined;

  function onScalar(value: string | typeof UNCLEAR): boolean {
    if (pending !== undefined) {
      const key = pending;
      pending = undefined;
      if (mayClaim(key, value)) return true;
    }
    // Objects are the mappings of a document or of its top list: flow depth 1 or 2 at most.
    last = flow <= 2 ? value : undefined;
    return false;
  }
}
