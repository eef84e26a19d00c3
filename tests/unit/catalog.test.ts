import { describe, expect, it } from 'vitest';
import { MODELS } from '../../lib/model/catalog';

describe('model catalogue', () => {
  const downloads = MODELS.filter((m) => !m.builtIn);

  it('pins every downloadable model to a commit, never a branch that can move', () => {
    expect(downloads.length).toBeGreaterThan(0);
    for (const m of downloads) expect(m.revision, m.id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('knows the exact size and SHA-256 of every file it downloads, and says the total before asking', () => {
    for (const m of downloads) {
      expect(m.files?.length, m.id).toBeGreaterThan(0);
      for (const f of m.files ?? []) {
        expect(f.size, `${m.id} ${f.path}`).toBeGreaterThan(0);
        expect(f.sha256, `${m.id} ${f.path}`).toMatch(/^[0-9a-f]{64}$/);
      }
      const total = (m.files ?? []).reduce((sum, f) => sum + (f.size ?? 0), 0);
      // The consent text says sizeMB: it must be the whole download, rounded.
      expect(Math.round(total / 1e6), m.id).toBe(m.sizeMB);
    }
  });
});
