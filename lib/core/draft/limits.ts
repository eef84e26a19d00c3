import twitter from 'twitter-text';
import { segmentBounded } from '../text/segment';

/** Networks with a length limit, and how each counts. */
export type Network = 'x' | 'bluesky' | 'mastodon' | 'threads' | 'linkedin';

export interface LimitOptions {
  /** The person's Mastodon instance limit (500 by default). */
  mastodonLimit?: number;
}

let graphemes: Intl.Segmenter | null = null;
function graphemeCount(text: string): number {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let n = 0;
  for (const _ of segmentBounded(graphemes, text)) n++;
  return n;
}

const URL_RE = /https?:\/\/[^\s<>"]+/g;

/** The limit and the length of a text on a network, counted the network's way. */
export function measure(network: Network, text: string, options: LimitOptions = {}): { length: number; max: number; fits: boolean } {
  let length: number;
  let max: number;
  switch (network) {
    case 'x':
      // twitter-text's weighted length: a URL counts 23, CJK and emoji count 2.
      length = twitter.parseTweet(text).weightedLength;
      max = 280;
      break;
    case 'bluesky':
      length = graphemeCount(text);
      max = 300;
      break;
    case 'mastodon':
      // Mastodon counts every URL as 23 characters, whatever its length.
      length = graphemeCount(text.replace(URL_RE, 'x'.repeat(23)));
      max = options.mastodonLimit ?? 500;
      break;
    case 'threads':
      length = graphemeCount(text);
      max = 500;
      break;
    case 'linkedin':
      length = graphemeCount(text);
      max = 3_000;
      break;
  }
  return { length, max, fits: length <= max };
}

export const NETWORKS: readonly Network[] = ['x', 'bluesky', 'mastodon', 'threads', 'linkedin'];

/** Places a text may be cut: word ends (never inside a URL, a hashtag or a grapheme), and sentence ends. */
function cutPoints(text: string): { at: number; sentence: boolean }[] {
  const protectedSpans: [number, number][] = [];
  for (const m of text.matchAll(/https?:\/\/[^\s<>"]+|#[\p{L}\p{N}_]+/gu)) protectedSpans.push([m.index, m.index + m[0].length]);
  const inside = (i: number) => protectedSpans.some(([a, b]) => i > a && i < b);
  const points: { at: number; sentence: boolean }[] = [];
  // In bounded pieces (lib/core/text/segment): a selection can be 5,000 characters of unpunctuated CJK.
  const words = new Intl.Segmenter(undefined, { granularity: 'word' });
  for (const seg of segmentBounded(words, text)) {
    const end = seg.index + seg.segment.length;
    if (seg.isWordLike && !inside(end)) points.push({ at: end, sentence: false });
  }
  const sentencesSeg = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  for (const seg of segmentBounded(sentencesSeg, text)) {
    const end = seg.index + seg.segment.trimEnd().length;
    if (end > 0 && !inside(end)) points.push({ at: end, sentence: true });
  }
  return points.sort((a, b) => a.at - b.at);
}

/**
 * Shortens `text` so that `fits(result)` holds, cutting at a sentence end when
 * that keeps most of it, else at a word end, and adding an ellipsis. Never cuts
 * inside a URL, a hashtag or a grapheme. Returns "" when nothing fits.
 */
export function shorten(text: string, fits: (candidate: string) => boolean): string {
  if (fits(text)) return text;
  const points = cutPoints(text);
  let best: { at: number; sentence: boolean } | null = null;
  let bestSentence: { at: number; sentence: boolean } | null = null;
  for (const p of points) {
    const candidate = `${text
      .slice(0, p.at)
      .trimEnd()
      .replace(/[\s,;:–—-]+$/u, '')}…`;
    if (!fits(candidate)) break;
    best = p;
    if (p.sentence) bestSentence = p;
  }
  if (!best) return '';
  // A whole sentence reads better, if it keeps at least 60% of what a word cut would.
  const chosen = bestSentence && bestSentence.at >= best.at * 0.6 ? bestSentence : best;
  const head = text.slice(0, chosen.at).trimEnd();
  return chosen.sentence && /[.!?。！？]$/u.test(head) ? head : `${head.replace(/[\s,;:–—-]+$/u, '')}…`;
}

/**
 * Fits a finished draft to a network: the trailing link and hashtags stay
 * whole; the text before them is shortened. If even the tail is too long,
 * hashtags go first, from the end; the link is never cut.
 */
export function fitDraft(text: string, network: Network, options: LimitOptions = {}): string {
  const fits = (candidate: string) => measure(network, candidate, options).fits;
  if (fits(text)) return text;
  const tailMatch = /(?:\s*(?:https?:\/\/[^\s<>"]+|#[\p{L}\p{N}_]+))+\s*$/u.exec(text);
  let tail = tailMatch ? tailMatch[0] : '';
  const body = text.slice(0, text.length - tail.length);
  for (;;) {
    const trimmedBody = body.trim() ? shorten(body, (b) => fits(b + tail)) : '';
    if (trimmedBody) return (trimmedBody + tail).trim();
    // No room for any text: give up hashtags, from the end, before the text.
    const lastTag = /\s*#[\p{L}\p{N}_]+\s*$/u.exec(tail);
    if (!lastTag) return tail.trim();
    tail = tail.slice(0, tail.length - lastTag[0].length);
  }
}

/** A text fitted to X beside the link X appends and counts as 23 characters (the link itself left out). */
export function fitBesideLinkOnX(text: string): string {
  return fitDraft(`${text}\n\nhttps://t.co/${'x'.repeat(10)}`, 'x').replace(/\s*https:\/\/t\.co\/x+$/, '');
}
