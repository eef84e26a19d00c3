import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { browser } from 'wxt/browser';
import { send } from '../protocol/client';
import { t } from '../i18n/i18n';

/** Optional origins asked for only when the person turns on "follow my browsing". */
export const FOLLOW_ORIGINS = ['http://*/*', 'https://*/*'];

/**
 * Whether "follow my browsing" is on (the host permission is the truth), and a setter that asks for the
 * permission in the person's click, or gives it back.
 */
export function useFollowBrowsing(onProblem: (message: string | null) => void): [boolean | null, (enabled: boolean) => Promise<void>] {
  const [follow, setFollow] = useState<boolean | null>(null);
  useEffect(() => {
    void browser.permissions.contains({ origins: FOLLOW_ORIGINS }).then(setFollow);
  }, []);
  const change = async (enabled: boolean) => {
    onProblem(null);
    try {
      const granted = enabled ? await browser.permissions.request({ origins: FOLLOW_ORIGINS }) : !(await browser.permissions.remove({ origins: FOLLOW_ORIGINS }));
      await send('settings.setFollow', { enabled: enabled && granted });
    } catch (err) {
      onProblem(errorText(err));
    } finally {
      setFollow(await browser.permissions.contains({ origins: FOLLOW_ORIGINS }));
    }
  };
  return [follow, change];
}

/** The "follow my browsing" switch, for the options and welcome pages. */
export function FollowSwitch({ follow, onChange }: { follow: boolean | null; onChange: (enabled: boolean) => Promise<void> }) {
  return (
    <label class="switch big">
      <input type="checkbox" role="switch" checked={follow === true} disabled={follow === null} onChange={(e) => void onChange(e.currentTarget.checked)} />
      <span>{t('follow_browsing')}</span>
    </label>
  );
}
