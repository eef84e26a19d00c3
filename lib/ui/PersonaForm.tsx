import { useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import type { Persona, PersonaInput } from '../core/personas/schema';
import { STYLES, type Style } from '../core/draft/styles';
import { defaultColor } from '../core/card/quote-card';
import { t } from '../i18n/i18n';
import { styleLabel } from './labels';

const list = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

interface Props {
  persona?: Persona;
  onSave: (input: Omit<PersonaInput, 'examples'>) => Promise<void>;
  onCancel?: () => void;
}

/** Create or edit a persona. Name and one sentence are enough; the rest is optional. */
export function PersonaForm({ persona, onSave, onCancel }: Props) {
  const [name, setName] = useState(persona?.name ?? '');
  const [description, setDescription] = useState(persona?.description ?? '');
  const [keywords, setKeywords] = useState(persona?.keywords.join(', ') ?? '');
  const [avoid, setAvoid] = useState(persona?.avoid.join(', ') ?? '');
  const [hashtags, setHashtags] = useState(persona?.hashtags.map((h) => `#${h}`).join(' ') ?? '');
  const [voice, setVoice] = useState(persona?.voice ?? '');
  const [channels, setChannels] = useState(persona?.channels.join(', ') ?? '');
  const [style, setStyle] = useState<Style>(persona?.style ?? 'quote');
  const [emoji, setEmoji] = useState(persona?.emoji ?? false);
  const [cta, setCta] = useState(persona?.cta ?? '');
  const [color, setColor] = useState(persona?.color || defaultColor(persona?.name ?? 'Persona'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = persona ? `edit-${persona.id}` : 'new';

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await onSave({
        name,
        description,
        keywords: list(keywords),
        avoid: list(avoid),
        hashtags: hashtags
          .split(/[\s,]+/)
          .map((h) => h.trim())
          .filter(Boolean),
        voice,
        channels: list(channels),
        style,
        emoji,
        cta,
        color,
        enabled: persona?.enabled ?? true,
      });
      if (!persona) {
        setName('');
        setDescription('');
        setKeywords('');
        setAvoid('');
        setHashtags('');
        setVoice('');
        setChannels('');
        setStyle('quote');
        setEmoji(false);
        setCta('');
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="persona-form" onSubmit={submit} aria-label={persona ? t('edit_persona_label', persona.name) : t('new_persona')}>
      <div class="field">
        <label for={`${prefix}-name`}>{t('field_name')}</label>
        <input id={`${prefix}-name`} value={name} required maxLength={80} placeholder={t('field_name_placeholder')} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${prefix}-description`}>{t('field_description')}</label>
        <textarea
          id={`${prefix}-description`}
          value={description}
          required
          maxLength={1000}
          rows={2}
          placeholder={t('field_description_placeholder')}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <details open={Boolean(persona)}>
        <summary>{t('more_options')}</summary>
        <div class="grid">
          <div class="field">
            <label for={`${prefix}-keywords`}>{t('field_keywords')}</label>
            <input id={`${prefix}-keywords`} value={keywords} onInput={(e) => setKeywords(e.currentTarget.value)} placeholder={t('field_keywords_placeholder')} />
          </div>
          <div class="field">
            <label for={`${prefix}-avoid`}>{t('field_avoid')}</label>
            <input id={`${prefix}-avoid`} value={avoid} onInput={(e) => setAvoid(e.currentTarget.value)} placeholder={t('field_avoid_placeholder')} />
          </div>
          <div class="field">
            <label for={`${prefix}-hashtags`}>{t('field_hashtags')}</label>
            <input id={`${prefix}-hashtags`} value={hashtags} onInput={(e) => setHashtags(e.currentTarget.value)} placeholder={t('field_hashtags_placeholder')} />
          </div>
          <div class="field">
            <label for={`${prefix}-channels`}>{t('field_channels')}</label>
            <input id={`${prefix}-channels`} value={channels} onInput={(e) => setChannels(e.currentTarget.value)} placeholder={t('field_channels_placeholder')} />
          </div>
          <div class="field">
            <label for={`${prefix}-style`}>{t('field_style')}</label>
            <select id={`${prefix}-style`} value={style} onChange={(e) => setStyle(e.currentTarget.value as Style)}>
              {STYLES.map((s) => (
                <option key={s} value={s}>
                  {styleLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${prefix}-cta`}>{t('field_cta')}</label>
            <input id={`${prefix}-cta`} value={cta} maxLength={80} onInput={(e) => setCta(e.currentTarget.value)} placeholder={t('field_cta_placeholder')} />
          </div>
          <div class="field">
            <label for={`${prefix}-color`}>{t('field_color')}</label>
            <input id={`${prefix}-color`} type="color" value={color} onInput={(e) => setColor(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label class="inline">
              <input type="checkbox" checked={emoji} onChange={(e) => setEmoji(e.currentTarget.checked)} /> {t('field_emoji')}
            </label>
          </div>
          <div class="field wide">
            <label for={`${prefix}-voice`}>{t('field_voice')}</label>
            <input id={`${prefix}-voice`} value={voice} onInput={(e) => setVoice(e.currentTarget.value)} placeholder={t('field_voice_placeholder')} />
          </div>
        </div>
      </details>
      {error && (
        <p class="flash error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {persona ? t('save_changes') : t('add_persona')}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
