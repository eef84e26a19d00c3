import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { browser } from 'wxt/browser';
import { send } from '../protocol/client';
import type { ModelDescription } from '../protocol/requests';
import { HUB_ORIGINS } from '../model/catalog';
import { ModelProgress, useModelStatus } from './ModelStatus';
import { formatMegabytes, t } from '../i18n/i18n';
import { modelLabel } from './labels';

/** Options: pick the on-device model, agree to its download (size stated first), watch progress, retry. */
export function ModelSettings() {
  const [described, setDescribed] = useState<ModelDescription | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const status = useModelStatus();

  const refresh = useCallback(() => {
    void send('model.describe', {}).then(setDescribed, (err: unknown) => setProblem(errorText(err)));
  }, []);
  useEffect(refresh, [refresh]);

  if (!described) return <p class="state">{t('loading')}</p>;
  const selected = described.models.find((m) => m.id === described.selected) ?? null;
  const needsConsent = selected !== null && !selected.bundled && !described.consent;
  // Until the person agrees to a download, word matching answers alone.
  const inUse = selected && !needsConsent ? selected : null;

  const choose = async (id: string) => {
    setProblem(null);
    try {
      const model = described.models.find((m) => m.id === id);
      // A bundled model needs no download; another needs the person's word first.
      await send('settings.setModel', { id, consent: Boolean(model?.bundled) || (id === described.selected && described.consent) });
      refresh();
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  const download = () => {
    if (!selected) return;
    setProblem(null);
    // permissions.request must run inside the click, before anything is awaited.
    const asked = described.downloadsFromHub ? browser.permissions.request({ origins: HUB_ORIGINS }) : Promise.resolve(true);
    void asked
      .then(async (granted) => {
        if (!granted) {
          setProblem(t('model_permission_refused'));
          return;
        }
        await send('settings.setModel', { id: selected.id, consent: true });
        refresh();
      })
      .catch((err: unknown) => setProblem(errorText(err)));
  };

  return (
    <>
      <p class="muted">{t('model_intro')}</p>
      <fieldset class="model-choice">
        <legend class="sr-only">{t('model_choice_legend')}</legend>
        <label>
          <input type="radio" name="model" checked={described.selected === 'off'} onChange={() => void choose('off')} />
          <span>{t('model_off')}</span>
        </label>
        {described.models.map((m) => (
          <label key={m.id}>
            <input type="radio" name="model" checked={described.selected === m.id} onChange={() => void choose(m.id)} />
            <span>
              {m.bundled ? t('model_option_bundled', modelLabel(m.id, m.label)) : t('model_option_download', modelLabel(m.id, m.label), formatMegabytes(m.sizeMB * 1_000_000))}
              {m.multilingual ? ` · ${t('model_multilingual_note')}` : ''}
            </span>
          </label>
        ))}
      </fieldset>
      <p class="model-in-use" data-testid="model-in-use">
        {inUse ? t('model_in_use', modelLabel(inUse.id, inUse.label)) : t('model_in_use_none')}
        {inUse?.languages?.length === 1 && inUse.languages[0] === 'en' ? ` ${t('model_english_only')}` : ''}
      </p>
      {needsConsent && selected && (
        <div class="consent">
          <p>{t(described.downloadsFromHub ? 'model_consent_hub' : 'model_consent_server', modelLabel(selected.id, selected.label), formatMegabytes(selected.sizeMB * 1_000_000))}</p>
          <button type="button" class="primary" onClick={download}>
            {t('model_download_button', formatMegabytes(selected.sizeMB * 1_000_000))}
          </button>
        </div>
      )}
      <ModelProgress status={status?.modelId === described.selected ? status : null} />
      {status?.phase === 'ready' && status.modelId === described.selected && (
        <p class="flash ok" role="status">
          {t(status.source === 'bundled' ? 'model_ready_bundled' : 'model_ready_downloaded')}
        </p>
      )}
      {problem && (
        <p class="flash error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
