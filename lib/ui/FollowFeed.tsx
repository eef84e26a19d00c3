import { useState } from 'preact/hooks';
import { db } from '../store/db';
import { feedKey } from '../store/feeds';
import { send } from '../protocol/client';
import { errorText } from '../protocol/errors';
import { t } from '../i18n/i18n';
import { useLiveQuery } from './hooks';
import { withFeedPermission } from './FeedSettings';

/**
 * "Follow this site's feed", for a page that declares one (`<link rel="alternate">` of an RSS or Atom type, read by
 * the extractor): asks for the feed origin's permission in the click, then follows it. Already followed, it says so.
 */
export function FollowFeed({ feeds }: { feeds: readonly string[] }) {
  const url = feeds[0]!;
  const { value: followed } = useLiveQuery(async () => Boolean(await db().feeds.where('key').equals(feedKey(url)).first()), [url]);
  const [state, setState] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });
  const follow = async () => {
    setState({ busy: true, problem: null });
    try {
      await withFeedPermission(url, () => send('feeds.add', { url }));
      setState({ busy: false, problem: null });
    } catch (err) {
      setState({ busy: false, problem: errorText(err) });
    }
  };
  if (followed === undefined) return null;
  return (
    <div class="follow-feed">
      {followed ? (
        <p class="muted" role="status">
          {t('feed_followed')}
        </p>
      ) : (
        <button type="button" class="secondary" disabled={state.busy} aria-busy={state.busy} onClick={() => void follow()}>
          {t('feed_follow_site')}
        </button>
      )}
      {state.problem && (
        <p class="flash error" role="alert">
          {state.problem}
        </p>
      )}
    </div>
  );
}
