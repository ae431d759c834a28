/** OpenSLO v2alpha (`apiVersion: openslo.com/v2alpha`): a draft read with v1's model and field specs. */
import type { SloFormat } from '../format.js';
import { OPENSLO_V1_KINDS, OSLO_DUPLICATE_KEYS } from '../openslo-common.js';
import { openSloLiveSpec } from '../openslo-live.js';
import { openSloV1, openSloV1Model } from '../openslo-v1/index.js';
import { rootSpec } from '../openslo-v1/spec.js';
import { validateOpenSloV2alpha } from './validate.js';

export const openSloV2alpha: SloFormat = {
  ids: ['openslo/v2alpha'],
  labels: { 'openslo/v2alpha': 'OpenSLO v2alpha (draft)' },
  apiVersions: [
    {
      value: 'openslo.com/v2alpha',
      kinds: OPENSLO_V1_KINDS,
      formatOf: (kind) =>
        kind && (OPENSLO_V1_KINDS as readonly string[]).includes(kind) ? 'openslo/v2alpha' : undefined,
      suggested: true,
      family: 'openslo',
    },
  ],
  specFor: (_id, kind) => rootSpec(kind),
  objectName: (root) => root.get('metadata')?.get('name')?.string,
  objectKind: (root) => root.get('kind')?.string ?? '',
  validate: validateOpenSloV2alpha,
  // v2alpha writes a metric's data source and query directly under good/bad/total.
  normalise: (object) => openSloV1Model(object, 'inline'),
  liveSpec: openSloLiveSpec,
  outline: 'objectives',
  ...(openSloV1.serviceReference ? { serviceReference: openSloV1.serviceReference } : {}),
  snippets: [],
  duplicateKeys: OSLO_DUPLICATE_KEYS,
};
