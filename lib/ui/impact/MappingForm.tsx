import { useState } from 'preact/hooks';
import type { ColumnMapping } from '../../core/impact/parse';
import { t, type MessageKey } from '../../i18n/i18n';

const FIELDS: { key: keyof ColumnMapping; label: MessageKey; required: boolean; guess: RegExp }[] = [
  { key: 'campaign', label: 'mapping_campaign', required: true, guess: /campaign|campagne/i },
  { key: 'source', label: 'mapping_source', required: false, guess: /source|network|réseau/i },
  { key: 'date', label: 'mapping_date', required: false, guess: /date|day|jour|week/i },
  { key: 'visits', label: 'mapping_visits', required: true, guess: /visit|session|click|clic/i },
  { key: 'conversions', label: 'mapping_conversions', required: false, guess: /conversion|goal|key event|objectif/i },
];

/** Which column is which, for a CSV the page does not know: chosen once, remembered for files with the same columns. */
export function MappingForm({ columns, busy, onSubmit }: { columns: string[]; busy: boolean; onSubmit: (mapping: ColumnMapping) => void }) {
  const [choice, setChoice] = useState<Record<keyof ColumnMapping, string>>(() => {
    const initial = {} as Record<keyof ColumnMapping, string>;
    for (const f of FIELDS) initial[f.key] = columns.find((c) => f.guess.test(c)) ?? '';
    return initial;
  });
  const ready = choice.campaign !== '' && choice.visits !== '';
  const submit = (e: Event) => {
    e.preventDefault();
    if (!ready) return;
    onSubmit({ campaign: choice.campaign, visits: choice.visits, source: choice.source || null, date: choice.date || null, conversions: choice.conversions || null });
  };
  return (
    <form class="mapping" onSubmit={submit} aria-labelledby="mapping-title">
      <h3 id="mapping-title">{t('mapping_title')}</h3>
      <div class="grid">
        {FIELDS.map((f) => (
          <div class="field" key={f.key}>
            <label for={`map-${f.key}`}>{t(f.label)}</label>
            <select id={`map-${f.key}`} value={choice[f.key]} required={f.required} onChange={(e) => setChoice({ ...choice, [f.key]: e.currentTarget.value })}>
              <option value="">{t(f.required ? 'mapping_pick' : 'mapping_none')}</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !ready}>
          {t('mapping_import')}
        </button>
      </div>
    </form>
  );
}
