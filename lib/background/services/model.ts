import type { Handlers } from '../../protocol/router';
import { MODELS, modelInfo } from '../../model/catalog';
import { readSettings, updateSettings } from '../../store/db';
import { CuratorError } from '../../protocol/errors';
import { ignored } from '../../util/log';
import { t } from '../../i18n/i18n';
import type { ServiceContext } from './context';

/** Model control: which model, the person's consent to download it, retrying, and closing its host when idle. */
export function createModelService(ctx: ServiceContext) {
  const { db, deps } = ctx;
  const handlers: Pick<Handlers, 'settings.setModel' | 'model.describe' | 'model.retry' | 'model.idle'> = {
    'settings.setModel': async ({ id, consent }) => {
      if (id !== 'off' && !modelInfo(id)) throw new CuratorError('invalid', t('error_unknown_model', id));
      await updateSettings(db, (current) => ({ ...current, model: { id, consent } }));
      // Agreeing starts the download now, so the model is ready by the next page.
      if (id !== 'off') void deps.model?.warmUp().catch(ignored('curator'));
      return { id, consent };
    },
    'model.describe': async () => {
      const { model } = await readSettings(db);
      const models = await Promise.all(MODELS.map(async (m) => ({ ...m, bundled: Boolean((await deps.model?.planFor(m.id))?.bundled) })));
      return { selected: model.id, consent: model.consent, models, downloadsFromHub: !(await deps.model?.downloadHost()) };
    },
    'model.retry': async () => {
      if (!deps.model) return { started: false };
      await deps.model.warmUp();
      return { started: true };
    },
    'model.idle': async () => {
      if (!deps.model) return { closed: false };
      await deps.model.close();
      return { closed: true };
    },
  };
  return { handlers };
}
