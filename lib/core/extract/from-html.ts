import { parseHTML } from 'linkedom';
import { extractSnapshot } from './extract';
import type { PageSnapshot } from './snapshot';

/**
 * Extracts a snapshot from saved HTML in Node, through the same function the
 * content script runs in a tab. linkedom has no baseURI, so a <base> is
 * injected to resolve relative links against the page's address.
 */
export function extractFromHtml(html: string, url: string, selection?: string | null): PageSnapshot {
  const { document } = parseHTML(html);
  if (document.head && !document.querySelector('base[href]')) {
    const base = document.createElement('base');
    base.setAttribute('href', url);
    document.head.prepend(base);
  }
  return extractSnapshot(document as unknown as Document, { url, selection: selection ?? null });
}
