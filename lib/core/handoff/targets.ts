/** Every place a draft can be handed to. (Kept free of imports: settings schemas read it everywhere.) */
export const TARGET_IDS = ['buffer', 'x', 'linkedin', 'bluesky', 'hootsuite', 'mastodon', 'threads', 'facebook', 'reddit', 'telegram', 'whatsapp', 'email'] as const;
export type TargetId = (typeof TARGET_IDS)[number];

/** Shown on every suggestion until the person picks others; the rest sit under "More places". */
export const PRIMARY_TARGETS: readonly TargetId[] = ['buffer', 'x', 'linkedin', 'bluesky'];

export const TARGET_NAMES: Record<TargetId, string> = {
  buffer: 'Buffer',
  x: 'X',
  linkedin: 'LinkedIn',
  bluesky: 'Bluesky',
  hootsuite: 'Hootsuite',
  mastodon: 'Mastodon',
  threads: 'Threads',
  facebook: 'Facebook',
  reddit: 'Reddit',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  email: 'Email',
};
