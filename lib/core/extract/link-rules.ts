/* What the link reader (lib/core/extract/links.ts) leaves out: regions, class words, addresses and link kinds. */

/** Regions that hold navigation, the site's furniture, forms and ads, by element and by role. */
export const SKIP_TAGS = new Set(['NAV', 'FOOTER', 'ASIDE', 'FORM', 'MENU', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SELECT', 'BUTTON', 'DIALOG']);
export const SKIP_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'menu', 'menubar', 'search', 'dialog', 'toolbar', 'tablist']);
/** Class and id words that mark the same regions (whole words: "header" alone is no sign, an article card has one). */
export const SKIP_WORDS = new Set([
  'nav',
  'navbar',
  'navigation',
  'menu',
  'menubar',
  'footer',
  'breadcrumb',
  'breadcrumbs',
  'sidebar',
  'social',
  'share',
  'sharing',
  'login',
  'signin',
  'signup',
  'register',
  'subscribe',
  'subscription',
  'newsletter',
  'ad',
  'ads',
  'advert',
  'adverts',
  'advertisement',
  'advertising',
  'sponsor',
  'sponsored',
  'promo',
  'promoted',
  'cookie',
  'cookies',
  'consent',
  'comments',
  'comment',
  'pagination',
  'pager',
  'masthead',
  'skip',
  'topbar',
  'toolbar',
  'account',
  'paywall',
]);
/** Addresses that are never articles: sharing intents, sign-in, ad servers. */
export const SKIP_URL =
  /^https?:\/\/([^/]*\.)?(facebook\.com\/(sharer|share|dialog)|(twitter|x)\.com\/(intent|share|home\?)|linkedin\.com\/(share|shareArticle|cws)|pinterest\.[a-z.]+\/pin\/create|reddit\.com\/submit|t\.me\/share|wa\.me|api\.whatsapp\.com|bsky\.app\/intent|(www\.)?(doubleclick\.net|googleadservices\.com|googlesyndication\.com|adservice\.google\.[a-z.]+|taboola\.com|outbrain\.com))|\/(login|log-in|signin|sign-in|signup|sign-up|register|subscribe|account|my-account|logout|password)(\/|\?|$)/i;
export const SKIP_REL = /\b(sponsored|ugc|nofollow)\b/i;
