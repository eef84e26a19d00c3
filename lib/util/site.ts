import { getDomain } from 'tldts';
import { isHttpUrl } from './url';

// The Public Suffix List is ~140 KB of code: only the background imports this module, never the extractor
// injected into pages nor the views (tests/unit/bundles.test.ts keeps it so).

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
