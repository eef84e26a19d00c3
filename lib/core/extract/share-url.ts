import { sameSite } from '../../util/site';
import { withoutTracking } from '../../util/url';
import type { PageSnapshot } from './snapshot';

/**
 * The URL to share for a page, and the one its queue item is known by: its canonical URL when that is an
 * http(s) link on the tab's own site (same registrable domain, see sameSite), else the tab's own address,
 * when http(s). Tracking parameters are dropped either way. A canonical link on another site is ignored:
 * any page may declare one, and trusting it would let evil.example share a phishing address under the
 * person's name, or stand in for an article already queued from another site.
 */
export function shareableUrl(page: Pick<PageSnapshot, 'url' | 'canonicalUrl'>): string | null {
  if (!/^https?:\/\//i.test(page.url)) return null;
  const own = page.canonicalUrl && sameSite(page.canonicalUrl, page.url) ? page.canonicalUrl : page.url;
  return withoutTracking(own);
}
