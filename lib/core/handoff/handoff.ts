import { fitBesideLinkOnX, fitDraft, type Network } from '../draft/limits';
import { isHttpUrl } from '../../util/url';
import { slug, tagUrl } from './utm';
import type { TargetId } from './targets';

export { PRIMARY_TARGETS, TARGET_IDS, type TargetId } from './targets';

/** The person's chosen targets, the last one used first; and the others. */
export function arrangeTargets<T extends { id: TargetId }>(targets: readonly T[], shown: readonly TargetId[], lastUsed: TargetId | null): { main: T[]; more: T[] } {
  const main = targets.filter((target) => shown.includes(target.id)).sort((a, b) => Number(b.id === lastUsed) - Number(a.id === lastUsed));
  return { main, more: targets.filter((target) => !shown.includes(target.id)) };
}

export interface HandoffTarget {
  /** The views name it from the messages (lib/ui/labels.ts handoffLabel). */
  id: TargetId;
  href: string;
}

export interface HandoffOptions {
  /** The persona's name: its slug is the UTM campaign. */
  persona?: string;
  /** Add UTM tags to the page link (on by default). */
  tag?: boolean;
  /** The person's Mastodon instance (host name), mastodon.social by default. */
  mastodonInstance?: string;
  /** The instance's character limit (500 by default). */
  mastodonLimit?: number;
}

/** A host name we may build a https link to: letters, digits, dots and dashes, with a dot. */
function safeHost(host: string | undefined): string {
  const h = (host ?? '')
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  return /^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(h) ? h : 'mastodon.social';
}

/** Removes the link from the text, for targets that take it as a separate parameter (and "Copy text only"). */
export function withoutUrl(text: string, url: string | null): string {
  if (!url) return text.trim();
  return text
    .split(url)
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** mailto: with a subject and body, percent-encoded (URLSearchParams would turn spaces into "+", which mail programs keep). */
function mailto(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

function build(base: string, params: Record<string, string | null>): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
  return u.toString();
}

/**
 * Compose links for each scheduler and network, built with URL and
 * URLSearchParams. Only an http(s) page URL is passed on, tagged with
 * utm_source=<target>, utm_medium=social, utm_campaign=<persona> so the
 * visits it brings can be measured; text is fitted to the network's limit
 * (the link and hashtags are kept whole). Formats: docs/handoff.md.
 */
export function handoffTargets(text: string, pageUrl: string | null, options: HandoffOptions = {}): HandoffTarget[] {
  const url = isHttpUrl(pageUrl) ? pageUrl : null;
  // Keep the link out of the text only when the person left it in: if they deleted it, they meant it.
  const linked = url !== null && text.includes(url);
  const campaign = slug(options.persona ?? 'persona');
  const tagged = (source: string) => (url && linked ? (options.tag === false ? url : tagUrl(url, { source, campaign })) : null);
  const inText = (source: string, network: Network | null) => {
    const taggedUrl = tagged(source);
    const full = taggedUrl && url ? text.split(url).join(taggedUrl).trim() : text.trim();
    return network ? fitDraft(full, network, { mastodonLimit: options.mastodonLimit }) : full;
  };
  const title = withoutUrl(text, url).split('\n')[0]?.trim() ?? '';
  const separate = (source: string, network: Network | null) => {
    const bare = withoutUrl(text, url);
    // X counts the link it appends as 23: leave room for it.
    return network === 'x' && url && linked ? fitBesideLinkOnX(bare) : bare;
  };
  return [
    { id: 'buffer', href: build('https://buffer.com/add', { text: separate('buffer', null), url: tagged('buffer') }) },
    { id: 'x', href: build('https://x.com/intent/tweet', { text: separate('x', 'x'), url: tagged('x') }) },
    { id: 'linkedin', href: build('https://www.linkedin.com/feed/', { shareActive: 'true', text: inText('linkedin', 'linkedin') }) },
    { id: 'bluesky', href: build('https://bsky.app/intent/compose', { text: inText('bluesky', 'bluesky') }) },
    { id: 'hootsuite', href: build('https://hootsuite.com/hootlet/load', { address: tagged('hootsuite'), title: separate('hootsuite', null) }) },
    { id: 'mastodon', href: build(`https://${safeHost(options.mastodonInstance)}/share`, { text: inText('mastodon', 'mastodon') }) },
    { id: 'threads', href: build('https://www.threads.net/intent/post', { text: inText('threads', 'threads') }) },
    { id: 'telegram', href: build('https://t.me/share/url', { url: tagged('telegram') ?? '', text: separate('telegram', null) }) },
    { id: 'whatsapp', href: build('https://wa.me/', { text: inText('whatsapp', null) }) },
    // The one link that is not https: the person's own mail program. Its scheme is ours, fixed here; the page's
    // URL only ever travels inside the body, as text.
    { id: 'email', href: mailto(title.slice(0, 200), inText('email', null)) },
    // Facebook and Reddit take a link, not text: without a link there is nothing to hand them.
    ...(url && linked
      ? ([
          { id: 'facebook', href: build('https://www.facebook.com/sharer/sharer.php', { u: tagged('facebook') }) },
          { id: 'reddit', href: build('https://www.reddit.com/submit', { url: tagged('reddit'), title: title.slice(0, 300) }) },
        ] satisfies HandoffTarget[])
      : []),
  ];
}
