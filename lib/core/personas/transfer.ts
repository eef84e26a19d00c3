import { z } from '../../util/zod';
import { t } from '../../i18n/i18n';
import { PersonaInputSchema, nameKey, type Persona } from './schema';

/** Identifies our export files. */
export const EXPORT_FORMAT = 'persona-curator/personas';
export const EXPORT_VERSION = 1;
/** A persona file larger than this is refused before it is parsed. */
export const MAX_IMPORT_BYTES = 1_000_000;
export const MAX_IMPORT_PERSONAS = 500;
/** Feeds a pack may carry (the feeds the person followed when exporting). */
export const MAX_IMPORT_FEEDS = 200;

/** A followed feed in a pack: its address (http or https) and its title. */
const PackFeedSchema = z.object({
  url: z
    .string()
    .max(2_000)
    .refine((u) => /^https?:\/\//i.test(u), { error: () => t('v_http_url') }),
  title: z.string().max(300).optional(),
});
export type PackFeed = z.infer<typeof PackFeedSchema>;

/**
 * The import file. Only `personas` is required, so a hand-written
 * `{"personas":[{"name","description","keywords"}]}` imports; `format` and
 * `version` are checked when present.
 */
export const PersonaFileSchema = z
  .object(
    {
      format: z.literal(EXPORT_FORMAT, { error: () => t('import_bad_format', EXPORT_FORMAT) }).optional(),
      version: z
        .number({ error: () => t('import_bad_version') })
        .int({ error: () => t('import_bad_version') })
        .max(EXPORT_VERSION, { error: () => t('import_newer_version', EXPORT_VERSION) })
        .optional(),
      personas: z
        .array(PersonaInputSchema, { error: () => t('import_needs_list') })
        .min(1, { error: () => t('import_list_empty') })
        .max(MAX_IMPORT_PERSONAS, { error: () => t('import_too_many', MAX_IMPORT_PERSONAS) }),
      /** Optional: the feeds followed when the pack was exported (issue 14). */
      feeds: z.array(PackFeedSchema).max(MAX_IMPORT_FEEDS).optional(),
    },
    { error: () => t('import_not_object') },
  )
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.personas.forEach((p, i) => {
      const key = nameKey(p.name);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['personas', i, 'name'], message: t('import_name_twice', p.name) });
      seen.add(key);
    });
  });
export type PersonaFile = z.infer<typeof PersonaFileSchema>;

export type ParseResult = { ok: true; file: PersonaFile } | { ok: false; error: string };

function describePath(path: readonly PropertyKey[], file: unknown): string {
  if (path[0] === 'personas' && typeof path[1] === 'number') {
    const list = (file as { personas?: unknown[] }).personas;
    const item = list?.[path[1]] as { name?: unknown } | undefined;
    const label = typeof item?.name === 'string' && item.name.trim() ? t('import_persona_named', path[1] + 1, item.name.trim()) : t('import_persona_n', path[1] + 1);
    const field = path.slice(2).filter((p) => typeof p === 'string');
    return field.length ? `${label}, ${field.join('.')}` : label;
  }
  return path.map(String).join('.');
}

/** Parses and validates a persona file's text. The message names the problem and where it is. */
export function parsePersonaFile(text: string): ParseResult {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: t('import_too_large', MAX_IMPORT_BYTES / 1_000_000) };
  if (!text.trim()) return { ok: false, error: t('import_empty') };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, error: t('import_not_json', err instanceof Error ? err.message : String(err)) };
  }
  const parsed = PersonaFileSchema.safeParse(data);
  if (parsed.success) return { ok: true, file: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, error: t('import_unreadable') };
  const where = describePath(issue.path, data);
  const message = issue.message;
  return { ok: false, error: where ? t('import_problem_in', where, message) : t('import_problem', message) };
}

/** The versioned export document, as documented in the README; `feeds`, the feeds followed, when there are any. */
export function exportPersonas(personas: readonly Persona[], now = new Date(), feeds: readonly PackFeed[] = []): string {
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: now.toISOString(),
      personas: personas.map((p) => ({
        name: p.name,
        description: p.description,
        keywords: p.keywords,
        avoid: p.avoid,
        hashtags: p.hashtags,
        voice: p.voice,
        channels: p.channels,
        style: p.style,
        emoji: p.emoji,
        cta: p.cta,
        color: p.color,
        enabled: p.enabled,
        examples: p.examples,
      })),
      ...(feeds.length ? { feeds: feeds.map((f) => ({ url: f.url, ...(f.title ? { title: f.title } : {}) })) } : {}),
    },
    null,
    2,
  );
}
