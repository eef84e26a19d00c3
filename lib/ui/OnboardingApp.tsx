import { useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { browser } from 'wxt/browser';
import { send } from '../protocol/client';
import { templatesFor } from '../core/personas/templates';
import { ModelSettings } from './ModelSettings';
import { FollowSwitch, useFollowBrowsing } from './FollowSwitch';
import { messagesLocale, t } from '../i18n/i18n';

/** First run: a persona from a template in seconds, the model, "follow my browsing", and the privacy statement. */
export function OnboardingApp() {
  const templates = templatesFor(messagesLocale());
  const [choice, setChoice] = useState(templates[0]!.id);
  const chosen = templates.find((template) => template.id === choice) ?? templates[0]!;
  const [name, setName] = useState(chosen.persona.name);
  const [description, setDescription] = useState(chosen.persona.description);
  const [saved, setSaved] = useState<{ ok: boolean; message: string } | null>(null);
  const [follow, onFollow] = useFollowBrowsing(() => undefined);

  const create = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    try {
      const persona = await send('personas.save', { persona: { ...chosen.persona, name, description } });
      setSaved({ ok: true, message: t('onboarding_created', persona.name) });
    } catch (err) {
      setSaved({ ok: false, message: errorText(err) });
    }
  };

  return (
    <div class="app options onboarding">
      <header class="app-head">
        <span class="logo" aria-hidden="true">
          ◆
        </span>
        <h1>{t('page_title_onboarding')}</h1>
      </header>
      <main>
        <section class="panel" aria-labelledby="step-persona">
          <h2 id="step-persona">{t('onboarding_step_persona')}</h2>
          <p class="muted">{t('onboarding_persona_help')}</p>
          <form class="persona-form" onSubmit={(e) => void create(e)}>
            <fieldset class="templates">
              <legend>{t('onboarding_template')}</legend>
              {templates.map((template) => (
                <label key={template.id} class="template">
                  <input
                    type="radio"
                    name="template"
                    value={template.id}
                    checked={choice === template.id}
                    onChange={() => {
                      // The form takes the template's words at once; the person edits from there.
                      setChoice(template.id);
                      setName(template.persona.name);
                      setDescription(template.persona.description);
                    }}
                  />
                  <span>
                    <strong>{template.persona.name}</strong>
                    <span class="muted"> {template.persona.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div class="field">
              <label for="ob-name">{t('field_name')}</label>
              <input id="ob-name" value={name} maxLength={80} required onInput={(e) => setName(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="ob-description">{t('field_description')}</label>
              <textarea id="ob-description" rows={2} value={description} maxLength={1000} required onInput={(e) => setDescription(e.currentTarget.value)} />
            </div>
            <button type="submit" class="primary">
              {t('onboarding_create')}
            </button>
            {saved && (
              <p class={`flash ${saved.ok ? 'ok' : 'error'}`} role={saved.ok ? 'status' : 'alert'}>
                {saved.message}
              </p>
            )}
          </form>
        </section>

        <section class="panel" aria-labelledby="step-model">
          <h2 id="step-model">{t('onboarding_step_model')}</h2>
          <ModelSettings />
        </section>

        <section class="panel" aria-labelledby="step-follow">
          <h2 id="step-follow">{t('onboarding_step_follow')}</h2>
          <FollowSwitch follow={follow} onChange={onFollow} />
          <p class="muted">{t('onboarding_follow_help')}</p>
        </section>

        <section class="panel" aria-labelledby="step-privacy">
          <h2 id="step-privacy">{t('onboarding_step_privacy')}</h2>
          <ul class="plain">
            <li>{t('onboarding_privacy_read')}</li>
            <li>{t('onboarding_privacy_stored')}</li>
            <li>{t('onboarding_privacy_share')}</li>
            <li>{t('onboarding_privacy_model')}</li>
          </ul>
          <p>
            <button type="button" class="primary" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
              {t('onboarding_done')}
            </button>
          </p>
        </section>
      </main>
    </div>
  );
}
