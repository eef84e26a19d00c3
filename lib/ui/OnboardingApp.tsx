import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../messages/client';
import { templatesFor } from '../personas/templates';
import { ModelSettings } from './ModelSettings';

const FOLLOW_ORIGINS = ['http://*/*', 'https://*/*'];

/** First run: a persona from a template in seconds, the model, "follow my browsing", and the privacy statement. */
export function OnboardingApp() {
  const templates = templatesFor(browser.i18n?.getUILanguage?.() ?? navigator.language);
  const [choice, setChoice] = useState(templates[0]!.id);
  const chosen = templates.find((t) => t.id === choice) ?? templates[0]!;
  const [name, setName] = useState(chosen.persona.name);
  const [description, setDescription] = useState(chosen.persona.description);
  const [saved, setSaved] = useState<{ ok: boolean; message: string } | null>(null);
  const [follow, setFollow] = useState<boolean | null>(null);

  useEffect(() => {
    setName(chosen.persona.name);
    setDescription(chosen.persona.description);
  }, [choice]);
  useEffect(() => {
    void browser.permissions.contains({ origins: FOLLOW_ORIGINS }).then(setFollow);
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    try {
      const persona = await send('personas.save', { persona: { ...chosen.persona, name, description } });
      setSaved({ ok: true, message: `“${persona.name}” is ready. Open any article and click the toolbar button to see what it would post.` });
    } catch (err) {
      setSaved({ ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  };

  const onFollow = async (enabled: boolean) => {
    try {
      const granted = enabled ? await browser.permissions.request({ origins: FOLLOW_ORIGINS }) : !(await browser.permissions.remove({ origins: FOLLOW_ORIGINS }));
      await send('settings.setFollow', { enabled: enabled && granted });
    } finally {
      setFollow(await browser.permissions.contains({ origins: FOLLOW_ORIGINS }));
    }
  };

  return (
    <div class="app options onboarding">
      <header class="app-head">
        <span class="logo" aria-hidden="true">◆</span>
        <h1>Welcome to Persona Curator</h1>
      </header>
      <main>
        <section class="panel" aria-labelledby="step-persona">
          <h2 id="step-persona">1. Your first persona</h2>
          <p class="muted">Pick the closest template, then make the name and the sentence yours. You can add more personas, keywords and a voice later.</p>
          <form class="persona-form" onSubmit={(e) => void create(e)}>
            <fieldset class="templates">
              <legend>Template</legend>
              {templates.map((t) => (
                <label key={t.id} class="template">
                  <input type="radio" name="template" value={t.id} checked={choice === t.id} onChange={() => setChoice(t.id)} />
                  <span>
                    <strong>{t.persona.name}</strong>
                    <span class="muted"> {t.persona.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div class="field">
              <label for="ob-name">Name</label>
              <input id="ob-name" value={name} maxLength={80} required onInput={(e) => setName(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="ob-description">In one sentence, what does this persona share?</label>
              <textarea id="ob-description" rows={2} value={description} maxLength={1000} required onInput={(e) => setDescription(e.currentTarget.value)} />
            </div>
            <button type="submit" class="primary">
              Create persona
            </button>
            {saved && (
              <p class={`flash ${saved.ok ? 'ok' : 'error'}`} role={saved.ok ? 'status' : 'alert'}>
                {saved.message}
              </p>
            )}
          </form>
        </section>

        <section class="panel" aria-labelledby="step-model">
          <h2 id="step-model">2. The on-device model</h2>
          <ModelSettings />
        </section>

        <section class="panel" aria-labelledby="step-follow">
          <h2 id="step-follow">3. Follow my browsing?</h2>
          <label class="switch big">
            <input type="checkbox" role="switch" checked={follow === true} disabled={follow === null} onChange={(e) => void onFollow(e.currentTarget.checked)} />
            <span>Follow my browsing</span>
          </label>
          <p class="muted">
            Off (recommended to start): Persona Curator reads a page only when you open its popup, its side panel or choose “Curate this”. On: the side panel reads each
            page you open; your browser asks you for permission to read sites first. You can change this any time in the options.
          </p>
        </section>

        <section class="panel" aria-labelledby="step-privacy">
          <h2 id="step-privacy">4. Your privacy, in plain words</h2>
          <ul class="plain">
            <li>Pages are read and scored inside your browser. What you read is never sent anywhere: not to us, not to anyone.</li>
            <li>Your personas, your queue and what the personas learned are stored in this browser only. Persona definitions (not the pages) follow you to your other browsers through your browser’s own sync.</li>
            <li>The only time anything leaves your browser is when you click a share link: the scheduler or network opens with your draft.</li>
            <li>The model, if you choose one, is downloaded once from Hugging Face and then runs offline.</li>
          </ul>
          <p>
            <button type="button" class="primary" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
              Done: go to my personas
            </button>
          </p>
        </section>
      </main>
    </div>
  );
}
