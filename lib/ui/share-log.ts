import { send } from '../protocol/client';
import { sharedLink, slug } from '../core/handoff/utm';
import type { RequestPayload } from '../protocol/requests';
import type { ShareNetwork } from '../store/shares';
import { ignored } from '../util/log';

type ShareInput = RequestPayload<'shares.record'>['shares'][number];

/** What a suggestion knows about the handoff the person just used. */
export interface ShareContext {
  personaId: string;
  personaName: string;
  pageUrl: string | null;
  title: string;
  draft: string;
  tag: boolean;
}

/** The share log's record of one handoff from a suggestion (a link, Copy, the quote card). */
export function shareFrom(ctx: ShareContext, network: ShareNetwork): ShareInput | null {
  if (!ctx.pageUrl) return null;
  // The card and a copied draft carry no utm_source of their own: their link is the draft's, as it was.
  const url = network === 'copy' || network === 'card' ? ctx.pageUrl : sharedLink(ctx.pageUrl, ctx.draft, network, ctx.personaName, ctx.tag);
  return { personaId: ctx.personaId, personaName: ctx.personaName, campaign: slug(ctx.personaName), network, url, articleUrl: ctx.pageUrl, title: ctx.title, exported: false };
}

/** Logs a handoff (and marks its queue item shared) at the moment it is used; a page with no link has nothing to log. */
export function logShare(ctx: ShareContext, network: ShareNetwork): void {
  const share = shareFrom(ctx, network);
  if (share) void send('shares.record', { shares: [share] }).catch(ignored('share-log'));
}
