import { useMemo, useState } from 'preact/hooks';
import { joinReport, type ImpactReport } from '../../core/impact/join';
import { impactCsv } from '../../export/impact';
import { db } from '../../store/db';
import { readImpact } from '../../store/analytics';
import { t } from '../../i18n/i18n';
import { useLiveQuery } from '../hooks';
import { Findings } from './Findings';
import { ImpactCharts } from './ImpactCharts';
import { NetworkTable, PersonaTable, UnmatchedList } from './ImpactTables';
import { ImportPanel } from './ImportPanel';

/** Downloads the joined table as CSV (formula-safe). */
function download(report: ImpactReport) {
  const file = impactCsv(report);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([`\uFEFF${file.content}`], { type: 'text/csv;charset=utf-8' }));
  a.download = file.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * The Impact page: the share log joined with the analytics exports the person imported, per persona, per network
 * and per week. Everything is read from this browser's storage; nothing is sent anywhere.
 */
export function ImpactApp() {
  // One query for all the page reads, so it draws once: the share log's weekly tally and the exports' rollup, kept by
  // the background as it writes, are a few hundred rows where the log and the exports are thousands
  // (docs/performance.md, "Impact page").
  const { value: stored, error } = useLiveQuery(() => readImpact(db()));
  const report = useMemo(() => (stored ? joinReport(stored.personas, stored.tally, stored.rollup?.rollup ?? null) : null), [stored]);
  const imports = stored?.imports;
  const [exported, setExported] = useState(false);
  return (
    <div class="app impact">
      <header class="app-head">
        <span class="logo" aria-hidden="true">
          ◆
        </span>
        <h1>{t('impact_title')}</h1>
      </header>
      <main class="impact-main">
        <p class="muted">{t('impact_intro')}</p>
        {error ? (
          <p class="state error" role="alert">
            {t('impact_unreadable')}
          </p>
        ) : null}
        <ImportPanel imports={imports ?? []} />
        {report && (
          <>
            <Findings report={report} />
            <section class="panel" aria-labelledby="table-title">
              <div class="section-head">
                <h2 id="table-title">{t('impact_table_title')}</h2>
                <div class="actions">
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      download(report);
                      setExported(true);
                    }}
                  >
                    {t('impact_export_csv')}
                  </button>
                  {exported && (
                    <span class="flash ok" role="status">
                      {t('impact_exported')}
                    </span>
                  )}
                </div>
              </div>
              <PersonaTable report={report} />
              <NetworkTable report={report} />
            </section>
            <ImpactCharts report={report} />
            <UnmatchedList report={report} />
          </>
        )}
      </main>
    </div>
  );
}
