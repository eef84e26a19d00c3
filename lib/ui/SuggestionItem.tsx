import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { STYLES, type Style } from '../core/draft/draft';
import { draftForSuggestion } from '../core/draft/draft-for';
import { arrangeTargets, handoffTargets, withoutUrl, type HandoffTarget, type TargetId } from '../core/handoff/handoff';
import { send } from '../protocol/client';
import { measure } from '../core/draft/limits';
import { CARD_SIZES, drawCard, type CardSize } from '../core/card/quote-card';
import type { HandoffSettings, PageView, VoiceSettings } from '../protocol/requests';
import type { PersonaScore } from '../core/score';
import { verdictOf } from '../core/score/strength';
import { formatNumber, t } from '../i18n/i18n';
import { handoffLabel, styleLabel, verdictLabel } from './labels';
import { MatchReason } from './MatchReason';
import { SuggestionFeedback } from './SuggestionFeedback';
import { ignored } from '../util/log';
import { logShare, type ShareContext } from './share-log';

/** A handoff link: opens the target's composer in a new tab; its name begins with the target ("Send to Buffer…"). */
export function HandoffLink({ target, persona, onUse }: { target: HandoffTarget; persona: string; onUse: (id: TargetId) => void }) {
  return (
    <a
      class={`handoff-link ${target.id}`}
      href={target.href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={t('handoff_link_label', handoffLabel(target.id), persona)}
      onClick={() => onUse(target.id)}
    >
      {handoffLabel(target.id)}
    </a>
  );
}

interface Props {
  suggestion: PersonaScore;
  /** The "suggest" threshold the scores were marked with: above it, a persona that is not "Post this" is a close call. */
  threshold: number;
  page: PageView;
  voice: VoiceSettings;
  handoff: HandoffSettings;
  expanded: boolean;
  /** Folded away (a persona that scores nothing, until the person asks to see the others). */
  hidden?: boolean;
  /** Thumbs up or down: the page becomes an example for this persona. */
  onFeedback?: (positive: boolean) => Promise<void>;
}

/** One persona's suggestion: score, reason, and an editable draft with its handoff links. */
export function SuggestionItem({ suggestion, threshold, page, voice, handoff, expanded, hidden, onFeedback }: Props) {
  const [style, setStyle] = useState<Style>(voice.style);
  const draftFor = (s: Style) => draftForSuggestion(page, suggestion, voice, s);
  // draftFor is a new function each render; these are the inputs it reads.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initial = useMemo(() => draftFor(style), [page, suggestion.reason.passage, voice, style]);
  const [draft, setDraft] = useState(initial);
  // The model's answer may pick another passage: a draft the person has not touched follows it, an edited one stays.
  const shown = useRef(initial);
  useEffect(() => {
    const before = shown.current;
    shown.current = initial;
    if (before !== initial) setDraft((d) => (d === before ? initial : d));
  }, [initial]);
  const switchStyle = (s: Style) => {
    setStyle(s);
    setDraft(draftFor(s));
  };
  // A radio group is one Tab stop; arrows, Home and End move the choice and the focus (WAI-ARIA APG radio group pattern).
  const onStyleKey = (e: KeyboardEvent) => {
    const at = STYLES.indexOf(style);
    const step: Record<string, number> = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: STYLES.length - 1 };
    const to = step[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = STYLES[(to + STYLES.length) % STYLES.length] as Style;
    switchStyle(next);
    const buttons = (e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role=radio]');
    buttons[STYLES.indexOf(next)]?.focus();
  };
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const percent = Math.round(suggestion.score * 100);
  const targets = handoffTargets(draft, page.shareUrl, { persona: suggestion.name, ...handoff });
  const xLength = measure('x', draft);
  const draftId = `draft-${suggestion.personaId}`;
  // Every handoff is logged at the moment it is used (lib/ui/share-log): the Impact page measures what it brought.
  const shareContext: ShareContext = { personaId: suggestion.personaId, personaName: suggestion.name, pageUrl: page.shareUrl, title: page.title, draft, tag: handoff.tag };

  const [card, setCard] = useState<{ url: string; name: string } | null>(null);
  const makeCard = async (size: CardSize) => {
    const { width, height } = CARD_SIZES[size];
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    drawCard(ctx, size, {
      quote: page.selection ?? suggestion.reason.passage,
      source: [page.siteName ?? (page.shareUrl ? new URL(page.shareUrl).hostname : ''), page.title].filter(Boolean).join(' — '),
      color: voice.color,
      personaName: suggestion.name,
      // The text decides, not the page's dir: an rtl page may quote Latin text, which must not run backwards.
    });
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) return;
    if (card) URL.revokeObjectURL(card.url);
    const url = URL.createObjectURL(blob);
    const name = `quote-card-${width}x${height}.png`;
    setCard({ url, name });
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    logShare(shareContext, 'card');
  };

  const verdict = verdictOf(suggestion, threshold);
  const { main, more } = arrangeTargets(targets, handoff.shown, handoff.lastUsed);
  const used = (target: TargetId) => {
    logShare(shareContext, target);
    void send('handoff.used', { target }).catch(ignored('suggestion'));
  };
  const copy = async (withLink: boolean) => {
    try {
      const text = withLink ? draft : withoutUrl(draft, page.shareUrl);
      await navigator.clipboard.writeText(text);
      setCopied('done');
      logShare(shareContext, 'copy');
    } catch {
      // The browser refused the clipboard: the button says the copy failed.
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2_000);
  };

  return (
    <li class={`suggestion ${suggestion.suggested ? 'is-suggested' : 'is-weak'}`} hidden={hidden} aria-label={t('suggestion_label', suggestion.name, percent)}>
      <div class="suggestion-head">
        <h3 dir="auto">{suggestion.name}</h3>
        <span class={`verdict ${verdict === 'post' ? 'ok' : ''}`} title={verdict === 'close' ? t('verdict_close_call_title') : undefined}>
          {verdictLabel(verdict)}
        </span>
        <span class="score-number">{formatNumber(percent)}</span>
      </div>
      {onFeedback && <SuggestionFeedback persona={suggestion.name} onFeedback={onFeedback} />}
      <div class="bar" role="meter" aria-label={t('score_meter_label', suggestion.name)} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span style={{ width: `${Math.max(2, percent)}%` }} />
      </div>
      <MatchReason reason={suggestion.reason} />
      <details open={expanded}>
        <summary>{t('draft_and_share')}</summary>
        <blockquote class="passage" dir="auto">
          {suggestion.reason.passage}
        </blockquote>
        <div class="styles" role="radiogroup" aria-label={t('story_style_for', suggestion.name)} onKeyDown={onStyleKey}>
          {STYLES.map((s) => (
            <button key={s} type="button" role="radio" aria-checked={style === s} tabIndex={style === s ? 0 : -1} class={`style ${style === s ? 'on' : ''}`} onClick={() => switchStyle(s)}>
              {styleLabel(s)}
            </button>
          ))}
        </div>
        {voice.voice && (
          <p class="voice" dir="auto">
            {t('voice_line', voice.voice)}
          </p>
        )}
        <label class="sr-only" for={draftId}>
          {t('draft_for', suggestion.name)}
        </label>
        <textarea id={draftId} class="draft" dir="auto" rows={6} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} />
        <p class={`counter ${xLength.fits ? '' : 'over'}`} aria-live="polite">
          {t(xLength.fits ? 'x_length' : 'x_length_over', xLength.length, xLength.max)}
        </p>
        <div class="handoff">
          {main.map((target) => (
            <HandoffLink key={target.id} target={target} persona={suggestion.name} onUse={used} />
          ))}
          <button type="button" class="secondary" onClick={() => void copy(true)}>
            {copied === 'done' ? t('copied') : copied === 'failed' ? t('copy_failed') : t('copy')}
          </button>
          <button type="button" class="secondary" onClick={() => void copy(false)}>
            {t('copy_text_only')}
          </button>
          {draft !== initial && (
            <button type="button" class="link" onClick={() => setDraft(initial)}>
              {t('reset_draft')}
            </button>
          )}
        </div>
        <div class="cards">
          <span class="muted">{t('quote_card')}</span>
          <button type="button" class="secondary" onClick={() => void makeCard('landscape')}>
            1200×675
          </button>
          <button type="button" class="secondary" onClick={() => void makeCard('square')}>
            1080×1080
          </button>
        </div>
        {card && <img class="card-preview" src={card.url} alt={t('card_preview_alt', suggestion.name, card.name)} />}
        <details class="more-places">
          <summary>{t('more_places')}</summary>
          <div class="handoff">
            {more.map((target) => (
              <HandoffLink key={target.id} target={target} persona={suggestion.name} onUse={used} />
            ))}
          </div>
        </details>
      </details>
    </li>
  );
}
