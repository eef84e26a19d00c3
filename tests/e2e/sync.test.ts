import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PersonaSchema } from '../../lib/core/personas/schema';
import { SettingsSchema } from '../../lib/store/schema';
import { buildPayload, textHash, toItems } from '../../lib/sync/payload';
import { launch, screenshot, type Browser } from './harness';

/** Personas follow the person through chrome.storage.sync (which works locally in a profile without an account). */
let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const syncItems = () => browser.worker.evaluate(() => chrome.storage.sync.get(null));

describe('sync across browsers', () => {
  it('pushes personas (never page content), and merges another browser’s newer edit with a note', { timeout: 60_000 }, async () => {
    const options = await browser.extPage('options.html');
    await options.getByRole('list', { name: 'Personas' }).getByRole('listitem').first().waitFor();
    let items: Record<string, unknown> = {};
    for (let i = 0; i < 50 && !items['pc.sync']; i++) {
      await options.waitForTimeout(200);
      items = await syncItems();
    }
    assert.ok(items['pc.sync'], 'the sample personas were pushed');
    const text = Object.keys(items)
      .filter((k) => k.startsWith('pc.sync.'))
      .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
      .map((k) => items[k])
      .join('');
    const pushed = JSON.parse(text) as { personas: { name: string; examples?: unknown }[] };
    assert.deepEqual(pushed.personas.map((p) => p.name).sort(), ['Health & Science Desk', 'Policy Watch', 'Tech Explainer']);
    assert.ok(
      pushed.personas.every((p) => p.examples === undefined),
      'examples (page text) never sync',
    );
    await options.getByText(/Last synced/).waitFor();

    // Another browser of the same person adds a persona and edits a sample later than here.
    const now = Date.now() + 60_000;
    const policy = pushed.personas.find((p) => p.name === 'Policy Watch') as Record<string, unknown>;
    const laptop = [
      PersonaSchema.parse({ ...policy, description: 'Edited on the laptop: courts and elections only.', updatedAt: now }),
      PersonaSchema.parse({
        id: 'laptop-1',
        name: 'Weekend Desk',
        nameKey: 'weekend desk',
        description: 'Takes over the brand voice at weekends.',
        keywords: ['weekend'],
        sample: false,
        createdAt: now,
        updatedAt: now,
      }),
    ];
    const payload = buildPayload('laptop', now, SettingsSchema.parse({}), laptop, []);
    const remote = toItems(payload, textHash(JSON.stringify(payload)));
    await browser.worker.evaluate((r) => chrome.storage.sync.set(r), remote);

    await options.getByRole('heading', { name: 'Weekend Desk' }).waitFor({ timeout: 15_000 });
    await options.getByText('Edited on the laptop: courts and elections only.').waitFor();
    await options.getByText(/Personas from your other browser: 1 added, 1 updated\./).waitFor();
    await screenshot(options, 'options-sync-note');
    await options.getByRole('button', { name: 'Dismiss' }).click();
    await options.getByText(/Personas from your other browser/).waitFor({ state: 'detached' });
    await options.close();
  });

  it('a name held twice already gets the next free name, and a tampered payload is ignored with a note', { timeout: 60_000 }, async () => {
    const options = await browser.extPage('options.html');
    await options.getByRole('heading', { name: 'Policy Watch' }).first().waitFor();
    const now = Date.now() + 120_000;
    const make = (id: string, name: string) => PersonaSchema.parse({ id, name, nameKey: name.toLowerCase(), description: `From the desktop: ${name}.`, sample: false, createdAt: now, updatedAt: now });
    // Two other browsers already renamed one "Policy Watch" each: the third must count on, not collide (it used to abort every pull).
    const payload = buildPayload('desktop', now, SettingsSchema.parse({}), [make('desk-1', 'Policy Watch (other browser)'), make('desk-2', 'Policy Watch')], []);
    await browser.worker.evaluate((r) => chrome.storage.sync.set(r), toItems(payload, textHash(JSON.stringify(payload))));
    await options.getByRole('heading', { name: 'Policy Watch (other browser 2)' }).waitFor({ timeout: 15_000 });
    await options.getByRole('heading', { name: 'Policy Watch (other browser)', exact: true }).waitFor();

    // A payload whose hash matches but whose content no browser of ours writes: ignored whole, said once.
    const tampered = { ...buildPayload('intruder', now + 1, SettingsSchema.parse({}), [make('bad-1', 'Intruder')], []), personas: [{ ...make('bad-1', 'Intruder'), description: 'x'.repeat(5_000) }] };
    const text = JSON.stringify(tampered);
    await browser.worker.evaluate((r) => chrome.storage.sync.set(r), { 'pc.sync.0': text, 'pc.sync': { v: 1, chunks: 1, hash: textHash(text), savedAt: now + 1, device: 'intruder' } });
    await options.getByText(/was ignored/).waitFor({ timeout: 15_000 });
    assert.equal(await options.getByRole('heading', { name: 'Intruder' }).count(), 0);
    await options.close();
  });
});
