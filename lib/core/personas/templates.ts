import type { PersonaInput } from './schema';

/** A starting point on the onboarding page: a persona made in seconds, edited later. */
export interface PersonaTemplate {
  id: string;
  persona: PersonaInput;
}

const en: PersonaTemplate[] = [
  {
    id: 'brand',
    persona: {
      name: 'Brand Voice',
      description: 'Shares news about our industry, our customers and the problems we solve, in a warm and confident voice.',
      keywords: ['customers', 'industry', 'launch', 'partnership', 'growth'],
      hashtags: [],
      voice: 'Warm, confident, never salesy. One idea per post.',
      style: 'quote',
      cta: 'Read more:',
    },
  },
  {
    id: 'news',
    persona: {
      name: 'News Desk',
      description: 'Shares the day’s most important news fast and factually: politics, world, economy.',
      keywords: ['government', 'election', 'minister', 'economy', 'court'],
      hashtags: ['news'],
      voice: 'Factual and calm. Lead with what happened and who it affects.',
      style: 'headline',
    },
  },
  {
    id: 'b2b-saas',
    persona: {
      name: 'B2B SaaS',
      description: 'Shares stories about software, cloud, productivity and how teams work, for IT and business buyers.',
      keywords: ['software', 'cloud', 'productivity', 'security', 'startup'],
      hashtags: ['SaaS'],
      voice: 'Practical and specific. Say what a team can do differently on Monday.',
      style: 'number',
      cta: 'Worth a read:',
    },
  },
  {
    id: 'ngo',
    persona: {
      name: 'NGO Campaigns',
      description: 'Shares stories about human rights, climate, poverty and the people changing them, to move supporters to act.',
      keywords: ['rights', 'climate', 'poverty', 'refugees', 'campaign'],
      hashtags: ['ActNow'],
      voice: 'Human and hopeful. Name the person, then the cause.',
      style: 'quote',
      cta: 'Take action:',
    },
  },
  {
    id: 'sports',
    persona: {
      name: 'Sports Club',
      description: 'Shares match reports, transfers and stories about our league for fans.',
      keywords: ['match', 'league', 'season', 'coach', 'goal'],
      hashtags: ['matchday'],
      voice: 'Energetic and proud. Results first.',
      style: 'headline',
      emoji: true,
    },
  },
  {
    id: 'science',
    persona: {
      name: 'Science Explainer',
      description: 'Shares research and health studies in plain language for a curious public.',
      keywords: ['study', 'research', 'scientists', 'health', 'climate'],
      hashtags: ['science'],
      voice: 'Clear and careful. Say how sure we are.',
      style: 'question',
    },
  },
  {
    id: 'local',
    persona: {
      name: 'Local Community',
      description: 'Shares news about our city: transport, housing, schools, events and local businesses.',
      keywords: ['city', 'council', 'housing', 'transport', 'school'],
      hashtags: [],
      voice: 'Friendly and neighbourly.',
      style: 'headline',
    },
  },
];

const fr: PersonaTemplate[] = [
  {
    id: 'brand',
    persona: {
      name: 'Voix de la marque',
      description: 'Partage l’actualité de notre secteur, de nos clients et des problèmes que nous résolvons, sur un ton chaleureux et assuré.',
      keywords: ['clients', 'secteur', 'lancement', 'partenariat', 'croissance'],
      hashtags: [],
      voice: 'Chaleureux, assuré, jamais commercial. Une idée par message.',
      style: 'quote',
      cta: 'À lire :',
    },
  },
  {
    id: 'news',
    persona: {
      name: 'Desk actualité',
      description: 'Partage vite et sobrement l’essentiel de l’actualité : politique, international, économie.',
      keywords: ['gouvernement', 'élection', 'ministre', 'économie', 'justice'],
      hashtags: ['actu'],
      voice: 'Factuel et calme. D’abord ce qui s’est passé et qui est concerné.',
      style: 'headline',
    },
  },
  {
    id: 'b2b-saas',
    persona: {
      name: 'SaaS B2B',
      description: 'Partage des articles sur le logiciel, le cloud, la productivité et le travail en équipe, pour les acheteurs IT et métier.',
      keywords: ['logiciel', 'cloud', 'productivité', 'sécurité', 'startup'],
      hashtags: ['SaaS'],
      voice: 'Concret et précis. Ce qu’une équipe peut changer dès lundi.',
      style: 'number',
      cta: 'À lire :',
    },
  },
  {
    id: 'ngo',
    persona: {
      name: 'Campagnes ONG',
      description: 'Partage des histoires sur les droits humains, le climat, la pauvreté et celles et ceux qui agissent, pour mobiliser.',
      keywords: ['droits', 'climat', 'pauvreté', 'réfugiés', 'campagne'],
      hashtags: ['Agir'],
      voice: 'Humain et porteur d’espoir. La personne d’abord, puis la cause.',
      style: 'quote',
      cta: 'Agir :',
    },
  },
  {
    id: 'sports',
    persona: {
      name: 'Club sportif',
      description: 'Partage comptes rendus de match, transferts et histoires de notre championnat pour les supporters.',
      keywords: ['match', 'championnat', 'saison', 'entraîneur', 'but'],
      hashtags: ['jourdematch'],
      voice: 'Énergique et fier. Le résultat d’abord.',
      style: 'headline',
      emoji: true,
    },
  },
  {
    id: 'science',
    persona: {
      name: 'Vulgarisation scientifique',
      description: 'Partage recherches et études de santé en langage clair pour un public curieux.',
      keywords: ['étude', 'recherche', 'scientifiques', 'santé', 'climat'],
      hashtags: ['science'],
      voice: 'Clair et prudent. Dire à quel point on est sûr.',
      style: 'question',
    },
  },
  {
    id: 'local',
    persona: {
      name: 'Vie locale',
      description: 'Partage l’actualité de notre ville : transports, logement, écoles, événements et commerces.',
      keywords: ['ville', 'mairie', 'logement', 'transports', 'école'],
      hashtags: [],
      voice: 'Amical, de voisin à voisin.',
      style: 'headline',
    },
  },
];

/** Templates in the UI's language (French or English; English otherwise). */
export function templatesFor(language: string): PersonaTemplate[] {
  return /^fr\b/i.test(language) ? fr : en;
}
