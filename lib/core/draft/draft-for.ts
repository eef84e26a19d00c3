import type { PageView, VoiceSettings } from '../../protocol/requests';
import type { PersonaScore } from '../score';
import { buildDraft, type Style } from './draft';

/** What a persona brings to any draft: its hashtags, style, emoji, call to action and topic. */
export type DraftVoice = Pick<VoiceSettings, 'hashtags' | 'style' | 'emoji' | 'cta' | 'topic'>;

/** What the article brings: a page being read, or a queued item. */
export interface DraftSource {
  title: string;
  /** The selection or best passage. */
  passage: string;
  /** The link in the draft; null when the scheduler adds it itself. */
  url: string | null;
  siteName?: string | null;
  byline?: string | null;
  numbers?: readonly string[];
  question?: string | null;
}

/** The one draft builder the views, the exports and "copy the best draft" share. */
export function draftFor(source: DraftSource, voice: DraftVoice, style: Style = voice.style): string {
  return buildDraft({ ...source, hashtags: voice.hashtags, style, topic: voice.topic, cta: voice.cta, emoji: voice.emoji });
}

/** The draft a view shows for one suggestion (and the "copy the best draft" shortcut copies). */
export function draftForSuggestion(page: PageView, suggestion: Pick<PersonaScore, 'reason'>, voice: DraftVoice, style: Style = voice.style): string {
  return draftFor(
    {
      title: page.title,
      passage: page.selection ?? suggestion.reason.passage,
      url: page.shareUrl,
      siteName: page.siteName,
      byline: page.byline,
      numbers: page.facts.numbers,
      question: page.facts.question,
    },
    voice,
    style,
  );
}
