import type { PersonaInput } from './schema';

/**
 * Installed on first run so the very first page gets suggestions. Each is
 * marked `sample` and shown with a badge; deleting or editing them is fine.
 */
export const SAMPLE_PERSONAS: readonly PersonaInput[] = [
  {
    name: 'Tech Explainer',
    description: 'Explains new software, AI, the web and gadgets to curious professionals, without hype.',
    keywords: ['software', 'artificial intelligence', 'developer', 'open source', 'browser', 'security', 'startup'],
    avoid: ['sponsored'],
    hashtags: ['tech'],
    voice: 'Plain, curious, a little dry. Explain why it matters in one line.',
    channels: ['x', 'linkedin', 'bluesky'],
    style: 'quote',
  },
  {
    name: 'Policy Watch',
    description: 'Shares news about government, law, courts, elections and civil rights in a calm, factual voice.',
    keywords: ['government', 'law', 'court', 'election', 'rights', 'policy', 'president'],
    avoid: ['horoscope'],
    hashtags: ['policy'],
    voice: 'Neutral and factual. Lead with what changed and who it affects.',
    channels: ['x', 'linkedin'],
    style: 'headline',
    cta: 'Read more:',
  },
  {
    name: 'Health & Science Desk',
    description: 'Shares research, health and science stories in plain language for a general audience.',
    keywords: ['research', 'study', 'health', 'science', 'scientists', 'medical', 'patients'],
    avoid: ['miracle cure'],
    hashtags: ['science', 'health'],
    voice: 'Warm and clear. Say what the study found and how sure we are.',
    channels: ['bluesky', 'x'],
    style: 'number',
    emoji: true,
  },
];
