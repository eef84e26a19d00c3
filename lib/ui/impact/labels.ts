import { TARGET_IDS, TARGET_NAMES, type TargetId } from '../../core/handoff/targets';
import { t } from '../../i18n/i18n';

const isTarget = (name: string): name is TargetId => (TARGET_IDS as readonly string[]).includes(name);

/**
 * A network as people read it: a target's own name (LinkedIn, X…), the ways a draft leaves without a target
 * (copy, quote card, bulk export) in the UI's words, and any other source an export reports as it wrote it.
 */
export function networkName(network: string): string {
  if (isTarget(network)) return TARGET_NAMES[network];
  if (network === 'copy') return t('network_copy');
  if (network === 'card') return t('network_card');
  if (network === 'export') return t('network_export');
  return network;
}
