import { useState } from 'preact/hooks';
import type { Persona, PersonaInput } from '../personas/schema';
import { STYLE_LABELS, STYLES, type Style } from '../draft/styles';
import { defaultColor } from '../card/quote-card';

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
        hashtags: hashtags.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean),
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
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="persona-form" onSubmit={submit} aria-label={persona ? `Edit ${persona.name}` : 'New persona'}>
      <div class="field">
        <label for={`${prefix}-name`}>Name</label>
        <input id={`${prefix}-name`} value={name} required maxLength={80} placeholder="e.g. Climate Desk" onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${prefix}-description`}>In one sentence, what does this persona share?</label>
        <textarea
          id={`${prefix}-description`}
          value={description}
          required
          maxLength={1000}
          rows={2}
          placeholder="e.g. Shares climate and energy news with a hopeful, practical voice."
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <details open={Boolean(persona)}>
        <summary>More options (keywords, hashtags, voice)</summary>
        <div class="grid">
          <div class="field">
            <label for={`${prefix}-keywords`}>Keywords (comma-separated)</label>
            <input id={`${prefix}-keywords`} value={keywords} onInput={(e) => setKeywords(e.currentTarget.value)} placeholder="solar, emissions, heat pumps" />
          </div>
          <div class="field">
            <label for={`${prefix}-avoid`}>Words to avoid</label>
            <input id={`${prefix}-avoid`} value={avoid} onInput={(e) => setAvoid(e.currentTarget.value)} placeholder="crypto, celebrity" />
          </div>
          <div class="field">
            <label for={`${prefix}-hashtags`}>Hashtags</label>
            <input id={`${prefix}-hashtags`} value={hashtags} onInput={(e) => setHashtags(e.currentTarget.value)} placeholder="#climate #energy" />
          </div>
          <div class="field">
            <label for={`${prefix}-channels`}>Channels</label>
            <input id={`${prefix}-channels`} value={channels} onInput={(e) => setChannels(e.currentTarget.value)} placeholder="x, linkedin, bluesky" />
          </div>
          <div class="field">
            <label for={`${prefix}-style`}>Story style</label>
            <select id={`${prefix}-style`} value={style} onChange={(e) => setStyle(e.currentTarget.value as Style)}>
              {STYLES.map((s) => (
                <option key={s} value={s}>
                  {STYLE_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${prefix}-cta`}>Call to action (before the link)</label>
            <input id={`${prefix}-cta`} value={cta} maxLength={80} onInput={(e) => setCta(e.currentTarget.value)} placeholder="Read more:" />
          </div>
          <div class="field">
            <label for={`${prefix}-color`}>Colour on quote cards</label>
            <input id={`${prefix}-color`} type="color" value={color} onInput={(e) => setColor(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label class="inline">
              <input type="checkbox" checked={emoji} onChange={(e) => setEmoji(e.currentTarget.checked)} /> Emoji in drafts
            </label>
          </div>
          <div class="field wide">
            <label for={`${prefix}-voice`}>Voice</label>
            <input id={`${prefix}-voice`} value={voice} onInput={(e) => setVoice(e.currentTarget.value)} placeholder="Warm, concrete, no jargon." />
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
          {persona ? 'Save changes' : 'Add persona'}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
