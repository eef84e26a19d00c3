import { afterEach, describe, expect, it } from 'vitest';
import { emptyStats, scorePage } from '../../lib/core/score';
import { MAX_SEGMENTED_CHARS } from '../../lib/core/score/lexical';
import { SAMPLE_PERSONAS } from '../../lib/core/personas/samples';
import { pieceEnd, SEGMENT_PIECE, segmentBounded } from '../../lib/core/text/segment';
import { sentences, terms } from '../../lib/core/text/tokenize';
import { fitDraft } from '../../lib/core/draft/limits';
import { buildDraft } from '../../lib/core/draft/draft';
import { pageFacts } from '../../lib/core/draft/facts';

/** Deterministic text drawn from `chars`, with no space and no punctuation. */
function run(length: number, chars: string): string {
  const pool = [...chars];
  let x = 12345;
  let s = '';
  while (s.length < length) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += pool[x % pool.length];
  }
  return s.slice(0, length);
}

const HAN =
  '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生会自着去过家学对她里后小么心多天能好都然没日起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象';
const KANA = 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソタチツテト';
const THAI = 'กขคงจฉชซญดตถทธนบปผฝพฟภมยรลวศษสหอฮะาิีึืุูเแโใไ่้๊๋';
/** Han characters outside the BMP: every one is a surrogate pair. */
const ASTRAL = '𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋𠀌𠀍𠀎𠀏';

/**
 * Records every string the real Intl.Segmenter is given, and refuses one longer than `refuse`:
 * before the pieces were bounded, a 200,000-character run went whole to the segmenter and took
 * minutes, so the test fails at once instead of hanging.
 */
const original = Intl.Segmenter.prototype.segment;
function watchSegmenter(refuse = 10 * SEGMENT_PIECE): number[] {
  const lengths: number[] = [];
  Intl.Segmenter.prototype.segment = function (this: Intl.Segmenter, input: string) {
    lengths.push(input.length);
    if (input.length > refuse) throw new Error(`Intl.Segmenter given ${input.length} characters at once`);
    return original.call(this, input);
  };
  return lengths;
}
afterEach(() => {
  Intl.Segmenter.prototype.segment = original;
});

const personas = SAMPLE_PERSONAS.map((p, i) => ({ id: `p${i}`, name: p.name, description: p.description, keywords: p.keywords ?? [], avoid: p.avoid ?? [] }));

describe('segmenting in bounded pieces', () => {
  it('gives the same words and sentences as one call on the whole text', () => {
    const text = `${'Le marché a progressé de 3 % cette semaine. '.repeat(40)}${run(3_000, HAN)}。${'東京の天気は晴れです。'.repeat(200)} ${run(2_500, THAI)} end.`;
    for (const granularity of ['word', 'sentence', 'grapheme'] as const) {
      const seg = new Intl.Segmenter('und', { granularity });
      const whole = [...seg.segment(text)].map((s) => `${s.index}:${s.segment}`);
      const pieces = [...segmentBounded(seg, text, 500)].map((s) => `${s.index}:${s.segment}`);
      expect(pieces.map((s) => s.slice(s.indexOf(':') + 1)).join('')).toBe(text);
      if (granularity === 'grapheme') expect(pieces).toEqual(whole);
      else {
        // ICU finds CJK and Thai words with a dictionary over the whole run: near a forced cut it may
        // see a different word, nowhere else.
        const same = new Set(whole);
        const shared = pieces.filter((p) => same.has(p)).length;
        expect(shared / whole.length).toBeGreaterThan(0.97);
      }
    }
  });

  it('cuts at whitespace when it can, never inside a surrogate pair, and never passes a long piece', () => {
    const spaced = `${run(1_500, HAN)} ${run(1_500, HAN)}`;
    expect(pieceEnd(spaced, 0, 2_000)).toBe(1_501);
    const astral = run(10_001, ASTRAL); // 5,000 and a half pairs: every cut would fall after a high surrogate if not moved
    let pos = 0;
    while (pos < astral.length) {
      const end = pieceEnd(astral, pos, 2_001);
      expect(end - pos).toBeLessThanOrEqual(2_001);
      expect(end).toBeGreaterThan(pos);
      const high = astral.charCodeAt(end - 1);
      if (end < astral.length) expect(high >= 0xd800 && high <= 0xdbff).toBe(false);
      pos = end;
    }
    const lengths = watchSegmenter();
    const graphemes = [...segmentBounded(new Intl.Segmenter('und', { granularity: 'grapheme' }), astral, 2_001)];
    expect(graphemes.every((g) => g.segment.length === 2 || g.index === astral.length - 1)).toBe(true);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(2_001);
  });

  it.each([
    ['Chinese', HAN],
    ['Japanese', KANA + HAN.slice(0, 60)],
    ['Thai', THAI],
  ])('scores a page of 200,000 characters of %s without punctuation with bounded segmenter work', (_, chars) => {
    const text = run(200_000, chars);
    const lengths = watchSegmenter();
    const started = performance.now();
    const result = scorePage({ title: 'Page', text, lang: null }, personas, emptyStats());
    const ms = performance.now() - started;
    expect(result.scores).toHaveLength(personas.length);
    // The work is bounded: no piece longer than SEGMENT_PIECE, and only the start of the text is read, a few times over.
    expect(Math.max(...lengths)).toBeLessThanOrEqual(SEGMENT_PIECE);
    const total = lengths.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(4 * MAX_SEGMENTED_CHARS);
    // A generous second check (this machine is shared): it used to take minutes.
    expect(ms).toBeLessThan(20_000);
  });

  it('keeps tokenizing, sentences, facts and drafts bounded on the same kind of text', () => {
    const text = run(60_000, HAN);
    const lengths = watchSegmenter();
    expect(terms(text, 'zh').length).toBeGreaterThan(20_000);
    expect(sentences(text).join('')).toBe(text);
    expect(sentences(text, 3)).toHaveLength(3);
    expect(pageFacts(text).numbers).toEqual([]);
    // A selection is at most 5,000 characters: the draft built from it still fits X.
    const draft = buildDraft({ title: 'Title', passage: run(5_000, HAN), url: 'https://example.com/a', hashtags: ['tag'] });
    expect(fitDraft(draft, 'x').length).toBeLessThanOrEqual(280);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(SEGMENT_PIECE);
  });
});
