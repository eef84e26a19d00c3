import type { Handlers } from '../../protocol/router';
import type { PicksResult } from '../../protocol/requests';
import type { PageSnapshot } from '../../core/extract/snapshot';
import type { PageLink } from '../../core/extract/links';
import type { PersonaScore, ScoreMode } from '../../core/score';
import { bestPicks, modelScoreLinks, wordScoreLinks, type ScoredLink } from '../../core/score/picks';
import { readSettings } from '../../store/db';
import { getKv, KEYS } from '../../store/kv';
import type { QueueInput } from '../../store/queue';
import type { QueueItem } from '../../store/schema';
import { vectorCache } from '../../store/vectors';
import { sha256 } from '../../util/hash';
import { ignored, logOnce, orNull } from '../../util/log';
import { CuratorError } from '../../protocol/errors';
import { t } from '../../i18n/i18n';
import { readCorpus, type CorpusAt } from './corpus-store';
import type { ServiceContext } from './context';
import type { CorpusStats } from '../../core/score';

/** Tabs whose links are remembered, and links' scores kept, at most (in memory: a stopped worker reads again). */
const MAX_TABS = 20;
const MAX_SCORES = 2_000;

interface Read {
  url: string;
  lang: string | null;
  listing: boolean;
  links: PageLink[];
}

/**
 * "Picks on this page": the article links the extractor read with the page (the same read that suggestions made,
 * remembered per tab), each scored against the enabled personas through the pipeline (lib/core/score/picks), word
 * matching first, then the model when the view asks to refine. Nothing is learned: the corpus statistics and the
 * model's memory are read, never written, and no link is counted as a page read.
 * Scores are cached in memory by the link's content hash, the personas' revision and the scorer, not in the score
 * cache table: a hundred links a front page would push the pages' own cached scores out of its cap.
 */
export function createPicks(ctx: ServiceContext, saveToQueue: (item: QueueInput) => Promise<QueueItem>) {
  const { db, deps } = ctx;
  const tabs = new Map<number, Read>();
  const scores = new Map<string, { scores: PersonaScore[]; mode: ScoreMode }>();
  let corpus: { at: CorpusAt; stats: CorpusStats } | null = null;
  const vectors = vectorCache(db, ctx.now);

  function remember(tabId: number, page: PageSnapshot): void {
    if (tabId < 0) return;
    tabs.delete(tabId);
    tabs.set(tabId, { url: page.url, lang: page.lang, listing: page.notArticle === 'listing', links: page.links ?? [] });
    if (tabs.size > MAX_TABS) tabs.delete(tabs.keys().next().value!);
  }

  /** The tab's links: those read with its page, or read now (the worker restarted, or the tab moved on). */
  async function linksOf(tabId: number, url: string): Promise<Read> {
    const known = tabs.get(tabId);
    if (known && known.url === url) return known;
    remember(tabId, await ctx.readPage(tabId));
    return tabs.get(tabId)!;
  }

  /** The corpus statistics as stored, read without a write (this service's own decoded copy, brought up to date). */
  async function stats(): Promise<CorpusStats> {
    const read = await db.transaction('r', db.kv, db.corpusLog, () => readCorpus(db, corpus));
    corpus = read.at ? { at: read.at, stats: read.stats } : null;
    return read.stats;
  }

  function keep(key: string, value: { scores: PersonaScore[]; mode: ScoreMode }): void {
    scores.set(key, value);
    if (scores.size > MAX_SCORES) scores.delete(scores.keys().next().value!);
  }

  async function picksFor(tabId: number, url: string, refine: boolean): Promise<PicksResult> {
    const read = await linksOf(tabId, url);
    const [all, settings] = await Promise.all([db.personas.orderBy('updatedAt').toArray(), readSettings(db)]);
    const personas = all
      .filter((p) => p.enabled)
      .map((p) => ({ id: p.id, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid, updatedAt: p.updatedAt, examples: p.examples }));
    const { threshold } = settings;
    const base = { tabId, url: read.url, listing: read.listing, links: read.links.length, threshold, enabledPersonas: personas.length };
    if (personas.length === 0 || read.links.length === 0) return { ...base, mode: 'lexical', picks: [], refinable: false };
    const choice = await deps.model?.choose().catch(orNull('curator'));
    const revision = await sha256([threshold, ...personas.map((p) => `${p.id}@${p.updatedAt}`)].join('|'));
    const scorer = refine && choice ? choice.info.id : 'lexical';
    // The links scored before under these personas and scorer come from memory; the rest are scored now.
    const cached: ScoredLink[] = [];
    const modes = new Set<ScoreMode>();
    const fresh: PageLink[] = [];
    const keyOf = async (link: PageLink) => `${scorer}:${await sha256(`${link.headline}\n${link.snippet ?? ''}`)}:${revision}`;
    for (const link of read.links) {
      const hit = scores.get(await keyOf(link));
      if (!hit) fresh.push(link);
      else {
        cached.push({ link, hash: '', language: hit.scores[0]?.reason.language ?? 'und', scores: hit.scores });
        modes.add(hit.mode);
      }
    }
    let scored = fresh.length ? await wordScoreLinks(fresh, personas, await stats(), threshold, read.lang) : [];
    let mode: ScoreMode = 'lexical';
    let failed = false;
    if (refine && choice && deps.model && scored.length) {
      const model = deps.model;
      try {
        const memory = (await getKv(db, KEYS.semantic).catch(ignored('curator'))) ?? KEYS.semantic.fallback();
        const upgraded = await modelScoreLinks(scored, personas, threshold, { info: choice.info, embed: (texts, kind) => model.embed(choice.plan, texts, kind), cache: vectors }, memory);
        scored = upgraded.links;
        mode = upgraded.mode;
      } catch (err) {
        // Word matching's picks stand; the model's failure is in its status row, which the views show.
        logOnce('curator', err);
        failed = true;
      }
    }
    if (scored.length) modes.add(mode);
    // Word scores kept under the model's name would stand in for its answer: a failed pass keeps nothing.
    if (!failed) for (const s of scored) keep(await keyOf(s.link), { scores: s.scores, mode });
    // Back in page order, so ties go to the link the page puts first.
    const order = new Map(read.links.map((l, i) => [l.url, i]));
    const every = [...cached, ...scored].sort((a, b) => order.get(a.link.url)! - order.get(b.link.url)!);
    const final: ScoreMode = modes.has('hybrid') ? 'hybrid' : modes.has('semantic') ? 'semantic' : 'lexical';
    return { ...base, mode: final, picks: bestPicks(every, personas), refinable: !refine && Boolean(choice) };
  }

  const handlers: Pick<Handlers, 'picks' | 'picks.curate'> = {
    picks: ({ tabId, url, refine }) => picksFor(tabId, url, refine ?? false),
    'picks.curate': async ({ tabId, url, personaId }) => {
      // The worker may have stopped since the picks were shown: the tab is then read again.
      if (!tabs.has(tabId)) remember(tabId, await ctx.readPage(tabId));
      const link = tabs.get(tabId)?.links.find((l) => l.url === url);
      // Only a link the extractor read from that tab is queued: a view cannot queue an address of its own making.
      if (!link) throw new CuratorError('not-found', t('error_pick_gone'));
      const persona = personaId ? await db.personas.get(personaId) : undefined;
      return saveToQueue({
        url: link.url,
        title: link.headline,
        siteName: new URL(link.url).hostname,
        personaId: persona?.id ?? null,
        personaName: persona?.name ?? null,
        score: null,
        quote: '',
        source: 'pick',
      });
    },
  };
  return { handlers, remember };
}
