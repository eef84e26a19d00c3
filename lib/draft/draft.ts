/** What a draft is made of. */
export interface DraftInput {
  title: string;
  /** The best passage, or the person's selection. */
  passage: string;
  /** The page's shareable URL (http(s) only), if any. */
  url: string | null;
  hashtags: readonly string[];
}

/** Longest quote in a default draft: room is left for title, link and hashtags on short networks. */
const MAX_QUOTE = 180;

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${(atWord.length > max * 0.6 ? atWord : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * A draft post: the title, the best passage as a quote, the link and the
 * persona's hashtags. Pure and offline; the person edits it in place.
 */
export function buildDraft(input: DraftInput): string {
  const parts: string[] = [];
  const title = shorten(input.title, 140);
  if (title) parts.push(title);
  const quote = shorten(input.passage, MAX_QUOTE);
  if (quote && quote !== title) parts.push(`“${quote.replace(/^[“"]+|[”"]+$/g, '')}”`);
  if (input.url) parts.push(input.url);
  const tags = input.hashtags.map((t) => `#${t.replace(/^#+/, '')}`).filter((t) => t.length > 1);
  if (tags.length) parts.push(tags.join(' '));
  return parts.join('\n\n');
}
