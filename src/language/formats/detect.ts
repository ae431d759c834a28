import type { YNode } from '../syntax/node.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { closest } from '../diagnostics/suggest.js';
import type { FormatId } from '../types.js';

export const OPENSLO_V1_KINDS = [
  'SLO',
  'SLI',
  'DataSource',
  'Service',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
] as const;
const OPENSLO_V1ALPHA_KINDS = ['SLO', 'Service'] as const;
const SLOTH_KINDS = ['PrometheusServiceLevel', 'AlertWindows'] as const;
const PYRRA_KINDS = ['ServiceLevelObjective'] as const;

/** apiVersion values of Kubernetes-style APIs (`v1`, `apps/v1`, `n9/v1alpha`): someone else's objects. */
const KUBE_STYLE_VERSION = /^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]*)?$/;

const KNOWN_API_VERSIONS = [
  'openslo/v1',
  'openslo/v1alpha',
  'openslo.com/v2alpha',
  'sloth.slok.dev/v1',
  'pyrra.dev/v1alpha1',
];

function kindFor(
  apiVersion: string,
  kind: string | undefined,
): { format?: FormatId; kinds: readonly string[] } {
  switch (apiVersion) {
    case 'openslo/v1':
      return {
        format: kind && (OPENSLO_V1_KINDS as readonly string[]).includes(kind) ? 'openslo/v1' : undefined,
        kinds: OPENSLO_V1_KINDS,
      };
    case 'openslo/v1alpha':
      return {
        format:
          kind && (OPENSLO_V1ALPHA_KINDS as readonly string[]).includes(kind) ? 'openslo/v1alpha' : undefined,
        kinds: OPENSLO_V1ALPHA_KINDS,
      };
    case 'openslo.com/v2alpha':
      return {
        format:
          kind && (OPENSLO_V1_KINDS as readonly string[]).includes(kind) ? 'openslo/v2alpha' : undefined,
        kinds: OPENSLO_V1_KINDS,
      };
    case 'sloth.slok.dev/v1':
      return {
        format:
          kind === 'PrometheusServiceLevel'
            ? 'sloth/k8s'
            : kind === 'AlertWindows'
              ? 'sloth/alert-windows'
              : undefined,
        kinds: SLOTH_KINDS,
      };
    case 'pyrra.dev/v1alpha1':
      return { format: kind === 'ServiceLevelObjective' ? 'pyrra/v1alpha1' : undefined, kinds: PYRRA_KINDS };
    default:
      return { kinds: [] };
  }
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
    const known = kindFor(apiVersion, kind);
    if (known.format) return found(known.format);
    if (known.kinds.length) {
      if (kind === undefined) {
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
    const otherOurs = /^(sloth\.slok\.dev|pyrra\.dev)\//.test(apiVersion);
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
    return none;
  }
  const versionNode = root.get('version');
  const version = versionNode?.string;
  if (version === 'prometheus/v1') return found('sloth/v1');
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
  // A Sloth file that forgot its version line.
  if (version === undefined && root.has('slos') && root.has('service') && root.get('slos')?.isSeq)
    return found('sloth/v1');
  return none;
}

/** A cheap look at raw text, for documents too broken to parse: does it claim to be an SLO file? */
export const SLO_TEXT_HINT =
  /^\s*(apiVersion:\s*["']?(openslo|sloth\.slok\.dev|pyrra\.dev)|version:\s*["']?prometheus\/)/m;
