import type { Handlers } from '../../protocol/router';
import type { PageView, SeenStatus, SuggestResult } from '../../protocol/requests';
import type { PageSnapshot } from '../../core/extract/snapshot';
import { shareableUrl } from '../../core/extract/share-url';
import { pageFacts } from '../../core/draft/facts';
import { defaultColor } from '../../core/card/quote-card';
import type { Persona } from '../../core/personas/schema';
import { SAMPLE_PERSONAS } from '../../core/personas/samples';
import { emptyStats, type PageScores } from '../../core/score';
import { scoredLength } from '../../core/score/lexical';
import { analyse, modelCovers, pageHash, wordScores } from '../../core/score/pipeline';
import { readSettings } from '../../store/db';
import { newPersonaRow } from '../../store/personas';
import { SettingsSchema, type Settings } from '../../store/schema';
import { cachedScores } from '../../store/score-cache';
import { sha256 } from '../../util/hash';
import { dedupeKey, isHttpUrl } from '../../util/url';
import { ignored, orNull } from '../../util/log';
import { phaseClock, validateSnapshot, type Phases, type ServiceContext } from './context';
import type { Learning } from './learning';
import { createUpgrades } from './upgrade';

/** Resolves once the current answer has been sent (a timer runs after the microtasks that send it). */
const afterThisAnswer = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function toView(page: PageSnapshot): PageView {
  // The links go to the views as picks (lib/background/services/picks), scored, not as the page read them.
  const { text, links: _links, ...rest } = page;
  // The scorer reads only the start of a longer text: the view says so, as for a page read in part.
  return { ...rest, truncated: page.truncated || scoredLength(text) < text.length, shareUrl: shareableUrl(page), facts: pageFacts(text) };
}

/** A short fingerprint of what affects scores, so any persona edit invalidates the cache. */
function personasRevision(personas: readonly Persona[], threshold: number): string {
  return [threshold, ...personas.map((p) => `${p.id}@${p.updatedAt}`)].join('|');
}

/**
 * Suggestions for a page: personas and settings read, the score cache consulted, then the one pipeline
 * (lib/core/score/pipeline) runs, word matching first and the on-device model after it.
 */
export function createSuggest(ctx: ServiceContext, learning: Learning, onRead?: (tabId: number, page: PageSnapshot) => void) {
  const { db, deps } = ctx;
  const upgrades = createUpgrades(ctx);

  /** The sample personas, for a browser whose storage will not open: nothing is written. */
  function samplesInMemory(): Persona[] {
    const at = ctx.now();
    return SAMPLE_PERSONAS.map((input, i) => newPersonaRow(input, at, { id: `sample-${i}`, sample: true }));
  }

  /** Whether an article is already queued or shared, by its normalised address. */
  async function seenStatus(page: Pick<PageSnapshot, 'url' | 'canonicalUrl'>): Promise<SeenStatus | null> {
    const url = shareableUrl(page) ?? page.url;
    if (!isHttpUrl(url)) return null;
    const item = await db.queue.where('dedupeKey').equals(dedupeKey(url)).first().catch(ignored('curator'));
    return item ? { status: item.status, personaName: item.personaName, at: item.updatedAt ?? item.createdAt } : null;
  }

  /** Every persona (what learned data may be kept for), the enabled ones (what pages are scored against), and the settings. */
  async function readInputs(): Promise<{ all: Persona[]; enabled: Persona[]; settings: Settings; storage: SuggestResult['storage'] }> {
    try {
      const [all, settings] = await Promise.all([db.personas.orderBy('updatedAt').toArray(), readSettings(db)]);
      return { all, enabled: all.filter((p) => p.enabled), settings, storage: 'ok' };
    } catch (err) {
      // The database will not open (Firefox with history off raises InvalidStateError): keep
      // suggesting, with the sample personas held in memory, and say that nothing can be saved.
      const e = ctx.storageFailure(err);
      if (e.code !== 'storage' && e.code !== 'quota') throw e;
      const samples = samplesInMemory();
      return { all: samples, enabled: samples, settings: SettingsSchema.parse({}), storage: 'unavailable' };
    }
  }

  /**
   * Scores a page for the views. `progressive`: answer once word matching has scored it, with `upgrading` set
   * when the model will answer too; the model's answer then reaches `deps.onUpgraded` (and the cache). Otherwise
   * the answer waits for the model. `phases`: filled with how long each step took (ms), for tests and benchmarks.
   */
  async function suggestForPage(page: PageSnapshot, tabId: number, options: { refresh?: boolean; progressive?: boolean; phases?: Phases } = {}): Promise<SuggestResult> {
    const { refresh = false, progressive = false } = options;
    const phase = phaseClock(options.phases);
    const read = await readInputs();
    let storage = read.storage;
    const personas = read.enabled;
    const { threshold, handoff } = read.settings;
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
    const hash = await pageHash(page);
    phase('hash');
    const choice = await deps.model?.choose().catch(orNull('curator'));
    const scorer = choice?.info.id ?? 'lexical';
    // An English model never silently scores French: it says so, and word matching answers.
    const skipped = (language: string) => (choice && !modelCovers(choice, language) ? { modelSkipped: { modelId: choice.info.id, reason: 'language' as const } } : {});
    const key = `${hash}:${await sha256(`${personasRevision(personas, threshold)}|${scorer}`)}`;
    if (!refresh && storage === 'ok') {
      const hit = await cachedScores(db, key).catch(ignored('curator'));
      phase('cache');
      if (hit) return { ...base, ...skipped(hit.language), storage, mode: hit.mode, language: hit.language, suggestions: hit.scores, cached: true };
    }
    const scoring = personas.map((p) => ({ id: p.id, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid, updatedAt: p.updatedAt, examples: p.examples }));
    let lexical: PageScores | null = null;
    const counting = { isNew: false };
    // Tokenising is the slow part of scoring a long page (Intl.Segmenter on CJK and Thai): done before the
    // read-write transaction on the statistics, so another tab's request waits for it only while this worker's
    // thread is busy, not for the whole transaction. What the transaction counts is unchanged.
    const analysed = analyse(page);
    if (storage === 'ok') {
      try {
        lexical = await learning.countAndScore({ page, hash, scoring, all: read.all, threshold, analysed }, counting);
      } catch (err) {
        // Storage failing must not stop suggestions: score without history and say nothing is saved.
        const e = ctx.storageFailure(err);
        if (e.code !== 'quota' && e.code !== 'storage') throw e;
        storage = e.code === 'quota' ? 'full' : 'unavailable';
      }
    }
    lexical ??= wordScores(page, scoring, emptyStats(), threshold, { analysed });
    phase('score');
    const answer = { ...base, ...skipped(lexical.language), storage, language: lexical.language, cached: false };
    if (!choice || !deps.model || !modelCovers(choice, lexical.language)) {
      if (storage === 'ok') await upgrades.store(key, lexical.scores, lexical.language, lexical.mode);
      phase('store');
      return { ...answer, mode: lexical.mode, suggestions: lexical.scores };
    }
    const model = deps.model;
    const input = { choice, page, hash, lexical, scoring, threshold, learn: counting.isNew, canStore: storage === 'ok', all: read.all };
    const embed = (texts: string[], kind: 'query' | 'passage') => model.embed(choice.plan, texts, kind);
    if (progressive) {
      // The word-matching answer leaves first: the model pass, which begins by reading the model's memory on this
      // same thread, starts once the answer is on its way.
      upgrades.pushWhenDone(
        key,
        afterThisAnswer().then(() => upgrades.run(key, input, embed)),
      );
      return { ...answer, mode: lexical.mode, suggestions: lexical.scores, upgrading: { key } };
    }
    const final = await upgrades.run(key, input, embed);
    phase('model');
    return { ...answer, mode: final.mode, suggestions: final.scores };
  }

  const handlers: Pick<Handlers, 'suggest'> = {
    suggest: async ({ tabId, refresh, progressive }) => {
      const phases: Phases = {};
      const phase = phaseClock(phases);
      const raw = await deps.readTab(tabId);
      phase('read');
      const page = validateSnapshot(raw);
      phase('validate');
      // Its links are kept for the view's "Picks on this page", so they are not read twice.
      onRead?.(tabId, page);
      const result = await suggestForPage(page, tabId, { refresh, progressive, phases });
      deps.onPhases?.(tabId, phases);
      return result;
    },
  };
  return { handlers, suggestForPage, seenStatus };
}
