import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createCurator } from '../lib/background/curator';
import { readTab } from '../lib/background/browser/read-tab';
import { showSeen } from '../lib/background/browser/badge';
import { curateFromMenu, listenForMenus } from '../lib/background/browser/menus';
import { listenForCommands } from '../lib/background/browser/commands';
import { createCopyBestDraft } from '../lib/background/browser/copy-draft';
import { createNotifier } from '../lib/background/browser/notifier';
import { followBrowsing, guardFollowing } from '../lib/background/browser/follow';
import { listenForInstall } from '../lib/background/browser/install';
import { bundledModelIds } from '../lib/background/browser/model-bundle';
import { startSync } from '../lib/background/browser/sync-area';
import { feedBrowserDeps, listenForFeedAlarm } from '../lib/background/browser/feeds';
import { testHooks } from '../lib/background/browser/test-hooks';
import { db, reopenIfClosed } from '../lib/store/db';
import { createRouter, type Sender } from '../lib/protocol/router';
import { sendPush } from '../lib/protocol/push';
import { isModelHostMessage } from '../lib/protocol/model-host';
import { createModelControl } from '../lib/model/control';
import { hostPageRunner } from '../lib/model/runners';
import { ignored } from '../lib/util/log';

/** Wiring only: each part lives in lib/background (services/ for the logic, browser/ for the browser's APIs). */
export default defineBackground(() => {
  const database = db();
  const getURL = browser.runtime.getURL as (path: string) => string;
  const hooks = __PC_TEST_BUILD__ ? testHooks(database) : null;
  const runner = hostPageRunner(database, import.meta.env.FIREFOX ? 'frame' : 'offscreen');
  const model = createModelControl({ db: database, runner, bundledIds: bundledModelIds(getURL), ...hooks?.modelSource });
  const curator = createCurator({
    db: database,
    readTab,
    model: hooks ? hooks.holdable(model) : model,
    onSeen: (tabId, seen) => void showSeen(tabId, seen).catch(ignored('background')),
    ...(hooks ? { onPhases: hooks.onPhases } : {}),
    // The model's answer after a view's progressive suggestion: the views replace their suggestions in place.
    onUpgraded: (upgrade) => void sendPush('suggest.upgraded', upgrade),
    feeds: feedBrowserDeps(database, getURL),
  });
  // Feeds: the schedule's alarm, and a refresh a stopped worker left half done (nothing runs without a feed).
  listenForFeedAlarm(curator.refreshFeeds);
  void curator.resumeFeeds().catch(ignored('feeds'));
  const { suggest } = curator.handlers;
  followBrowsing({ db: database, seenForUrl: curator.seenForUrl, notify: createNotifier({ db: database, suggest, getURL }) });
  // Chrome closes the connection when the disk fills; the router lets the next request open it again.
  const route = createRouter(
    { ...curator.handlers, suggest: guardFollowing(database, suggest), picks: guardFollowing(database, curator.handlers.picks) },
    { id: browser.runtime.id, pageOrigin: getURL('/'), onStorageError: () => reopenIfClosed(database) },
  );
  // Messages for the model host pass by: the offscreen document answers those.
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => (isModelHostMessage(message) ? undefined : route(message, sender)));
  listenForInstall(curator.installSamples, getURL);
  const onContextMenu = curateFromMenu(curator.curateFromContextMenu);
  listenForMenus(onContextMenu);
  const copyBestDraft = createCopyBestDraft({ suggest, runner, record: curator.handlers['shares.record'] });
  listenForCommands({ curate: onContextMenu, copyBestDraft });
  // Feeds another browser followed: scheduled and fetched here (once this browser may reach their sites).
  startSync(database, () => void curator.resumeFeeds().catch(ignored('feeds')));
  if (__PC_TEST_BUILD__) hooks?.expose({ onContextMenu, copyBestDraft, handlers: curator.handlers });
});
