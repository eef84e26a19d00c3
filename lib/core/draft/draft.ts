import { t } from '../../i18n/i18n';
import { segmentBounded } from '../text/segment';
import { shorten as shortenTo } from './limits';
import type { Style } from './styles';

export { STYLES, type Style } from './styles';

/** What a draft is made of. */
export interface DraftInput {
  title: string;
  /** The best passage, or the person's selection. */
  passage: string;
  /** The page's shareable URL (http(s) only), if any. */
  url: string | null;
  hashtags: readonly string[];
  /** Quote by default. */
  style?: Style;
  siteName?: string | null;
  byline?: string | null;
  /** Sentences carrying a figure, and the article's first question (lib/core/draft/facts). */
  numbers?: readonly string[];
  question?: string | null;
  /** The persona's first keyword: what a question style asks about. */
  topic?: string | null;
  /** The persona's call to action, before the link ("Read more:"). */
  cta?: string;
  emoji?: boolean;
}

/** Longest quote in a default draft: room is left for title, link and hashtags on short networks. */
const MAX_QUOTE = 180;

let graphemes: Intl.Segmenter | null = null;
const graphemesOf = (text: string) => [...segmentBounded((graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })), text)].map((g) => g.segment);

/**
 * At most `max` graphemes, cut at a sentence or word end with an ellipsis (the
 * same cutting the network limits use, so a URL, a hashtag or an emoji is never
 * split); a single word longer than that is cut between graphemes.
 */
function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const fitted = shortenTo(clean, (candidate) => graphemesOf(candidate).length <= max);
  return (
    fitted ||
    `${graphemesOf(clean)
      .slice(0, max - 1)
      .join('')}…`
  );
}

const quoted = (text: string) => `“${shorten(text, MAX_QUOTE).replace(/^[“"]+|[”"]+$/g, '')}”`;

/** The body of a draft in a story style, before the link and hashtags. */
function body(input: DraftInput): string[] {
  const title = shorten(input.title, 140);
  const source = [input.byline, input.siteName].filter(Boolean).join(', ');
  const e = (emoji: string) => (input.emoji ? `${emoji} ` : '');
  switch (input.style ?? 'quote') {
    case 'headline':
      return [`${e('📰')}${title}${source ? ` — ${shorten(source, 60)}` : ''}`];
    case 'question': {
      const topic = input.topic?.trim();
      const ask = input.question ? shorten(input.question, 160) : topic ? t('draft_question_topic', topic) : t('draft_question_you');
      return [`${e('🤔')}${ask}`, title];
    }
    case 'number': {
      const figure = input.numbers?.[0];
      return figure ? [`${e('📊')}${shorten(figure, 180)}`, title] : [title, quoted(input.passage)];
    }
    case 'thread':
      return [`${e('🧵')}${title}`, quoted(input.passage), '1/'];
    case 'quote':
    default: {
      const quote = shorten(input.passage, MAX_QUOTE);
      return quote && quote !== title ? [title, quoted(input.passage)] : [title];
    }
  }
}

/**
 * A draft post in the persona's story style: built from the page's title,
 * best passage, figures, question, author or site, then the persona's call
 * to action, the link and its hashtags. Pure and offline: no network calls.
 * The person switches style in one click and edits in place.
 */
export function buildDraft(input: DraftInput): string {
  const parts = body(input).filter(Boolean);
  const cta = input.cta?.trim();
  if (input.url) parts.push(cta ? `${cta} ${input.url}` : input.url);
  else if (cta) parts.push(cta);
  const tags = input.hashtags.map((tag) => `#${tag.replace(/^#+/, '')}`).filter((tag) => tag.length > 1);
  if (tags.length) parts.push(tags.join(' '));
  return parts.join('\n\n');
}
