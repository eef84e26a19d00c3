import { describe, expect, it } from 'vitest';
import { mayFollowIntoPrivate, mayFollowTab } from '../../lib/background/browser/private-tabs';
import { SettingsSchema } from '../../lib/store/schema';

describe('following the browsing and private windows', () => {
  const defaults = SettingsSchema.parse({});
  it('reads nothing in a private window by default, even with follow on', () => {
    expect(defaults.followPrivate).toBe(false);
    expect(mayFollowTab({ incognito: true }, { ...defaults, followBrowsing: true })).toBe(false);
    expect(mayFollowTab({ incognito: false }, { ...defaults, followBrowsing: true })).toBe(true);
  });
  it('reads a private window’s tab only when the person allowed it, and only while following', () => {
    expect(mayFollowTab({ incognito: true }, { followBrowsing: true, followPrivate: true })).toBe(true);
    expect(mayFollowTab({ incognito: true }, { followBrowsing: false, followPrivate: true })).toBe(false);
    expect(mayFollowTab({ incognito: false }, { followBrowsing: false, followPrivate: false })).toBe(false);
  });
  it('a damaged stored value falls back to off', () => {
    expect(SettingsSchema.parse({ followPrivate: 'yes' }).followPrivate).toBe(false);
  });
});

describe('the side panel following the active tab', () => {
  it('never follows into a private window unless allowed, with or without "follow my browsing"', () => {
    expect(mayFollowIntoPrivate({ incognito: true }, { followPrivate: false })).toBe(false);
    expect(mayFollowIntoPrivate({ incognito: true }, { followPrivate: true })).toBe(true);
    expect(mayFollowIntoPrivate({ incognito: false }, { followPrivate: false })).toBe(true);
  });
});
