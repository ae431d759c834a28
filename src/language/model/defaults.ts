/** Sloth's own default SLO period (`--default-slo-period`), the window of Sloth SLOs until a setting says otherwise. */
export const DEFAULT_SLOTH_PERIOD = '30d';
