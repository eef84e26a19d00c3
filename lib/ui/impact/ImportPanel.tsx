import { useState } from 'preact/hooks';
import { send } from '../../protocol/client';
import { errorText } from '../../protocol/errors';
import type { ColumnMapping } from '../../core/impact/parse';
import { formatDate, t, tn } from '../../i18n/i18n';
import type { AnalyticsImport } from '../../store/analytics';
import { MappingForm } from './MappingForm';

type Message = { ok: boolean; text: string };

/** Imports an analytics export: GA4 and Plausible are recognised; another CSV asks once which column is which. */
export function ImportPanel({ imports }: { imports: readonly AnalyticsImport[] }) {
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ text: string; fileName: string; columns: string[] } | null>(null);

  const run = async (text: string, fileName: string, mapping?: ColumnMapping) => {
    setBusy(true);
    setMessage(null);
    try {
      const outcome = await send('impact.import', { text, fileName, ...(mapping ? { mapping } : {}) });
      if (outcome.status === 'needs-mapping') {
        setPending({ text, fileName, columns: outcome.columns });
        setMessage({ ok: true, text: t('impact_needs_mapping') });
        return;
      }
      setPending(null);
      setMessage(
        outcome.status === 'duplicate'
          ? { ok: true, text: t('impact_duplicate', fileName) }
          : {
              ok: true,
              text: tn(
                'impact_imported',
                outcome.rows,
                fileName,
                t(outcome.format === 'ga4' ? 'impact_format_ga4' : outcome.format === 'plausible' ? 'impact_format_plausible' : 'impact_format_mapped'),
              ),
            },
      );
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) await run(await file.text(), file.name);
  };

  const forget = async () => {
    try {
      const { removed } = await send('impact.clear', {});
      setMessage({ ok: true, text: tn('impact_forgotten', removed) });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  };

  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t('impact_import_title')}</h2>
      <p class="muted">{t('impact_import_hint')}</p>
      <div class="actions">
        <label class="file-button">
          {t('impact_import')}
          <input type="file" accept=".csv,text/csv,text/plain" aria-label={t('impact_import')} disabled={busy} onChange={(e) => void onFile(e)} />
        </label>
        {imports.length > 0 && (
          <button type="button" class="secondary danger" onClick={() => void forget()}>
            {t('impact_forget')}
          </button>
        )}
      </div>
      {message && (
        <p class={`flash ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {pending && <MappingForm columns={pending.columns} busy={busy} onSubmit={(mapping) => void run(pending.text, pending.fileName, mapping)} />}
      {imports.length > 0 && (
        <ul class="imports" aria-label={t('impact_imports_label')}>
          {imports.map((i) => (
            <li key={i.id}>{tn('impact_import_line', i.rowCount, i.fileName, formatDate(i.at))}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
