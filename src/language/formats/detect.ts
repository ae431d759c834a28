import type { YNode } from '../syntax/node.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { closest } from '../diagnostics/suggest.js';
import type { FormatId } from './format.js';
import { OPENSLO_V1_KINDS } from './openslo-common.js';
import { API_VERSIONS, FORMATS } from './registry.js';

export { OPENSLO_V1_KINDS };

/** apiVersion values of Kubernetes-style APIs (`v1`, `apps/v1`, `n9/v1alpha`): someone else's objects. */
export const KUBE_STYLE_VERSION = /^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]*)?$/;

/** The apiVersion groups of Sloth's and Pyrra's Kubernetes objects. */
export const OTHER_OURS_VERSION = /^(sloth\.slok\.dev|pyrra\.dev)\//;

const API_VERSION_KEYS = API_VERSIONS.filter((v) => !v.versionKey);
const VERSION_KEYS = API_VERSIONS.filter((v) => v.versionKey);

/** Close misspellings of an apiVersion are suggested as one of these. */
const KNOWN_API_VERSIONS = API_VERSION_KEYS.filter((v) => v.suggested).map((v) => v.value);

/**
 * `openslo.com/v1` is the CRD group and version of the osko and Dash0 operators: their own objects, applied
 * with kubectl, which `openslo/v1` would break. Not ours, so no diagnostics.
 */
const OPERATOR_CRD_VERSION = /^openslo\.com\/v1$/;

function kindFor(
  apiVersion: string,
  kind: string | undefined,
): { format?: FormatId; kinds: readonly string[]; family?: string } {
  const known = API_VERSION_KEYS.find((v) => v.value === apiVersion);
  if (!known) return { kinds: [] };
  return {
    format: known.formatOf(kind),
    kinds: known.kinds,
    ...(known.family ? { family: known.family } : {}),
  };
}

/** Another version of the same family that defines the kind (`openslo/v1` for an AlertNotificationTarget). */
function versionWithKind(apiVersion: string, family: string | undefined, kind: string): string | undefined {
  if (!family) return undefined;
  return API_VERSION_KEYS.find(
    (v) => v.family === family && v.value !== apiVersion && v.suggested && v.formatOf(kind) !== undefined,
  )?.value;
}

/** A format that reads the object by its shape whatever its apiVersion (Pyrra's file mode). */
function byShape(root: YNode): FormatId | undefined {
  for (const f of FORMATS) {
    const format = f.detectByShape?.(root);
    if (format) return format;
  }
  return undefined;
}

/**
 * The SLO format of one YAML object, or undefined when the object is not ours (then it gets no
 * diagnostics). A close-but-wrong discriminator is reported once, here.
 */
export function detectFormat(root: YNode, r: Reporter | undefined): FormatId | undefined {
  return detect(root, r).format;
}

/** Whether the object is one of ours or claims to be (a wrong-but-close discriminator). */
export function claimsSloFormat(root: YNode): boolean {
  return detect(root, undefined).claimed;
}

function detect(root: YNode, r: Reporter | undefined): { format?: FormatId; claimed: boolean } {
  const found = (format: FormatId) => ({ format, claimed: true });
  const claimed = { claimed: true };
  const none = { claimed: false };
  if (!root.isMap) return none;
  const apiVersionNode = root.get('apiVersion');
  const apiVersion = apiVersionNode?.string;
  const kindNode = root.get('kind');
  const kind = kindNode?.string;
  if (apiVersion !== undefined && apiVersionNode) {
    if (OPERATOR_CRD_VERSION.test(apiVersion)) return none;
    const known = kindFor(apiVersion, kind);
    if (known.format) return found(known.format);
    if (known.kinds.length) {
      const elsewhere = kind === undefined ? undefined : versionWithKind(apiVersion, known.family, kind);
      if (elsewhere) {
        // The kind is right and the version is not: the fix is on the apiVersion.
        r?.report(
          'SLO003',
          apiVersionNode,
          `\`${kind}\` is a kind of ${elsewhere}, not of ${apiVersion} (which has ${known.kinds.join(', ')}): change apiVersion to \`${elsewhere}\`.`,
          {
            fixes: [r.replaceValue(apiVersionNode, elsewhere, `Change to ${elsewhere}`)].filter(
              (f) => f !== undefined,
            ),
          },
        );
      } else if (kind === undefined) {
        r?.report(
          'SLO010',
          apiVersionNode,
          `\`kind\` is missing: ${apiVersion} objects are one of ${known.kinds.join(', ')}.`,
          {
            where: 'pair',
            path: 'kind',
          },
        );
      } else if (kindNode) {
        const guess =
          known.kinds.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? closest(kind, known.kinds);
        r?.report(
          'SLO005',
          kindNode,
          `\`${kind}\` is not a kind of ${apiVersion}: use one of ${known.kinds.join(', ')}` +
            (guess ? ` (did you mean \`${guess}\`?)` : '') +
            '.',
          {
            fixes: guess
              ? [r.replaceValue(kindNode, guess, `Change to ${guess}`)].filter((f) => f !== undefined)
              : [],
          },
        );
      }
      return claimed;
    }
    const openSloLike = /openslo/i.test(apiVersion);
    const otherOurs = OTHER_OURS_VERSION.test(apiVersion);
    const openSloKind = kind !== undefined && (OPENSLO_V1_KINDS as readonly string[]).includes(kind);
    if (openSloLike || otherOurs || (openSloKind && !KUBE_STYLE_VERSION.test(apiVersion))) {
      const guess = closest(apiVersion, KNOWN_API_VERSIONS);
      const suggestion = otherOurs
        ? apiVersion.startsWith('pyrra')
          ? 'pyrra.dev/v1alpha1'
          : 'sloth.slok.dev/v1'
        : (guess ?? 'openslo/v1');
      r?.report(
        'SLO003',
        apiVersionNode,
        `Unsupported apiVersion \`${apiVersion}\`${kind ? ` for kind ${kind}` : ''}: use \`${suggestion}\`` +
          (otherOurs ? '.' : ' (or `openslo/v1alpha` for the older format).'),
        {
          fixes: [r.replaceValue(apiVersionNode, suggestion, `Change to ${suggestion}`)].filter(
            (f) => f !== undefined,
          ),
        },
      );
      return claimed;
    }
    const shaped = byShape(root);
    return shaped ? found(shaped) : none;
  }
  const versionNode = root.get('version');
  const version = versionNode?.string;
  const byVersion = VERSION_KEYS.find((v) => v.value === version)?.formatOf(undefined);
  if (byVersion) return found(byVersion);
  if (version !== undefined && versionNode && /^prometheus\//.test(version)) {
    r?.report(
      'SLO004',
      versionNode,
      `Unsupported Sloth version \`${version}\`: Sloth reads \`prometheus/v1\` files only.`,
      {
        fixes: [r.replaceValue(versionNode, '"prometheus/v1"', 'Change to prometheus/v1')].filter(
          (f) => f !== undefined,
        ),
      },
    );
    return claimed;
  }
  // Sloth reads a file only by its `version: prometheus/v1` line (its loaders' IsSpecType): a `service` with a
  // `slos` list and no version is someone else's (Helm values, a course's own SLO format).
  if (version === undefined) {
    const shaped = byShape(root);
    if (shaped) return found(shaped);
  }
  return none;
}

/** A cheap look at raw text, for documents too broken to parse: does it claim to be an SLO file? */
export const SLO_TEXT_HINT =
  /^\s*(apiVersion:\s*["']?(openslo(?!\.com\/v1["']?[ \t]*(#.*)?$)|sloth\.slok\.dev|pyrra\.dev)|version:\s*["']?prometheus\/)/m;
