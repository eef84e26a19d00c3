/**
 * Longest piece of text handed to Intl.Segmenter at once. V8's segmenter slows
 * down roughly quadratically with the length of one piece of CJK or Thai text
 * without punctuation (a 40,000-character run took seconds in Node 20, a
 * 200,000-character one minutes), so long text is segmented piece by piece.
 */
export const SEGMENT_PIECE = 2_000;

const isSpace = (code: number) => code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);

/**
 * Where a piece of `text` starting at `start` ends: at most `max` UTF-16 code
 * units on, just after the last whitespace in its second half when there is
 * one, and never between the two halves of a surrogate pair.
 */
export function pieceEnd(text: string, start: number, max: number = SEGMENT_PIECE): number {
  const limit = start + max;
  if (limit >= text.length) return text.length;
  for (let i = limit - 1; i >= start + max / 2; i--) if (isSpace(text.charCodeAt(i))) return i + 1;
  const high = text.charCodeAt(limit - 1);
  return high >= 0xd800 && high <= 0xdbff && limit - 1 > start ? limit - 1 : limit;
}

/** One segment, with its index in the whole text (not in the piece it came from). */
export interface Segment {
  segment: string;
  index: number;
  isWordLike: boolean | undefined;
}

/**
 * Intl.Segmenter over bounded pieces, with the same segments as one call on
 * the whole text in practice: the last segment of each piece may run on past
 * the cut, so it is not given out but segmented again at the start of the next
 * piece (unless it fills the piece, which is then cut there). No piece passed
 * to the segmenter is longer than `max`, and the work stays linear in the
 * length of the text.
 */
export function* segmentBounded(segmenter: Intl.Segmenter, text: string, max: number = SEGMENT_PIECE): Generator<Segment> {
  let pos = 0;
  while (pos < text.length) {
    const end = pieceEnd(text, pos, max);
    let pending: Intl.SegmentData | null = null;
    for (const seg of segmenter.segment(text.slice(pos, end))) {
      if (pending) yield { segment: pending.segment, index: pos + pending.index, isWordLike: pending.isWordLike };
      pending = seg;
    }
    if (!pending) break;
    if (end >= text.length || pending.index === 0) {
      yield { segment: pending.segment, index: pos + pending.index, isWordLike: pending.isWordLike };
      pos = end;
    } else pos += pending.index;
  }
}
