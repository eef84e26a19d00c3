import { useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { db, readSettings } from '../store/db';
import type { QueueStatus } from '../store/schema';
import { exportQueue, exportedShares, filterQueue, type ExportFormat, type ExportVoice } from '../export/queue';
import { useLiveQuery } from './hooks';
import { send } from '../protocol/client';
import { t, tn } from '../i18n/i18n';

const dayStart = (value: string) => (value ? new Date(`${value}T00:00:00`).getTime() : null);
const dayEnd = (value: string) => (value ? new Date(`${value}T23:59:59.999`).getTime() : null);

/** Exports the curated queue for a scheduler or a spreadsheet, filtered by persona, status and date. */
export function QueueExport() {
  const { value: personas } = useLiveQuery(async () => (await db().personas.toArray()).sort((a, b) => a.createdAt - b.createdAt));
  const [format, setFormat] = useState<ExportFormat>('hootsuite');
  const [personaId, setPersonaId] = useState('');
  const [status, setStatus] = useState<'' | QueueStatus>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const download = async () => {
    setMessage(null);
    try {
      const [items, settings] = await Promise.all([db().queue.toArray(), readSettings(db())]);
      const chosen = filterQueue(items, { personaId: personaId || null, status: status || null, from: dayStart(from), to: dayEnd(to) });
      if (chosen.length === 0) {
        setMessage({ ok: false, text: t('export_nothing_matches') });
        return;
      }
      const voices = new Map<string, ExportVoice>(
        (personas ?? []).map((p) => [p.id, { name: p.name, hashtags: p.hashtags, style: p.style, emoji: p.emoji, cta: p.cta, topic: p.keywords[0] ?? null }]),
      );
      const file = exportQueue(chosen, format, voices, { tag: settings.handoff.tag });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([format === 'json' ? file.content : `\uFEFF${file.content}`], { type: `${file.mime};charset=utf-8` }));
      a.download = file.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      // Each exported row is a handoff: logged, and its item marked shared, in one transaction.
      await send('shares.record', { shares: exportedShares(chosen, format, voices, { tag: settings.handoff.tag }) });
      setMessage({ ok: true, text: tn('export_done', chosen.length, file.filename) });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  };

  return (
    <details class="queue-export">
      <summary>{t('export_title')}</summary>
      <div class="grid">
        <div class="field">
          <label for="export-format">{t('export_format')}</label>
          <select id="export-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
            <option value="hootsuite">{t('export_format_hootsuite')}</option>
            <option value="csv">{t('export_format_csv')}</option>
            <option value="json">{t('export_format_json')}</option>
          </select>
        </div>
        <div class="field">
          <label for="export-persona">{t('export_persona')}</label>
          <select id="export-persona" value={personaId} onChange={(e) => setPersonaId(e.currentTarget.value)}>
            <option value="">{t('export_all_personas')}</option>
            {(personas ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="export-status">{t('export_status')}</label>
          <select id="export-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as '' | QueueStatus)}>
            <option value="">{t('export_any_status')}</option>
            <option value="queued">{t('status_queued')}</option>
            <option value="shared">{t('status_shared')}</option>
          </select>
        </div>
        <div class="field">
          <label for="export-from">{t('export_from')}</label>
          <input id="export-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="export-to">{t('export_until')}</label>
          <input id="export-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
      </div>
      {format === 'hootsuite' && <p class="muted">{t('export_hootsuite_times')}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void download()}>
          {t('export_download')}
        </button>
        {message && (
          <span class={`flash ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </span>
        )}
      </div>
    </details>
  );
}
