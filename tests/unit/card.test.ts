import { describe, expect, it } from 'vitest';
import { CARD_SIZES, defaultColor, drawCard, isRtl, layout, type Ctx } from '../../lib/core/card/quote-card';

/** A canvas stand-in that records what is drawn; each character is 0.5 em wide. */
function recorder() {
  const calls: { text: string; x: number; y: number; font: string; align: string; direction: string }[] = [];
  const rects: { fill: unknown }[] = [];
  const ctx: Ctx = {
    font: '10px x',
    fillStyle: '#000',
    textAlign: 'left',
    textBaseline: 'top',
    direction: 'ltr',
    fillRect() {
      rects.push({ fill: ctx.fillStyle });
    },
    fillText(text, x, y) {
      calls.push({ text, x, y, font: ctx.font, align: ctx.textAlign, direction: ctx.direction });
    },
    measureText(text) {
      const px = Number(/(\d+)px/.exec(ctx.font)?.[1] ?? 10);
      return { width: [...text].length * px * 0.5 };
    },
  };
  return { ctx, calls, rects };
}

describe('quote cards', () => {
  it('wraps at words, shrinks the font for long text, and ends with an ellipsis past the last line', () => {
    const measure = (s: string, size: number) => s.length * size * 0.5;
    const short = layout('A short quote that fits.', 600, 4, { max: 60, min: 20 }, measure);
    expect(short.size).toBe(60);
    const long = layout('word '.repeat(200).trim(), 600, 4, { max: 60, min: 20 }, measure);
    expect(long.size).toBe(20);
    expect(long.lines).toHaveLength(4);
    expect(long.lines[3]!.endsWith('…')).toBe(true);
    for (const l of long.lines) expect(measure(l, long.size)).toBeLessThanOrEqual(600);
  });

  it('draws in the persona colour at both sizes, right-aligned for right-to-left text', () => {
    for (const size of ['landscape', 'square'] as const) {
      const { ctx, calls, rects } = recorder();
      drawCard(ctx, size, { quote: 'מחקר חדש מראה כי השמש יכולה לספק את רוב החשמל', source: 'הארץ — כותרת', color: '#123456', personaName: 'Climate Desk' });
      expect(rects[0]!.fill).toBe('#123456');
      const quote = calls[0]!;
      expect(quote.align).toBe('right');
      expect(quote.direction).toBe('rtl');
      expect(quote.x).toBe(CARD_SIZES[size].width - Math.round(CARD_SIZES[size].width * 0.08));
      expect(calls.some((c) => c.text === 'Climate Desk')).toBe(true);
    }
  });

  it('detects right-to-left text and gives every persona a dark default colour', () => {
    expect(isRtl('مرحبا بالعالم')).toBe(true);
    expect(isRtl('Hello world')).toBe(false);
    const c = defaultColor('Climate Desk');
    expect(c).toMatch(/^#[0-9a-f]{6}$/);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
    expect(0.2126 * r! + 0.7152 * g! + 0.0722 * b!).toBeLessThan(140);
  });
});
