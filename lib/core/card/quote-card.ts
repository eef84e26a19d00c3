import { segmentBounded } from '../text/segment';

/** Quote-card sizes schedulers take as attachments. */
export const CARD_SIZES = { landscape: { width: 1200, height: 675 }, square: { width: 1080, height: 1080 } } as const;
export type CardSize = keyof typeof CARD_SIZES;

export interface CardInput {
  quote: string;
  /** "Site — Title" or the author: where the quote comes from. */
  source: string;
  /** The persona's colour, "#rrggbb". */
  color: string;
  personaName: string;
  /** Right-to-left text (Arabic, Hebrew…): set from the page's dir or detected. */
  rtl?: boolean;
}

/** The minimal canvas surface we draw on (CanvasRenderingContext2D and OffscreenCanvas's both fit). */
export interface Ctx {
  font: string;
  fillStyle: string | CanvasGradient | CanvasPattern;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  direction: CanvasDirection;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  measureText(text: string): { width: number };
}

const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export function isRtl(text: string): boolean {
  const strong = text.match(/[\p{L}]/gu) ?? [];
  const rtl = strong.filter((c) => RTL.test(c)).length;
  return strong.length > 0 && rtl / strong.length > 0.3;
}

/** Words (or graphemes, for scripts without spaces) to wrap on. */
function units(text: string): string[] {
  if (/\s/.test(text.trim())) return text.trim().split(/\s+/);
  return [...segmentBounded(new Intl.Segmenter(undefined, { granularity: 'grapheme' }), text)].map((g) => g.segment);
}

/**
 * Wraps text into lines no wider than `width`, at the largest font size (from
 * `max` down to `min`) whose lines fit in `maxLines`; past that, the last line
 * ends with an ellipsis. Pure given `measure`.
 */
export function layout(text: string, width: number, maxLines: number, sizes: { max: number; min: number }, measure: (s: string, size: number) => number) {
  const parts = units(text);
  const joiner = /\s/.test(text.trim()) ? ' ' : '';
  for (let size = sizes.max; size >= sizes.min; size -= 2) {
    const lines: string[] = [];
    let line = '';
    for (const p of parts) {
      const next = line ? `${line}${joiner}${p}` : p;
      if (measure(next, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = p;
      }
    }
    if (line) lines.push(line);
    if (lines.length <= maxLines || size - 2 < sizes.min) {
      if (lines.length > maxLines) {
        lines.length = maxLines;
        let last = lines[maxLines - 1]!;
        while (last && measure(`${last}…`, size) > width) last = last.slice(0, -1);
        lines[maxLines - 1] = `${last.trimEnd()}…`;
      }
      return { size, lines };
    }
  }
  return { size: sizes.min, lines: [] };
}

/** Draws a quote card: the persona's colour, the quote large, the source line and the persona below. */
export function drawCard(ctx: Ctx, size: CardSize, input: CardInput, fontFamily = 'system-ui, sans-serif'): void {
  const { width, height } = CARD_SIZES[size];
  const pad = Math.round(width * 0.08);
  ctx.fillStyle = input.color;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = 'rgba(0,0,0,0.18)';
  ctx.fillRect(0, height - Math.round(height * 0.18), width, Math.round(height * 0.18));
  const rtl = input.rtl ?? isRtl(input.quote);
  ctx.direction = rtl ? 'rtl' : 'ltr';
  ctx.textAlign = rtl ? 'right' : 'left';
  ctx.textBaseline = 'top';
  const x = rtl ? width - pad : pad;
  const measure = (s: string, px: number) => {
    ctx.font = `600 ${px}px ${fontFamily}`;
    return ctx.measureText(s).width;
  };
  const quoteArea = height - Math.round(height * 0.18) - pad * 2;
  const maxLines = Math.max(2, Math.floor(quoteArea / (size === 'square' ? 70 : 62)));
  const text = `“${input.quote.replace(/^[“"]+|[”"]+$/g, '').trim()}”`;
  const { size: px, lines } = layout(text, width - pad * 2, maxLines, { max: size === 'square' ? 64 : 56, min: 26 }, measure);
  ctx.font = `600 ${px}px ${fontFamily}`;
  ctx.fillStyle = '#ffffff';
  const lineHeight = Math.round(px * 1.25);
  const top = pad + Math.max(0, (quoteArea - lines.length * lineHeight) / 2);
  lines.forEach((line, i) => ctx.fillText(line, x, top + i * lineHeight, width - pad * 2));
  ctx.font = `400 ${size === 'square' ? 30 : 26}px ${fontFamily}`;
  ctx.fillStyle = 'rgba(255,255,255,0.92)';
  const source = layout(input.source, width - pad * 2, 1, { max: size === 'square' ? 30 : 26, min: 18 }, (s, p) => {
    ctx.font = `400 ${p}px ${fontFamily}`;
    return ctx.measureText(s).width;
  });
  ctx.font = `400 ${source.size}px ${fontFamily}`;
  ctx.direction = isRtl(input.source) ? 'rtl' : ctx.direction;
  ctx.fillText(source.lines[0] ?? '', x, height - Math.round(height * 0.18) + Math.round(height * 0.04), width - pad * 2);
  ctx.font = `600 ${size === 'square' ? 22 : 20}px ${fontFamily}`;
  ctx.fillStyle = 'rgba(255,255,255,0.75)';
  ctx.fillText(input.personaName, x, height - Math.round(height * 0.07), width - pad * 2);
}

/** A persona's colour when it has none: stable per name, dark enough for white text. */
export function defaultColor(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  const hue = h % 360;
  // HSL(hue, 55%, 32%) to hex.
  const s = 0.55;
  const l = 0.32;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}
