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
    // Not an address: its own text is the only key it has.
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
    // Not an address: there are no parameters to remove.
    return url;
  }
}

export function isHttpUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const p = new URL(url).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    // Not an address at all.
    return false;
  }
}

/** The host permission pattern of an http(s) address's origin (patterns carry no port): what following a feed asks for. */
export function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}
