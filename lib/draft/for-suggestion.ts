import type { PageView, VoiceSettings } from '../messages/protocol';
import type { PersonaScore } from '../score';
import { buildDraft, type Style } from './draft';

/** The draft a view shows for one suggestion (and the "copy the best draft" shortcut copies). */
export function draftForSuggestion(page: PageView, suggestion: Pick<PersonaScore, 'reason'>, voice: VoiceSettings, style: Style = voice.style): string {
  return buildDraft({
    title: page.title,
    passage: page.selection ?? suggestion.reason.passage,
    url: page.shareUrl,
    hashtags: voice.hashtags,
    style,
    siteName: page.siteName,
    byline: page.byline,
    numbers: page.facts.numbers,
    question: page.facts.question,
    topic: voice.topic,
    cta: voice.cta,
    emoji: voice.emoji,
  });
}
