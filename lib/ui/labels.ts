import type { Style } from '../core/draft/styles';
import type { TargetId } from '../core/handoff/targets';
import type { Verdict } from '../core/score/strength';
import { t, type MessageKey } from '../i18n/i18n';

// The views' names for things lib/ names in English: keyed by id, so the messages stay the only words shown.

const STYLE_KEYS: Record<Style, MessageKey> = {
  quote: 'style_quote',
  headline: 'style_headline',
  question: 'style_question',
  number: 'style_number',
  thread: 'style_thread',
};

/** "Quote", "Key number"… in the UI language. */
export const styleLabel = (style: Style): string => t(STYLE_KEYS[style]);

const HANDOFF_KEYS: Record<TargetId, MessageKey> = {
  buffer: 'handoff_buffer',
  x: 'handoff_x',
  linkedin: 'handoff_linkedin',
  bluesky: 'handoff_bluesky',
  hootsuite: 'handoff_hootsuite',
  mastodon: 'handoff_mastodon',
  threads: 'handoff_threads',
  facebook: 'handoff_facebook',
  reddit: 'handoff_reddit',
  telegram: 'handoff_telegram',
  whatsapp: 'handoff_whatsapp',
  email: 'handoff_email',
};

/** A share link's text: "Send to Buffer", "Publier sur X". */
export const handoffLabel = (id: TargetId): string => t(HANDOFF_KEYS[id]);

const MODEL_KEYS: Record<string, MessageKey> = {
  'persona-curator/use-lite': 'model_label_builtin',
  'Xenova/all-MiniLM-L6-v2': 'model_label_english',
  'Xenova/multilingual-e5-small': 'model_label_multilingual',
};

/** A catalogue model's name in the UI language; a model the messages don't know keeps its catalogue label. */
export const modelLabel = (id: string, fallback: string): string => (MODEL_KEYS[id] ? t(MODEL_KEYS[id]) : fallback);

const VERDICT_KEYS: Record<Verdict, MessageKey> = { post: 'verdict_post_this', close: 'verdict_close_call', weak: 'verdict_weak_match' };

/** "Post this", "Close call", "Weak match" in the UI language. */
export const verdictLabel = (verdict: Verdict): string => t(VERDICT_KEYS[verdict]);
