import type { CuratorDb } from '../db/db';
import { KV, readSettings, reopenIfClosed, updateSettings } from '../db/db';
import { dismissSyncNote } from '../sync/sync';
import { pruneTombstones, type Tombstone } from '../sync/payload';
import { SettingsSchema, type CurateSource, type QueueItem, type Settings } from '../db/schema';
import { PageSnapshotSchema, type PageSnapshot } from '../extract/snapshot';
import { shareableUrl } from '../extract/share-url';
import type { Handlers } from '../protocol/router';
import type { PageView, PushPayload, SeenStatus, SuggestResult } from '../protocol/requests';
import { MAX_EXAMPLE_TEXT, MAX_EXAMPLES, PersonaInputSchema, PersonaSchema, nameKey, type Example, type Persona, type PersonaInput } from '../personas/schema';
import { SAMPLE_PERSONAS } from '../personas/samples';
import { parsePersonaFile } from '../personas/transfer';
import { putCapped } from '../db/capped';
import { appendPage, readCorpus, writeSnapshot, type CorpusAt } from './corpus-store';
import { emptyStats, pruneLearned, scorePage, seedKey, type CorpusStats, type PageScores, type PersonaScore, type ScoreMode } from '../score';
import { hybridScore, type Embed, type VectorCache } from '../score/hybrid';
import { analysePage, scoredLength, type ScoringPersona } from '../score/lexical';
import { emptyMemory, type SemanticMemory } from '../score/fusion';
import type { ModelChoice, ModelControl } from '../model/control';
import { coversLanguage, MODELS, modelInfo } from '../model/catalog';
import { CuratorError, explainError } from '../protocol/errors';
import { newId, sha256 } from '../util/hash';
import { dedupeKey, isHttpUrl } from '../util/url';
import { sameSite } from '../util/site';
import { pageFacts } from '../draft/facts';
import { defaultColor } from '../card/quote-card';
import { hamming, NEAR_DUPLICATE_BITS, simhash } from '../util/simhash';
// Imported as `message`: `t` is this module's name for a timestamp.
import { t as message } from '../i18n/i18n';
import { ignored, logOnce, orNull } from '../util/log';

/** What the curator needs from the browser; tests pass fakes, the background passes the real thing. */
export interface CuratorDeps {
  db: CuratorDb;
  /** Runs the extractor in the tab and returns what it read (validated here). */
  readTab: (tabId: number) => Promise<unknown>;
  /** The on-device model, when this context can reach one. Without it the lexical scorer answers. */
  model?: ModelControl;
  now?: () => number;
  /** Told what the curator learned about a tab's article (already queued or shared, or not): the toolbar badge shows it. */
  onSeen?: (tabId: number, seen: SeenStatus | null) => void;
  /** How long each step of a suggestion took (test builds keep them for the end-to-end tests' timings). */
  onPhases?: (tabId: number, phases: Phases) => void;
  /** The model's answer after a progressive suggestion (the background pushes it to the views). */
  onUpgraded?: (upgrade: PushPayload<'suggest.upgraded'>) => void;
}

/** Cached scores kept at most; the oldest go first. */
const MAX_CACHE = 1_000;
/** Recent queue items compared by text fingerprint when an article arrives under a new URL. */
const NEAR_DUPLICATE_SCAN = 1_000;
/** Cached embedding rows kept at most (pages and personas). */
const MAX_VECTORS = 2_000;

function toView(page: PageSnapshot): PageView {
  const { text, ...rest } = page;
  // The scorer reads only the start of a longer text: the view says so, as for a page read in part.
  return { ...rest, truncated: page.truncated || scoredLength(text) < text.length, shareUrl: shareableUrl(page), facts: pageFacts(text) };
}

/** A short fingerprint of what affects scores, so any persona edit invalidates the cache. */
function personasRevision(personas: readonly Persona[], threshold: number): string {
  return [threshold, ...personas.map((p) => `${p.id}@${p.updatedAt}`)].join('|');
}

/** Milliseconds per step of a suggestion, in the order they ran. */
export type Phases = Record<string, number>;

/** Records into `phases` the time since the previous mark under each name (nothing when phases is undefined). */
function phaseClock(phases: Phases | undefined): (name: string) => void {
  let last = performance.now();
  return (name) => {
    if (!phases) return;
    const at = performance.now();
    phases[name] = Math.round((phases[name] ?? 0) + at - last);
    last = at;
  };
}

function validateSnapshot(raw: unknown): PageSnapshot {
  const parsed = PageSnapshotSchema.safeParse(raw);
  if (!parsed.success) throw new CuratorError('unreadable', message('error_page_senseless'));
  return parsed.data;
}

/**
 * The background's logic, free of browser APIs: scoring with the content-hash
 * cache, the curated queue, personas and settings. Every write is one Dexie
 * transaction, so a service worker stopped at any moment leaves either the
 * old state or the new one.
 */
export function createCurator(deps: CuratorDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => Date.now());

  /**
   * Explains a storage failure, and lets the database open again afterwards: Chrome closes the
   * connection when the disk fills, and a failed reopen would otherwise stick until the worker restarts.
   */
  function storageFailure(err: unknown): CuratorError {
    const e = explainError(err);
    if (e.code === 'quota' || e.code === 'storage') reopenIfClosed(db);
    return e;
  }

  const settings = () => readSettings(db);

  /** Every persona (what learned data may be kept for) and the enabled ones (what pages are scored against). */
  async function readPersonas(): Promise<{ all: Persona[]; enabled: Persona[] }> {
    const all = await db.personas.orderBy('updatedAt').toArray();
    return { all, enabled: all.filter((p) => p.enabled) };
  }

  /**
   * Drops what no current persona uses from the corpus statistics: the reading profiles of seeds edited
   * away or deleted, and those of `forget` (a persona told to forget what it learned). Runs inside the
   * caller's transaction, which must cover db.personas, db.kv and db.corpusLog.
   */
  async function pruneLearnedData(forget: readonly string[] = []): Promise<void> {
    if (!(await db.kv.get(KV.stats))) return;
    const { stats, at } = await loadStats();
    const dropped = forget.filter((k) => stats.reading && Object.hasOwn(stats.reading, k));
    for (const k of dropped) delete stats.reading![k];
    if (pruneLearned(stats, await db.personas.toArray()) || dropped.length || at === null) await writeSnapshot(db, stats, at);
  }

  /**
   * The statistics this curator last stored, decoded, and where they stand (lib/background/corpus-store): a new page
   * then reads the small head, and the pages another window logged since if any, and decodes nothing else.
   * Dropped while they are being changed, so a transaction that fails leaves no copy ahead of the database.
   */
  let statsCache: { at: CorpusAt; stats: CorpusStats } | null = null;

  /** Inside a transaction covering db.kv and db.corpusLog: the stored statistics, and where they stand (null: none stored, or an older form). */
  async function loadStats(): Promise<{ stats: CorpusStats; at: CorpusAt | null }> {
    const read = await readCorpus(db, statsCache);
    statsCache = null;
    return read;
  }

  /**
   * Scores a page for the views. `progressive`: answer once word matching has scored it, with `upgrading` set
   * when the model will answer too; the model's answer then reaches `deps.onUpgraded` (and the cache). Otherwise
   * the answer waits for the model. `phases`: filled with how long each step took (ms), for tests and benchmarks.
   */
  async function suggestForPage(page: PageSnapshot, tabId: number, options: { refresh?: boolean; progressive?: boolean; phases?: Phases } = {}): Promise<SuggestResult> {
    const { refresh = false, progressive = false } = options;
    const phase = phaseClock(options.phases);
    let storage: SuggestResult['storage'] = 'ok';
    let personas: Persona[];
    let allPersonas: Persona[];
    let current: Settings;
    try {
      let read: { all: Persona[]; enabled: Persona[] };
      [read, current] = await Promise.all([readPersonas(), settings()]);
      personas = read.enabled;
      allPersonas = read.all;
    } catch (err) {
      // The database will not open (Firefox with history off raises InvalidStateError): keep
      // suggesting, with the sample personas held in memory, and say that nothing can be saved.
      const e = storageFailure(err);
      if (e.code !== 'storage' && e.code !== 'quota') throw e;
      storage = 'unavailable';
      personas = samplesInMemory();
      allPersonas = personas;
      current = SettingsSchema.parse({});
    }
    const { threshold, handoff } = current;
    const seen = storage === 'ok' ? await seenStatus(page) : null;
    phase('personas');
    if (tabId >= 0) deps.onSeen?.(tabId, seen);
    const base: Omit<SuggestResult, 'suggestions' | 'cached' | 'language' | 'mode' | 'storage'> = {
      seen,
      tabId,
      page: toView(page),
      threshold,
      handoff,
      voices: Object.fromEntries(
        personas.map((p) => [p.id, { hashtags: p.hashtags, style: p.style, emoji: p.emoji, cta: p.cta, voice: p.voice, topic: p.keywords[0] ?? null, color: p.color || defaultColor(p.name) }]),
      ),
      enabledPersonas: personas.length,
    };
    if (page.notArticle || personas.length === 0) {
      return { ...base, storage, mode: 'lexical', language: page.lang ?? 'und', suggestions: [], cached: false };
    }
    const hash = await sha256(`${page.title}\n${page.text}`);
    phase('hash');
    const choice = await deps.model?.choose().catch(orNull('curator'));
    const scorer = choice?.info.id ?? 'lexical';
    // An English model never silently scores French: it says so, and word matching answers.
    const skipped = (language: string) => (choice && !coversLanguage(choice.info, language) ? { modelSkipped: { modelId: choice.info.id, reason: 'language' as const } } : {});
    const key = `${hash}:${await sha256(`${personasRevision(personas, threshold)}|${scorer}`)}`;
    if (!refresh && storage === 'ok') {
      const hit = await db.scoreCache.get(key).catch(ignored('curator'));
      phase('cache');
      if (hit) return { ...base, ...skipped(hit.language), storage, mode: hit.mode, language: hit.language, suggestions: hit.scores as PersonaScore[], cached: true };
    }
    const scoring = personas.map((p) => ({ id: p.id, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid, updatedAt: p.updatedAt, examples: p.examples }));
    let lexical: PageScores | null = null;
    /** The page was counted just now (not a revisit): the model's calibration learns from it too. */
    let isNew = false;
    // Tokenising is the slow part of scoring a long page (Intl.Segmenter on CJK and Thai): done before the
    // read-write transaction on the statistics, so another tab's request waits for it only while this worker's
    // thread is busy, not for the whole transaction. What the transaction counts is unchanged.
    const analysed = analysePage(page);
    if (storage === 'ok') {
      try {
        const scored = await db.transaction('rw', db.kv, db.corpusLog, db.scoreCache, async () => {
          const { stats, at } = await loadStats();
          // What no current persona uses goes before it is stored again (seeds edited away, personas deleted, in any browser).
          const pruned = pruneLearned(stats, allPersonas);
          const seenBefore = await db.scoreCache.where('key').startsWith(`${hash}:`).count();
          // A page already counted (under older personas or another scorer) is not counted twice in the statistics.
          if (seenBefore > 0) {
            const result = scorePage(page, scoring, stats, threshold, { learn: false, model: analysed });
            return { result, at: pruned || at === null ? await writeSnapshot(db, stats, at) : at };
          }
          isNew = true;
          const result = scorePage(page, scoring, stats, threshold, { model: analysed });
          // Only what this page taught is written (a row as big as the page), unless the statistics changed otherwise.
          const next = pruned || !result.learned ? await writeSnapshot(db, stats, at) : await appendPage(db, at, stats, result.learned);
          // Marks the page as counted in the same transaction, so a worker stopped before the
          // scores are cached cannot count it twice when the view asks again.
          await db.scoreCache.put({ key: `${hash}:counted`, createdAt: now(), scores: [], language: result.language, mode: 'lexical' });
          return { result, at: next };
        });
        statsCache = { at: scored.at, stats: scored.result.stats };
        lexical = scored.result;
      } catch (err) {
        // Storage failing must not stop suggestions: score without history and say nothing is saved.
        const e = storageFailure(err);
        if (e.code !== 'quota' && e.code !== 'storage') throw e;
        storage = e.code === 'quota' ? 'full' : 'unavailable';
      }
    }
    lexical ??= scorePage(page, scoring, emptyStats(), threshold, { model: analysed });
    phase('score');
    const answer = { ...base, ...skipped(lexical.language), storage, language: lexical.language, cached: false };
    if (!choice || !deps.model || !coversLanguage(choice.info, lexical.language)) {
      if (storage === 'ok') await cacheScores(key, lexical.scores, lexical.language, lexical.mode);
      phase('store');
      return { ...answer, mode: lexical.mode, suggestions: lexical.scores };
    }
    // One model pass per page at a time: a second request for the same page (another view, a refresh) joins it.
    let upgrade = upgrades.get(key);
    if (!upgrade) {
      const model = deps.model;
      const input = { choice, page, hash, lexical, scoring, threshold, learn: isNew, canStore: storage === 'ok' };
      upgrade = modelAnswer(input, (texts, kind) => model.embed(choice.plan, texts, kind))
        .then(async (upgraded) => {
          const final = upgraded ?? { mode: lexical.mode, scores: lexical.scores };
          if (input.canStore) await cacheScores(key, final.scores, lexical.language, final.mode);
          return { ...final, upgraded: upgraded !== null };
        })
        .finally(() => upgrades.delete(key));
      upgrades.set(key, upgrade);
    }
    if (progressive && !pushing.has(key)) {
      // The views that got the word-matching answer learn the model's through one push; the cache keeps it for revisits.
      pushing.add(key);
      void upgrade.then((final) => deps.onUpgraded?.({ key, mode: final.mode, suggestions: final.upgraded ? final.scores : null })).finally(() => pushing.delete(key));
    }
    if (progressive) return { ...answer, mode: lexical.mode, suggestions: lexical.scores, upgrading: { key } };
    const final = await upgrade;
    phase('model');
    return { ...answer, mode: final.mode, suggestions: final.scores };
  }

  /** Model passes running now, by score-cache key (see suggestForPage). */
  const upgrades = new Map<string, Promise<{ mode: ScoreMode; scores: PersonaScore[]; upgraded: boolean }>>();
  /** Keys whose pass has a push promised. */
  const pushing = new Set<string>();

  /**
   * The model's answer for a page word matching has scored: hybrid scores, or null when the model failed (its
   * host records why, and the views show it; the lexical answer then stands). A new page also teaches the
   * model's calibration.
   */
  async function modelAnswer(
    input: { choice: ModelChoice; page: PageSnapshot; hash: string; lexical: PageScores; scoring: (ScoringPersona & { updatedAt: number })[]; threshold: number; learn: boolean; canStore: boolean },
    embed: Embed,
  ): Promise<{ mode: ScoreMode; scores: PersonaScore[] } | null> {
    const { choice, canStore, learn } = input;
    try {
      const stored = canStore ? ((await db.kv.get(KV.semantic).catch(ignored('curator')))?.value as SemanticMemory | undefined) : undefined;
      const memory = stored && typeof stored.models === 'object' ? stored : emptyMemory();
      const hybrid = await hybridScore({
        page: input.page,
        contentHash: input.hash,
        language: input.lexical.language,
        lexical: input.lexical.scores,
        personas: input.scoring,
        model: choice.info,
        embed,
        cache: canStore ? vectorCache : undefined,
        threshold: input.threshold,
        memory,
        learn,
      });
      // Its calibration and reading are kept; a write that fails only costs what this page taught.
      if (learn && canStore) await db.kv.put({ key: KV.semantic, value: memory }).catch(ignored('curator'));
      return hybrid;
    } catch (err) {
      // Word matching's answer stands; a failed load is also in the model's status row, which the views show.
      logOnce('curator', err);
      return null;
    }
  }

  /** Caches a page's final scores under their key, the oldest past the cap dropped; a write that fails only costs a recomputation. */
  async function cacheScores(key: string, scores: PersonaScore[], language: string, mode: ScoreMode): Promise<void> {
    await putCapped(db.scoreCache, { key, createdAt: now(), scores, language, mode }, MAX_CACHE).catch(ignored('curator'));
  }

  /** Whether an article is already queued or shared, by its normalised address. */
  async function seenStatus(page: Pick<PageSnapshot, 'url' | 'canonicalUrl'>): Promise<SeenStatus | null> {
    const url = shareableUrl(page) ?? page.url;
    if (!isHttpUrl(url)) return null;
    const item = await db.queue.where('dedupeKey').equals(dedupeKey(url)).first().catch(ignored('curator'));
    return item ? { status: item.status, personaName: item.personaName, at: item.updatedAt ?? item.createdAt } : null;
  }

  /** The sample personas, for a browser whose storage will not open: nothing is written. */
  function samplesInMemory(): Persona[] {
    const t = now();
    return SAMPLE_PERSONAS.map((input, i) => PersonaSchema.parse({ ...input, id: `sample-${i}`, nameKey: nameKey(input.name), sample: true, createdAt: t, updatedAt: t }));
  }

  /** Vectors in Dexie, keyed by model id and content hash or persona revision, oldest dropped past a cap. */
  const vectorCache: VectorCache = {
    async get(k) {
      return (await db.vectors.get(k))?.vectors;
    },
    async put(k, vectors) {
      // Vectors that cannot be kept only cost recomputing them.
      await putCapped(db.vectors, { key: k, createdAt: now(), vectors: vectors.map((v) => Float32Array.from(v)) }, MAX_VECTORS).catch(ignored('curator'));
    },
  };

  async function readAndValidate(tabId: number): Promise<PageSnapshot> {
    return validateSnapshot(await deps.readTab(tabId));
  }

  /** Adds (or replaces, for the same article) an example on a persona, inside the caller's transaction. */
  async function addExample(personaId: string, example: Omit<Example, 'addedAt'>): Promise<boolean> {
    const persona = await db.personas.get(personaId);
    if (!persona) return false;
    const key = example.url ? dedupeKey(example.url) : null;
    const kept = persona.examples.filter((e) => !(key && e.url && dedupeKey(e.url) === key));
    const examples = [...kept, { ...example, addedAt: now() }].slice(-MAX_EXAMPLES);
    await db.personas.put({ ...persona, examples, updatedAt: now() });
    return true;
  }

  function exampleFrom(page: Pick<PageSnapshot, 'title' | 'text' | 'excerpt' | 'url' | 'canonicalUrl'>, positive: boolean, source: Example['source']): Omit<Example, 'addedAt'> {
    return { positive, title: page.title.slice(0, 500), text: (page.text || page.excerpt || '').slice(0, MAX_EXAMPLE_TEXT), url: shareableUrl(page), source };
  }

  async function saveToQueue(item: Omit<QueueItem, 'id' | 'dedupeKey' | 'createdAt' | 'updatedAt' | 'status'>, example?: Omit<Example, 'addedAt'>): Promise<QueueItem> {
    if (!isHttpUrl(item.url)) throw new CuratorError('unreadable', message('error_only_web_pages'));
    const key = dedupeKey(item.url);
    const t = now();
    try {
      // The item and what its persona learns from it are stored together or not at all.
      return await db.transaction('rw', db.queue, db.personas, async () => {
        if (example && item.personaId) await addExample(item.personaId, example);
        // The same article: the same URL once normalised (canonical, no tracking, no fragment), or near-identical
        // text on the same site. Never an item from another site: a page that copies an article's text must not
        // retitle it or rewrite its quote (the same URL is the same host, so that path cannot cross sites).
        let existing = await db.queue.where('dedupeKey').equals(key).first();
        if (!existing && item.simhash) {
          const print = item.simhash;
          existing = await db.queue
            .orderBy('createdAt')
            .reverse()
            .limit(NEAR_DUPLICATE_SCAN)
            .filter((q) => Boolean(q.simhash) && hamming(q.simhash!, print) <= NEAR_DUPLICATE_BITS && sameSite(q.url, item.url))
            .first();
        }
        if (existing) {
          // The same article is one item: curating again refreshes it rather than adding a copy.
          const keepPersona = item.personaId === null && existing.personaId !== null;
          const updated: QueueItem = {
            ...existing,
            title: item.title || existing.title,
            siteName: item.siteName ?? existing.siteName,
            personaId: keepPersona ? existing.personaId : item.personaId,
            personaName: keepPersona ? existing.personaName : item.personaName,
            score: keepPersona ? existing.score : item.score,
            quote: item.quote || existing.quote,
            simhash: item.simhash ?? existing.simhash ?? null,
            source: item.source,
            updatedAt: t,
          };
          await db.queue.put(updated);
          return updated;
        }
        const created: QueueItem = { ...item, id: newId(), dedupeKey: key, status: 'queued', createdAt: t, updatedAt: t };
        await db.queue.add(created);
        return created;
      });
    } catch (err) {
      throw storageFailure(err);
    }
  }

  async function curatePage(page: PageSnapshot, tabId: number, source: CurateSource, personaId?: string): Promise<QueueItem> {
    const result = await suggestForPage(page, tabId);
    const pick = personaId ? result.suggestions.find((s) => s.personaId === personaId) : result.suggestions[0];
    if (personaId && !pick) throw new CuratorError('not-found', message('error_persona_gone'));
    return saveToQueue(
      {
        url: shareableUrl(page) ?? page.url,
        title: page.title || page.url,
        siteName: page.siteName,
        personaId: pick?.personaId ?? null,
        personaName: pick?.name ?? null,
        score: pick?.score ?? null,
        quote: page.selection ?? pick?.reason.passage ?? page.excerpt ?? '',
        simhash: page.notArticle ? null : simhash(page.text),
        source,
      },
      // Curating teaches the persona, unless the page is not an article (nothing to learn from).
      page.notArticle ? undefined : exampleFrom(page, true, 'curate'),
    );
  }

  async function savePersona(input: Omit<PersonaInput, 'examples'>, id?: string): Promise<Persona> {
    const clean = PersonaInputSchema.parse(input);
    const t = now();
    try {
      return await db.transaction('rw', db.personas, db.kv, db.corpusLog, async () => {
        const clash = await db.personas.where('nameKey').equals(nameKey(clean.name)).first();
        if (clash && clash.id !== id) throw new CuratorError('invalid', message('error_persona_name_taken', clash.name));
        if (id) {
          const existing = await db.personas.get(id);
          if (!existing) throw new CuratorError('not-found', message('error_persona_missing'));
          // The edit form does not carry examples: what the persona learned stays.
          const updated = PersonaSchema.parse({ ...existing, ...clean, examples: existing.examples, nameKey: nameKey(clean.name), sample: false, updatedAt: t });
          await db.personas.put(updated);
          // A new seed starts its reading afresh: the old seed's profile would only weigh on every page.
          await pruneLearnedData();
          return updated;
        }
        const created = PersonaSchema.parse({ ...clean, id: newId(), nameKey: nameKey(clean.name), sample: false, createdAt: t, updatedAt: t });
        await db.personas.add(created);
        return created;
      });
    } catch (err) {
      throw storageFailure(err);
    }
  }

  const handlers: Handlers = {
    suggest: async ({ tabId, refresh, progressive }) => {
      const phases: Phases = {};
      const phase = phaseClock(phases);
      const raw = await deps.readTab(tabId);
      phase('read');
      const page = validateSnapshot(raw);
      phase('validate');
      const result = await suggestForPage(page, tabId, { refresh, progressive, phases });
      deps.onPhases?.(tabId, phases);
      return result;
    },
    curate: async ({ tabId, personaId, source }) => {
      const item = await curatePage(await readAndValidate(tabId), tabId, source, personaId);
      deps.onSeen?.(tabId, { status: item.status, personaName: item.personaName, at: item.updatedAt });
      return item;
    },
    'queue.remove': async ({ id }) => {
      const had = await db.queue.get(id);
      await db.queue.delete(id);
      return { removed: Boolean(had) };
    },
    'queue.setStatus': async ({ id, status }) => ({ updated: (await db.queue.update(id, { status, updatedAt: now() })) > 0 }),
    'personas.save': async ({ id, persona }) => savePersona(persona, id),
    feedback: async ({ tabId, personaId, positive }) => {
      const page = await readAndValidate(tabId);
      if (page.notArticle) throw new CuratorError('invalid', message('error_not_article_nothing_to_learn'));
      try {
        const stored = await db.transaction('rw', db.personas, () => addExample(personaId, exampleFrom(page, positive, 'thumbs')));
        if (!stored) throw new CuratorError('not-found', message('error_persona_missing'));
      } catch (err) {
        throw storageFailure(err);
      }
      const persona = await db.personas.get(personaId);
      return { examples: persona?.examples.length ?? 0 };
    },
    // "Forget these examples": the examples and what it learned from reading go together.
    'personas.resetExamples': async ({ id }) =>
      db.transaction('rw', db.personas, db.kv, db.corpusLog, async () => {
        const persona = await db.personas.get(id);
        if (!persona) return { updated: false };
        await db.personas.put({ ...persona, examples: [], updatedAt: now() });
        await pruneLearnedData([seedKey(persona)]);
        return { updated: true };
      }),
    'personas.delete': async ({ id }) =>
      db.transaction('rw', db.personas, db.kv, db.corpusLog, db.vectors, async () => {
        const had = await db.personas.get(id);
        await db.personas.delete(id);
        // What it learned goes with it: its reading profile, and its cached embeddings.
        await pruneLearnedData();
        const own = (await db.vectors.toCollection().primaryKeys()).filter((k) => k.includes(`|persona|${id}|`));
        if (own.length) await db.vectors.bulkDelete(own);
        // Remembered so the deletion reaches the person's other browsers (lib/sync).
        if (had) {
          // Kept under the cap a payload's readers accept, or the whole payload would be refused everywhere.
          const deleted = ((await db.kv.get(KV.syncDeleted))?.value as Tombstone[] | undefined) ?? [];
          await db.kv.put({ key: KV.syncDeleted, value: pruneTombstones([...deleted, { id, at: now() }]) });
        }
        return { deleted: Boolean(had) };
      }),
    'personas.setEnabled': async ({ id, enabled }) => ({ updated: (await db.personas.update(id, { enabled, updatedAt: now() })) > 0 }),
    'personas.import': async ({ text }) => {
      const parsed = parsePersonaFile(text);
      if (!parsed.ok) throw new CuratorError('invalid', parsed.error);
      const t = now();
      let added = 0;
      let updated = 0;
      try {
        // All or nothing: one transaction, so a failure half-way leaves every stored persona as it was.
        await db.transaction('rw', db.personas, db.kv, db.corpusLog, async () => {
          for (const input of parsed.file.personas) {
            const existing = await db.personas.where('nameKey').equals(nameKey(input.name)).first();
            if (existing) {
              const examples = input.examples.length > 0 ? input.examples : existing.examples;
              await db.personas.put(PersonaSchema.parse({ ...existing, ...input, examples, nameKey: nameKey(input.name), sample: false, updatedAt: t }));
              updated++;
            } else {
              await db.personas.add(PersonaSchema.parse({ ...input, id: newId(), nameKey: nameKey(input.name), sample: false, createdAt: t, updatedAt: t }));
              added++;
            }
          }
          await pruneLearnedData();
        });
      } catch (err) {
        throw storageFailure(err);
      }
      return { added, updated };
    },
    'settings.setModel': async ({ id, consent }) => {
      if (id !== 'off' && !modelInfo(id)) throw new CuratorError('invalid', message('error_unknown_model', id));
      await updateSettings(db, (current) => ({ ...current, model: { id, consent } }));
      // Agreeing starts the download now, so the model is ready by the next page.
      if (id !== 'off') void deps.model?.warmUp().catch(ignored('curator'));
      return { id, consent };
    },
    'settings.setHandoff': async (change) => {
      return (await updateSettings(db, (current) => ({ ...current, handoff: { ...current.handoff, ...change } }))).handoff;
    },
    'handoff.used': async ({ target }) => {
      await updateSettings(db, (current) => ({ ...current, handoff: { ...current.handoff, lastUsed: target } }));
      return { target };
    },
    'model.describe': async () => {
      const { model } = await settings();
      const models = await Promise.all(MODELS.map(async (m) => ({ ...m, bundled: Boolean((await deps.model?.planFor(m.id))?.bundled) })));
      return { selected: model.id, consent: model.consent, models, downloadsFromHub: !(await deps.model?.downloadHost()) };
    },
    'model.retry': async () => {
      if (!deps.model) return { started: false };
      await deps.model.warmUp();
      return { started: true };
    },
    'sync.dismissNote': async () => ({ dismissed: await dismissSyncNote(db) }),
    'model.idle': async () => {
      if (!deps.model) return { closed: false };
      await deps.model.close();
      return { closed: true };
    },
    'settings.setNotify': async (change) => {
      await updateSettings(db, (current) => ({ ...current, notify: { ...current.notify, ...change } }));
      return change;
    },
    'settings.setFollow': async ({ enabled }) => {
      await updateSettings(db, (current) => ({ ...current, followBrowsing: enabled }));
      return { enabled };
    },
    'settings.setFollowPrivate': async ({ enabled }) => {
      await updateSettings(db, (current) => ({ ...current, followPrivate: enabled }));
      return { enabled };
    },
  };

  return {
    handlers,
    suggestForPage,
    curatePage,
    saveToQueue,

    /** Already queued or shared? For the toolbar badge when a tab we may see finishes loading. */
    seenForUrl: (url: string) => seenStatus({ url, canonicalUrl: null }),

    /** First run: install the sample personas once, unless the person already has personas. */
    async installSamples(): Promise<number> {
      return db.transaction('rw', db.personas, db.kv, async () => {
        if ((await db.kv.get(KV.samplesInstalled))?.value) return 0;
        await db.kv.put({ key: KV.samplesInstalled, value: true });
        if ((await db.personas.count()) > 0) return 0;
        const t = now();
        const rows = SAMPLE_PERSONAS.map((input, i) => PersonaSchema.parse({ ...input, id: newId(), nameKey: nameKey(input.name), sample: true, createdAt: t + i, updatedAt: t + i }));
        await db.personas.bulkAdd(rows);
        return rows.length;
      });
    },

    /**
     * The "Curate this" context menu: a page or a selection is read and scored;
     * a link is queued as it is, unread (we never fetch pages behind the
     * person's back), titled by its text when the browser gives it.
     */
    async curateFromContextMenu(info: { menuItemId: string | number; selectionText?: string; linkUrl?: string; linkText?: string; pageUrl?: string }, tabId: number | undefined): Promise<QueueItem> {
      if (info.linkUrl && info.menuItemId === 'curate-link') {
        if (!isHttpUrl(info.linkUrl)) throw new CuratorError('unreadable', message('error_only_web_links'));
        const title = (info.linkText ?? info.selectionText ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
        return saveToQueue({
          url: info.linkUrl,
          title: title || info.linkUrl,
          siteName: new URL(info.linkUrl).hostname,
          personaId: null,
          personaName: null,
          score: null,
          quote: '',
          source: 'context-link',
        });
      }
      if (tabId === undefined || tabId < 0) throw new CuratorError('no-tab', message('error_no_tab'));
      const page = await readAndValidate(tabId);
      const selection = info.selectionText?.replace(/\s+/g, ' ').trim().slice(0, 5_000);
      const withSelection = selection ? { ...page, selection } : page;
      return curatePage(withSelection, tabId, selection ? 'context-selection' : 'context-page');
    },
  };
}

export type Curator = ReturnType<typeof createCurator>;
