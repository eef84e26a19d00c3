import { MAX_EXAMPLES, nameKey, PersonaSchema, type Example, type Persona, type PersonaInput } from '../core/personas/schema';
import { newId } from '../util/hash';
import type { CuratorDb } from './db';

/**
 * The only place a persona row (Dexie table "personas") is built: its name key always comes from its name, and
 * every row is checked against the schema before it is stored.
 */

/** A new persona: made by the person, imported, synced in, or a sample installed on first run. */
export function newPersonaRow(input: PersonaInput, at: number, options: { id?: string; sample?: boolean } = {}): Persona {
  return PersonaSchema.parse({ ...input, id: options.id ?? newId(), nameKey: nameKey(input.name), sample: options.sample ?? false, createdAt: at, updatedAt: at });
}

/**
 * A stored persona the person edited or imported again: it is theirs now (no longer a sample). Without
 * `examples` in the change, what it learned stays.
 */
export function editedPersonaRow(existing: Persona, change: Omit<PersonaInput, 'examples'> & { examples?: Example[] }, at: number): Persona {
  return PersonaSchema.parse({ ...existing, ...change, examples: change.examples ?? existing.examples, nameKey: nameKey(change.name), sample: false, updatedAt: at });
}

/** A persona as another browser synced it (lib/sync): stored as it came, the name key recomputed from the name. */
export function syncedPersonaRow(remote: Omit<Persona, 'nameKey'> & { nameKey?: string }): Persona {
  return PersonaSchema.parse({ ...remote, nameKey: nameKey(remote.name) });
}

/** A persona's examples changed (one added, or all forgotten): the newest MAX_EXAMPLES kept. */
export function withExamples(persona: Persona, examples: readonly Example[], at: number): Persona {
  return { ...persona, examples: examples.slice(-MAX_EXAMPLES), updatedAt: at };
}

/** Turns a persona on or off (its edit time moves, so scores cached for it are recomputed); false when there is no such persona. */
export async function setPersonaEnabled(db: CuratorDb, id: string, enabled: boolean, at: number): Promise<boolean> {
  return (await db.personas.update(id, { enabled, updatedAt: at })) > 0;
}
