import { describe, expect, it } from 'vitest';
import { analysePage, scoreLexical, personaProfile } from '../../lib/core/score/lexical';
import { emptyStats, scorePage } from '../../lib/core/score';
import { observeInPlace, idf } from '../../lib/core/score/stats';
import { detectLanguage, resolveLanguage } from '../../lib/core/text/language';
import { sentences, terms } from '../../lib/core/text/tokenize';

const climate = { id: 'c', name: 'Climate Desk', description: 'Shares climate and energy news.', keywords: ['solar', 'emissions', 'heat pumps'], avoid: [] as string[] };
const football = { id: 'f', name: 'Football Fan', description: 'Match reports about football clubs.', keywords: ['goal', 'league', 'striker'], avoid: [] as string[] };

const policyWatch = {
  id: 'p',
  name: 'Policy Watch',
  description: 'Shares news about government, law, courts, elections and civil rights in a calm, factual voice.',
  keywords: ['government', 'law', 'court', 'election', 'rights', 'policy', 'president'],
  avoid: ['horoscope'],
};
const healthDesk = {
  id: 'h',
  name: 'Health & Science Desk',
  description: 'Shares research, health and science stories in plain language for a general audience.',
  keywords: ['research', 'study', 'health', 'science', 'scientists', 'medical', 'patients'],
  avoid: [] as string[],
};
const whales = {
  title: 'Hundreds of pilot whales stranded on Tasmanian beach',
  lang: 'en',
  text: [
    'More than 200 pilot whales have stranded on a remote beach on the west coast of Tasmania, the second mass stranding in the same harbour in two years. Rescuers watched from boats as the animals lay in the shallows, and crowds of residents watched from the dunes as volunteers tried to keep them wet.',
    'Wildlife officers said about half of the whales were still alive on Thursday morning. Marine biologists who have watched the pod since Wednesday say the animals are exhausted, and that refloating them will depend on the tide and the weather.',
    'Scientists still do not fully understand why whales strand in groups. Pilot whales are highly social, and when a leader becomes disoriented the rest of the pod may follow it into shallow water. The sloping, sandy seabed of the harbour can confuse the echolocation the animals use to navigate.',
    'The state’s environment department has asked the public to stay away from the beach while the rescue continues. Officials will decide on Friday whether the surviving whales can be moved to deeper water.',
  ].join('\n\n'),
};

const solarPage = {
  title: 'Solar power cuts emissions across Europe',
  text: [
    'Europe installed record solar capacity this year. Analysts say emissions from power plants fell sharply.',
    'Heat pumps also sold well, as households replaced gas boilers. The league of nations was not involved.',
    'Grid operators warned that storage must grow to keep up with solar panels on rooftops.',
  ].join('\n\n'),
  lang: 'en',
};

describe('lexical scorer', () => {
  it('ranks the persona whose words the page uses first, with a score from 0 to 1', () => {
    const result = scoreLexical(solarPage, [football, climate], emptyStats());
    expect(result.map((r) => r.personaId)).toEqual(['c', 'f']);
    for (const r of result) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(result[0]!.suggested).toBe(true);
    expect(result[1]!.suggested).toBe(false);
  });

  it('explains a match with the page’s own words and a 1–3 sentence passage that contains them', () => {
    const [top] = scoreLexical(solarPage, [climate], emptyStats());
    expect(top!.reason.matchedTerms).toEqual(expect.arrayContaining(['solar', 'emissions']));
    expect(top!.reason.passage).toMatch(/solar|emissions/i);
    const n = sentences(top!.reason.passage).length;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(3);
  });

  it('counts words to avoid against a persona', () => {
    const avoiding = { ...climate, avoid: ['boilers'] };
    const [plain] = scoreLexical(solarPage, [climate], emptyStats());
    const [penalised] = scoreLexical(solarPage, [avoiding], emptyStats());
    expect(penalised!.score).toBeLessThan(plain!.score);
    expect(penalised!.reason.avoidedTerms).toEqual(['boilers']);
  });

  it('stems English and French so word forms match', () => {
    expect(terms('Emissions emitted', 'en')).toEqual(terms('emission emitted', 'en'));
    expect(terms("l'économie des économies", 'fr')).toEqual([terms('économie', 'fr')[0], terms('économie', 'fr')[0]]);
    const french = { title: 'La transition énergétique', text: "Les panneaux solaires réduisent les émissions. L'énergie solaire progresse en France. ".repeat(5), lang: 'fr' };
    const persona = { id: 'fr', name: 'Énergie', description: 'Le solaire et les émissions', keywords: ['panneau solaire'], avoid: [] };
    const [r] = scoreLexical(french, [persona], emptyStats());
    expect(r!.reason.language).toBe('fr');
    expect(r!.reason.matchedTerms.length).toBeGreaterThanOrEqual(2);
    expect(r!.score).toBeGreaterThan(0.35);
  });

  it('drops stop words in both languages', () => {
    expect(terms('the and of with', 'en')).toEqual([]);
    expect(terms('le la les des et avec', 'fr')).toEqual([]);
  });

  it('says when a language has no stemmer instead of scoring it as English', () => {
    const page = { title: '人工智能的新进展', text: '研究人员发布了新的人工智能系统。这个系统可以自己学习。'.repeat(10), lang: 'zh-CN' };
    const [r] = scoreLexical(page, [climate], emptyStats());
    expect(r!.reason.language).toBe('zh');
    expect(r!.reason.unstemmed).toBe(true);
  });

  it("does not match an English persona's stop words on a page in a language it cannot stem", () => {
    const tech = { id: 't', name: 'Tech Explainer', description: 'Explains new software, AI, the web and gadgets to curious professionals.', keywords: ['software'], avoid: [] as string[] };
    const page = { title: 'West Ham hrozí gigantům', text: 'To je zápas, který to a and the web rozhodne. Fanoušci to vědí a to je dobře.'.repeat(5), lang: 'cs' };
    const [r] = scoreLexical(page, [tech], emptyStats());
    const matched = r!.reason.matchedTerms;
    expect(matched).not.toContain('to');
    expect(matched).not.toContain('and');
    expect(matched).not.toContain('the');
    expect(matched).toContain('web');
    expect(personaProfile(tech, 'cs').terms.map((t) => t.term)).toEqual(expect.arrayContaining(['software', 'web', 'gadgets']));
  });

  it('detects English and French from text when markup says nothing', () => {
    expect(detectLanguage('The government said that the new law would be voted on in the spring by the parliament.')).toBe('en');
    expect(detectLanguage('Le gouvernement a annoncé que la nouvelle loi serait votée au printemps par le parlement.')).toBe('fr');
    expect(resolveLanguage('en', 'Le gouvernement a annoncé que la nouvelle loi serait votée au printemps par les députés.')).toBe('fr');
  });

  it('weighs rare terms above common ones once it has seen pages', () => {
    const stats = emptyStats();
    for (let i = 0; i < 20; i++) observeInPlace(stats, ['power', i % 10 === 0 ? 'solar' : 'grid']);
    expect(idf(stats, 'solar')).toBeGreaterThan(idf(stats, 'power'));
  });

  it('weighs a name word nothing else in the persona repeats ("Watch" of Policy Watch) as a label, not a topic', () => {
    const weight = (p: typeof policyWatch, term: string) => {
      const t = personaProfile(p, 'en').terms.find((x) => x.term === term);
      return t ? t.weight * (t.gain ?? 1) : 0;
    };
    // "Policy" is confirmed by a keyword; "Watch" by nothing: it names the persona.
    expect(weight(policyWatch, 'watch')).toBeLessThan(weight(policyWatch, 'polici') / 4);
    // A name word the description abbreviates still counts as the topic ("Tech" of "technology").
    const tech = { ...policyWatch, name: 'Tech Lab', description: 'Technology and gadgets.', keywords: [] };
    expect(weight(tech, 'tech')).toBeGreaterThan(weight(tech, 'lab') * 3);
    // A story about whales that people "watched" is not a policy story.
    const ranked = scoreLexical(whales, [policyWatch, healthDesk], emptyStats());
    expect(ranked[0]!.personaId).toBe('h');
    const policy = ranked.find((r) => r.personaId === 'p')!;
    expect(policy.suggested).toBe(false);
    expect(policy.score).toBeLessThan(0.13);
  });

  it('leaves persona filler words ("shares news") out of the profile but keeps keywords', () => {
    const profile = personaProfile({ ...climate, keywords: ['news'] }, 'en').terms.map((t) => t.term);
    expect(profile).toContain(terms('climate', 'en')[0]);
    expect(profile).toContain(terms('news', 'en')[0]);
    const plain = personaProfile(climate, 'en').terms.map((t) => t.term);
    expect(plain).not.toContain(terms('shares', 'en')[0]);
  });

  it('scorePage observes the page in the statistics before scoring, and is deterministic', () => {
    const a = scorePage(solarPage, [climate, football], emptyStats());
    const b = scorePage(solarPage, [climate, football], emptyStats());
    expect(a.stats.docs).toBe(1);
    expect(a.scores).toEqual(b.scores);
    expect(a.mode).toBe('lexical');
  });

  it('scores a page with no matching words at 0 and still gives its lead as passage', () => {
    const [r] = scoreLexical({ title: 'Cooking pasta', text: 'Boil water. Add salt. Cook the pasta for nine minutes.', lang: 'en' }, [climate], emptyStats());
    expect(r!.score).toBe(0);
    expect(r!.suggested).toBe(false);
    expect(r!.reason.passage).toMatch(/Boil water/);
  });

  it('analyses a page once and can reuse the model', () => {
    const model = analysePage(solarPage);
    expect(scoreLexical(model, [climate], emptyStats())).toEqual(scoreLexical(solarPage, [climate], emptyStats()));
  });
});
