import { getDomain } from 'tldts';

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src|_hsenc|_hsmi)$/i;

/** The key that makes the same article one queue item: no fragment, no tracking parameters, no trailing slash, lower-case host. */
export function dedupeKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
    u.searchParams.sort();
    let s = `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    if (s.startsWith('http://')) s = `https://${s.slice(7)}`;
    return s;
  } catch {
    return url.trim();
  }
}

/**
 * The link without tracking parameters (utm_*, fbclid, gclid, ...); everything else, the fragment too, as it was.
 * A link with none to remove comes back unchanged, byte for byte.
 */
export function withoutTracking(url: string): string {
  try {
    const u = new URL(url);
    const keys = [...u.searchParams.keys()];
    if (!keys.some((k) => TRACKING.test(k))) return url;
    for (const k of keys) if (TRACKING.test(k)) u.searchParams.delete(k);
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * The site a host belongs to: its registrable domain by the Public Suffix List (tldts, private suffixes
 * included, so two github.io or blogspot.com subdomains are two sites). A host with no registrable
 * domain (an IP address, localhost, a single-label intranet name, a bare public suffix) is a site of its own.
 */
function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/**
 * Whether two http(s) links are on the same site (see siteOf): www.theguardian.com and amp.theguardian.com
 * are; bbc.co.uk and evil.co.uk are not, nor are two addresses on different IPs. Scheme and port do not count.
 * Anything that is not an http(s) URL is on no site.
 */
export function sameSite(a: string, b: string): boolean {
  if (!isHttpUrl(a) || !isHttpUrl(b)) return false;
  return siteOf(new URL(a).hostname) === siteOf(new URL(b).hostname);
}

export function isHttpUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const p = new URL(url).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}
