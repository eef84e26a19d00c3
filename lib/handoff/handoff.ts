import { isHttpUrl } from '../util/url';

export interface HandoffTarget {
  id: 'buffer' | 'x' | 'linkedin' | 'bluesky';
  /** The link's accessible name. */
  label: string;
  href: string;
}

/** Removes the link from the text, for targets that take it as a separate parameter. */
function withoutUrl(text: string, url: string | null): string {
  if (!url) return text.trim();
  return text
    .split(url)
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function build(base: string, params: Record<string, string | null>): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
  return u.toString();
}

/**
 * Compose links for each scheduler and network, built with URL and
 * URLSearchParams. Only an http(s) page URL is passed on; anything else is
 * left out. The formats are documented in docs/handoff.md.
 */
export function handoffTargets(text: string, pageUrl: string | null): HandoffTarget[] {
  const url = isHttpUrl(pageUrl) ? pageUrl : null;
  // Keep the link out of the text only when the person left it in: if they deleted it, they meant it.
  const linked = url !== null && text.includes(url);
  const bare = withoutUrl(text, url);
  const sendUrl = linked ? url : null;
  return [
    { id: 'buffer', label: 'Send to Buffer', href: build('https://buffer.com/add', { text: bare, url: sendUrl }) },
    { id: 'x', label: 'Post on X', href: build('https://x.com/intent/tweet', { text: bare, url: sendUrl }) },
    { id: 'linkedin', label: 'Share on LinkedIn', href: build('https://www.linkedin.com/feed/', { shareActive: 'true', text: text.trim() }) },
    { id: 'bluesky', label: 'Post on Bluesky', href: build('https://bsky.app/intent/compose', { text: text.trim() }) },
  ];
}
