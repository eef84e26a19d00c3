import type { Handlers } from '../../protocol/router';
import { CuratorError } from '../../protocol/errors';
import { parseAnalytics, type ImportProblem } from '../../core/impact/parse';
import { toColumns } from '../../core/impact/columns';
import { recordShares } from '../../store/record-shares';
import { clearImports, mappingFor, rememberMapping, storeImport } from '../../store/analytics';
import { sha256 } from '../../util/hash';
import { t } from '../../i18n/i18n';
import type { ServiceContext } from './context';

/** A problem with an export, in words that name the line and the column; nothing was stored. */
export function problemText(problem: Exclude<ImportProblem, { code: 'needs-mapping' }>): string {
  switch (problem.code) {
    case 'empty':
      return t('impact_problem_empty');
    case 'no-campaign':
      return t('impact_problem_no_campaign', problem.row);
    case 'no-visits':
      return t('impact_problem_no_visits', problem.row);
    case 'not-a-number':
      return t('impact_problem_number', problem.row, problem.column, problem.value);
    case 'bad-date':
      return t('impact_problem_date', problem.row, problem.column, problem.value);
  }
}

/** The share log and analytics imports: what closes the loop between a shared link and the visits it brought. */
export function createImpact(ctx: ServiceContext) {
  const { db } = ctx;
  const handlers: Pick<Handlers, 'shares.record' | 'impact.import' | 'impact.clear'> = {
    'shares.record': async ({ shares }) => {
      try {
        const recorded = await recordShares(db, shares, ctx.now());
        return { recorded: recorded.length };
      } catch (err) {
        throw ctx.storageFailure(err);
      }
    },
    'impact.import': async ({ text, fileName, mapping }) => {
      const first = parseAnalytics(text);
      let parsed = first;
      // A layout the page does not know: the mapping the person gives now, or the one they chose before for these columns.
      if (!first.ok && first.problem.code === 'needs-mapping') {
        const chosen = mapping ?? (await mappingFor(db, first.problem.signature));
        if (!chosen) return { status: 'needs-mapping', columns: first.problem.columns, signature: first.problem.signature };
        parsed = parseAnalytics(text, chosen);
        if (parsed.ok && mapping) await rememberMapping(db, parsed.value.signature, mapping, ctx.now());
      }
      if (!parsed.ok) {
        if (parsed.problem.code === 'needs-mapping') throw new CuratorError('invalid', t('impact_problem_empty'));
        throw new CuratorError('invalid', problemText(parsed.problem));
      }
      const { format, rows, range } = parsed.value;
      try {
        const { stored } = await storeImport(db, { hash: await sha256(text), fileName, format, range, rowCount: rows.length, columns: toColumns(rows) }, ctx.now());
        return stored ? { status: 'imported', format, rows: rows.length } : { status: 'duplicate' };
      } catch (err) {
        throw ctx.storageFailure(err);
      }
    },
    'impact.clear': async () => {
      try {
        return { removed: await clearImports(db) };
      } catch (err) {
        throw ctx.storageFailure(err);
      }
    },
  };
  return { handlers };
}
