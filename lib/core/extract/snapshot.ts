import { z } from '../../util/zod';
import { t } from '../../i18n/i18n';
import { LINK_LIMITS, PageLinkSchema } from './links';

/** Caps keep a hostile page from sending megabytes through messaging and storage. */
export const LIMITS = { title: 500, short: 300, excerpt: 1_000, text: 200_000, selection: 5_000, url: 2_048, feeds: 3 } as const;

const httpUrl = z
  .string()
  .max(LIMITS.url)
  .refine((u) => /^https?:\/\//i.test(u), { error: () => t('v_http_url') });

/** What the extractor read from a page. The background validates it on arrival. */
export const PageSnapshotSchema = z.object({
  url: z.string().max(LIMITS.url),
  canonicalUrl: httpUrl.nullable(),
  title: z.string().max(LIMITS.title),
  byline: z.string().max(LIMITS.short).nullable(),
  siteName: z.string().max(LIMITS.short).nullable(),
  lang: z.string().max(35).nullable(),
  dir: z.enum(['ltr', 'rtl']).nullable(),
  excerpt: z.string().max(LIMITS.excerpt).nullable(),
  text: z.string().max(LIMITS.text),
  leadImage: httpUrl.nullable(),
  publishedTime: z.string().max(100).nullable(),
  selection: z.string().max(LIMITS.selection).nullable(),
  wordCount: z.number().int().nonnegative(),
  /** Only the start of the page was read (it was too large to read whole quickly) or its text was cut at LIMITS.text. */
  truncated: z.boolean(),
  /** Why the page is not treated as an article; null when it is one. "listing": it lists articles (a front page). */
  notArticle: z.enum(['not-readerable', 'too-short', 'too-large', 'no-document', 'listing']).nullable(),
  /** The article links it lists (lib/core/extract/links): a listing page's stories, an article's related links. */
  links: z.array(PageLinkSchema).max(LINK_LIMITS.count).optional(),
  /** RSS or Atom feeds the page declares (absent: none); the popup offers to follow one. */
  feeds: z.array(httpUrl).max(LIMITS.feeds).optional(),
});
export type PageSnapshot = z.infer<typeof PageSnapshotSchema>;
