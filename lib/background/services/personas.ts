import type { Handlers } from '../../protocol/router';
import { nameKey, PersonaInputSchema, type Persona, type PersonaInput } from '../../core/personas/schema';
import { SAMPLE_PERSONAS } from '../../core/personas/samples';
import { parsePersonaFile } from '../../core/personas/transfer';
import { getKv, KEYS, putKv } from '../../store/kv';
import { editedPersonaRow, newPersonaRow, setPersonaEnabled } from '../../store/personas';
import { dropPersonaVectors } from '../../store/vectors';
import { CuratorError } from '../../protocol/errors';
import { t } from '../../i18n/i18n';
import type { ServiceContext } from './context';
import type { Learning } from './learning';
import type { Sync } from './sync';

/** Personas: made, edited, imported, enabled, deleted, and the samples of a first run. What one learned goes with its seed. */
export function createPersonas(ctx: ServiceContext, learning: Learning, sync: Sync) {
  const { db } = ctx;

  async function savePersona(input: Omit<PersonaInput, 'examples'>, id?: string): Promise<Persona> {
    const clean = PersonaInputSchema.parse(input);
    const at = ctx.now();
    try {
      return await db.transaction('rw', db.personas, db.kv, db.corpusLog, async () => {
        const clash = await db.personas.where('nameKey').equals(nameKey(clean.name)).first();
        if (clash && clash.id !== id) throw new CuratorError('invalid', t('error_persona_name_taken', clash.name));
        if (id) {
          const existing = await db.personas.get(id);
          if (!existing) throw new CuratorError('not-found', t('error_persona_missing'));
          // The edit form does not carry examples: what the persona learned stays.
          const { examples: _omitted, ...fields } = clean;
          const updated = editedPersonaRow(existing, fields, at);
          await db.personas.put(updated);
          // A new seed starts its reading afresh: the old seed's profile would only weigh on every page.
          await learning.prune();
          return updated;
        }
        const created = newPersonaRow(clean, at);
        await db.personas.add(created);
        return created;
      });
    } catch (err) {
      throw ctx.storageFailure(err);
    }
  }

  const handlers: Pick<Handlers, 'personas.save' | 'personas.delete' | 'personas.setEnabled' | 'personas.import'> = {
    'personas.save': async ({ id, persona }) => savePersona(persona, id),
    'personas.delete': async ({ id }) =>
      db.transaction('rw', db.personas, db.kv, db.corpusLog, db.vectors, async () => {
        const had = await db.personas.get(id);
        await db.personas.delete(id);
        // What it learned goes with it: its reading profile, and its cached embeddings.
        await learning.prune();
        await dropPersonaVectors(db, id);
        if (had) await sync.deleted(id);
        return { deleted: Boolean(had) };
      }),
    'personas.setEnabled': async ({ id, enabled }) => ({ updated: await setPersonaEnabled(db, id, enabled, ctx.now()) }),
    'personas.import': async ({ text }) => {
      const parsed = parsePersonaFile(text);
      if (!parsed.ok) throw new CuratorError('invalid', parsed.error);
      const at = ctx.now();
      let added = 0;
      let updated = 0;
      try {
        // All or nothing: one transaction, so a failure half-way leaves every stored persona as it was.
        await db.transaction('rw', db.personas, db.kv, db.corpusLog, async () => {
          for (const input of parsed.file.personas) {
            const existing = await db.personas.where('nameKey').equals(nameKey(input.name)).first();
            if (existing) {
              const examples = input.examples.length > 0 ? input.examples : existing.examples;
              await db.personas.put(editedPersonaRow(existing, { ...input, examples }, at));
              updated++;
            } else {
              await db.personas.add(newPersonaRow(input, at));
              added++;
            }
          }
          await learning.prune();
        });
      } catch (err) {
        throw ctx.storageFailure(err);
      }
      return { added, updated };
    },
  };

  return {
    handlers,

    /** First run: install the sample personas once, unless the person already has personas. */
    async installSamples(): Promise<number> {
      return db.transaction('rw', db.personas, db.kv, async () => {
        if (await getKv(db, KEYS.samplesInstalled)) return 0;
        await putKv(db, KEYS.samplesInstalled, true);
        if ((await db.personas.count()) > 0) return 0;
        const at = ctx.now();
        const rows = SAMPLE_PERSONAS.map((input, i) => newPersonaRow(input, at + i, { sample: true }));
        await db.personas.bulkAdd(rows);
        return rows.length;
      });
    },
  };
}
