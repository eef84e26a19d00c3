import { z } from '../util/zod';
import { STYLES } from '../draft/styles';

const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

const wordList = (label: string, maxItems: number, maxLen: number) =>
  z
    .array(
      z
        .string({ error: `each ${label} must be text` })
        .trim()
        .min(1, `${label}s cannot be empty`)
        .max(maxLen, `a ${label} must be at most ${maxLen} characters`),
      {
        error: `must be a list of ${label}s`,
      },
    )
    .max(maxItems, `at most ${maxItems} ${label}s`)
    .transform((list) => [...new Map(list.map((w) => [w.toLowerCase(), w])).values()]);

/** A hashtag is stored without its "#", letters, digits and underscores only. */
const hashtagList = wordList('hashtag', 30, 60).transform((list, ctx) => {
  const out: string[] = [];
  for (const raw of list) {
    const tag = raw.replace(/^#+/, '');
    if (!/^[\p{L}\p{N}_]+$/u.test(tag)) {
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not a valid hashtag (letters, digits and _ only)` });
      return z.NEVER;
    }
    out.push(tag);
  }
  return out;
});

/** Longest example text kept: enough to learn from, small enough to store and export. */
export const MAX_EXAMPLE_TEXT = 2_000;
/** Examples kept per persona; the oldest go first. */
export const MAX_EXAMPLES = 100;

/** Something the person curated or rated for a persona: the scorer learns from it (Rocchio). */
export const ExampleSchema = z.object({
  positive: z.boolean({ error: 'an example must say positive: true or false' }),
  title: z.string().max(500).default(''),
  text: z.string().max(MAX_EXAMPLE_TEXT).default(''),
  url: z.string().max(2_048).nullable().default(null),
  source: z.enum(['curate', 'thumbs', 'import']).default('import'),
  addedAt: z.number().default(0),
});
export type Example = z.infer<typeof ExampleSchema>;

/** What a person types to make a persona. Name and one sentence are enough. */
export const PersonaInputSchema = z.object({
  name: z.string({ error: 'a persona needs a name' }).trim().min(1, 'a persona needs a name').max(80, 'a name must be at most 80 characters'),
  description: z
    .string({ error: 'a persona needs a description (one sentence is enough)' })
    .trim()
    .min(1, 'a persona needs a description (one sentence is enough)')
    .max(1_000, 'a description must be at most 1000 characters'),
  keywords: wordList('keyword', 50, 80).default([]),
  avoid: wordList('word to avoid', 50, 80).default([]),
  hashtags: hashtagList.default([]),
  voice: trimmed(500).default(''),
  channels: wordList('channel', 20, 40).default([]),
  /** The story style its drafts start in. */
  style: z.enum(STYLES, { error: `style must be one of ${STYLES.join(', ')}` }).default('quote'),
  /** Emoji in drafts (off by default). */
  emoji: z.boolean({ error: 'emoji must be true or false' }).default(false),
  /** A call to action placed before the link ("Read more:"). */
  cta: trimmed(80).default(''),
  /** Its colour on quote cards, "#rrggbb"; empty: one derived from its name. */
  color: z
    .string()
    .trim()
    .regex(/^(#[0-9a-fA-F]{6})?$/, 'color must look like #1f6feb')
    .default(''),
  enabled: z.boolean({ error: 'enabled must be true or false' }).default(true),
  /** What it learned from: kept with the persona and exported with it. */
  examples: z.array(ExampleSchema, { error: 'examples must be a list' }).max(MAX_EXAMPLES, `at most ${MAX_EXAMPLES} examples`).default([]),
});
export type PersonaInput = z.input<typeof PersonaInputSchema>;

/** A stored persona (Dexie table "personas"). */
export const PersonaSchema = PersonaInputSchema.extend({
  id: z.string().min(1),
  /** Lower-cased name: unique, so imports can match personas by name. */
  nameKey: z.string().min(1),
  /** Installed by the extension on first run, shown with a "Sample" badge. */
  sample: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Persona = z.infer<typeof PersonaSchema>;

export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
