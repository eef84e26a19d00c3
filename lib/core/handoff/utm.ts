/** A persona's name as a campaign: lower case, ASCII, words joined by "-". */
export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'persona'
  );
}

export interface UtmTags {
  /** The network or scheduler the link is shared on. */
  source: string;
  /** The persona's slug. */
  campaign: string;
  medium?: string;
}

/**
 * Adds utm_source, utm_medium=social and utm_campaign to an http(s) link so
 * its visits can be measured. A link that already carries UTM tags is left as
 * it is (never tagged twice); its other parameters and fragment are kept.
 */
export function tagUrl(url: string, tags: UtmTags): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Not an address: nothing to tag, the text goes as it was.
    return url;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return url;
  if ([...u.searchParams.keys()].some((k) => k.toLowerCase().startsWith('utm_'))) return url;
  u.searchParams.append('utm_source', tags.source);
  u.searchParams.append('utm_medium', tags.medium ?? 'social');
  u.searchParams.append('utm_campaign', tags.campaign);
  return u.toString();
}

/**
 * The link a handoff carried, as the share log records it: tagged for `source` and the persona when tagging is on
 * and the draft still holds the link (as handoffTargets builds it), the page's own address otherwise.
 */
export function sharedLink(pageUrl: string, draft: string, source: string, persona: string, tag: boolean): string {
  return tag && draft.includes(pageUrl) ? tagUrl(pageUrl, { source, campaign: slug(persona) }) : pageUrl;
}
