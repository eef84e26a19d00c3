import { z } from '../../util/zod';
import { STYLES } from '../draft/styles';
import { t, type MessageKey } from '../../i18n/i18n';

const trimmed = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: () => t('v_max_chars', max) });

const LABELS = {
  keyword: ['label_keyword', 'label_keywords'],
  avoid: ['label_avoid', 'label_avoids'],
  channel: ['label_channel', 'label_channels'],
  hashtag: ['label_hashtag', 'label_hashtags'],
} as const satisfies Record<string, readonly [MessageKey, MessageKey]>;
type ListLabel = keyof typeof LABELS;
const one = (label: ListLabel) => t(LABELS[label][0]);
const many = (label: ListLabel) => t(LABELS[label][1]);

const wordList = (label: ListLabel, maxItems: number, maxLen: number) =>
  z
    .array(
      z
        .string({ error: () => t('v_each_text', one(label)) })
        .trim()
        .min(1, { error: () => t('v_item_empty', one(label)) })
        .max(maxLen, { error: () => t('v_item_max', one(label), maxLen) }),
      {
        error: () => t('v_list', many(label)),
      },
    )
    .max(maxItems, { error: () => t('v_list_max', maxItems, many(label)) })
    .transform((list) => [...new Map(list.map((w) => [w.toLowerCase(), w])).values()]);

/** A hashtag is stored without its "#", letters, digits and underscores only. */
const hashtagList = wordList('hashtag', 30, 60).transform((list, ctx) => {
  const out: string[] = [];
  for (const raw of list) {
    const tag = raw.replace(/^#+/, '');
    if (!/^[\p{L}\p{N}_]+$/u.test(tag)) {
      ctx.addIssue({ code: 'custom', message: t('v_hashtag', raw) });
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
  positive: z.boolean({ error: () => t('v_example_positive') }),
  title: z.string().max(500).default(''),
  text: z.string().max(MAX_EXAMPLE_TEXT).default(''),
  url: z.string().max(2_048).nullable().default(null),
  source: z.enum(['curate', 'thumbs', 'import']).default('import'),
  addedAt: z.number().default(0),
});
export type Example = z.infer<typeof ExampleSchema>;

/** What a person types to make a persona. Name and one sentence are enough. */
export const PersonaInputSchema = z.object({
  name: z
    .string({ error: () => t('v_name_required') })
    .trim()
    .min(1, { error: () => t('v_name_required') })
    .max(80, { error: () => t('v_name_max', 80) }),
  description: z
    .string({ error: () => t('v_description_required') })
    .trim()
    .min(1, { error: () => t('v_description_required') })
    .max(1_000, { error: () => t('v_description_max', 1000) }),
  keywords: wordList('keyword', 50, 80).default([]),
  avoid: wordList('avoid', 50, 80).default([]),
  hashtags: hashtagList.default([]),
  voice: trimmed(500).default(''),
  channels: wordList('channel', 20, 40).default([]),
  /** The story style its drafts start in. */
  style: z.enum(STYLES, { error: () => t('v_style', STYLES.join(', ')) }).default('quote'),
  /** Emoji in drafts (off by default). */
  emoji: z.boolean({ error: () => t('v_boolean', 'emoji') }).default(false),
  /** A call to action placed before the link ("Read more:"). */
  cta: trimmed(80).default(''),
  /** Its colour on quote cards, "#rrggbb"; empty: one derived from its name. */
  color: z
    .string()
    .trim()
    .regex(/^(#[0-9a-fA-F]{6})?$/, { error: () => t('v_color') })
    .default(''),
  enabled: z.boolean({ error: () => t('v_boolean', 'enabled') }).default(true),
  /** What it learned from: kept with the persona and exported with it. */
  examples: z
    .array(ExampleSchema, { error: () => t('v_examples_list') })
    .max(MAX_EXAMPLES, { error: () => t('v_examples_max', MAX_EXAMPLES) })
    .default([]),
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
