import type { PersonaInput } from './schema';
import enTemplates from './templates.en.json';
import frTemplates from './templates.fr.json';

/** A starting point on the onboarding page: a persona made in seconds, edited later. */
export interface PersonaTemplate {
  id: string;
  persona: PersonaInput;
}

// The templates are data, one file per language; tests/unit/transfer.test.ts checks each against the persona schema.
const en = enTemplates as PersonaTemplate[];
const fr = frTemplates as PersonaTemplate[];

/** Templates in the UI's language (French or English; English otherwise). */
export function templatesFor(language: string): PersonaTemplate[] {
  return /^fr\b/i.test(language) ? fr : en;
}
