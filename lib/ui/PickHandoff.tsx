import { arrangeTargets, handoffTargets, type TargetId } from '../core/handoff/handoff';
import { send } from '../protocol/client';
import type { HandoffSettings } from '../protocol/requests';
import { ignored } from '../util/log';
import { HandoffLink } from './SuggestionItem';
import { logShare } from './share-log';

/**
 * The share links of a pick (a page's link, a feed's item): built from its headline and address, as the person set
 * the targets up, and each one used is logged (lib/ui/share-log) and remembered as the last target, as a
 * suggestion's are.
 */
export function PickHandoff({
  personaId,
  personaName,
  headline,
  url,
  handoff,
  all = false,
}: {
  personaId: string;
  personaName: string;
  headline: string;
  url: string;
  handoff: HandoffSettings;
  all?: boolean;
}) {
  const draft = `${headline}\n\n${url}`;
  const { main, more } = arrangeTargets(handoffTargets(draft, url, { persona: personaName, ...handoff }), handoff.shown, handoff.lastUsed);
  const used = (target: TargetId) => {
    logShare({ personaId, personaName, pageUrl: url, title: headline, draft, tag: handoff.tag }, target);
    void send('handoff.used', { target }).catch(ignored('picks'));
  };
  return (
    <>
      {(all ? [...main, ...more] : main).map((target) => (
        <HandoffLink key={target.id} target={target} persona={personaName} onUse={used} />
      ))}
    </>
  );
}
