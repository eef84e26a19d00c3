import type { Handlers } from '../../protocol/router';
import { updateSettings } from '../../store/db';
import type { ServiceContext } from './context';

/** Settings the person changes from the views (the model's own setting is the model service's). */
export function createSettings(ctx: ServiceContext) {
  const { db } = ctx;
  const handlers: Pick<Handlers, 'settings.setHandoff' | 'handoff.used' | 'settings.setNotify' | 'settings.setFollow' | 'settings.setFollowPrivate'> = {
    'settings.setHandoff': async (change) => {
      return (await updateSettings(db, (current) => ({ ...current, handoff: { ...current.handoff, ...change } }))).handoff;
    },
    'handoff.used': async ({ target }) => {
      await updateSettings(db, (current) => ({ ...current, handoff: { ...current.handoff, lastUsed: target } }));
      return { target };
    },
    'settings.setNotify': async (change) => {
      await updateSettings(db, (current) => ({ ...current, notify: { ...current.notify, ...change } }));
      return change;
    },
    'settings.setFollow': async ({ enabled }) => {
      await updateSettings(db, (current) => ({ ...current, followBrowsing: enabled }));
      return { enabled };
    },
    'settings.setFollowPrivate': async ({ enabled }) => {
      await updateSettings(db, (current) => ({ ...current, followPrivate: enabled }));
      return { enabled };
    },
  };
  return { handlers };
}
