import { describe, expect, it } from 'vitest';
import { exportPersonas, parsePersonaFile } from '../../lib/core/personas/transfer';
import { PersonaInputSchema, PersonaSchema } from '../../lib/core/personas/schema';
import { templatesFor } from '../../lib/core/personas/templates';

describe('persona files', () => {
  it('imports the minimal documented form', () => {
    const r = parsePersonaFile('{"personas":[{"name":"Climate Desk","description":"Climate news.","keywords":["solar"]}]}');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.file.personas[0]).toMatchObject({ name: 'Climate Desk', keywords: ['solar'], avoid: [], hashtags: [], enabled: true });
  });

  it('normalises hashtags and de-duplicates keywords', () => {
    const r = parsePersonaFile(JSON.stringify({ personas: [{ name: 'A', description: 'B', keywords: ['Solar', 'solar', ' wind '], hashtags: ['#Climate', 'energy'] }] }));
    expect(r.ok && r.file.personas[0]).toMatchObject({ keywords: ['solar', 'wind'], hashtags: ['Climate', 'energy'] });
  });

  it('round-trips through export', () => {
    const stored = PersonaSchema.parse({
      id: '1',
      nameKey: 'a',
      sample: false,
      createdAt: 1,
      updatedAt: 2,
      name: 'A',
      description: 'B',
      keywords: ['k'],
      avoid: ['x'],
      hashtags: ['h'],
      voice: 'v',
      channels: ['x'],
      enabled: false,
      examples: [{ positive: true, title: 'T', text: 'body', url: 'https://a.example/1', source: 'curate', addedAt: 5 }],
    });
    const text = exportPersonas([stored], new Date(0));
    const back = parsePersonaFile(text);
    expect(JSON.parse(text)).toMatchObject({ format: 'persona-curator/personas', version: 1 });
    expect(back.ok && back.file.personas[0]).toEqual({
      name: 'A',
      description: 'B',
      keywords: ['k'],
      avoid: ['x'],
      hashtags: ['h'],
      voice: 'v',
      channels: ['x'],
      enabled: false,
      style: 'quote',
      emoji: false,
      cta: '',
      color: '',
      examples: [{ positive: true, title: 'T', text: 'body', url: 'https://a.example/1', source: 'curate', addedAt: 5 }],
    });
  });

  const bad: [string, string, RegExp][] = [
    ['empty file', '', /empty/],
    ['not JSON', '{personas: [}', /not valid JSON/],
    ['a JSON array', '[{"name":"A"}]', /JSON object with a "personas" list/],
    ['JSON null', 'null', /JSON object/],
    ['no personas key', '{"people":[]}', /"personas" list/],
    ['personas not a list', '{"personas":{"name":"A"}}', /"personas" list/],
    ['empty personas list', '{"personas":[]}', /empty/],
    ['missing name', '{"personas":[{"description":"B"}]}', /persona 1.*name/],
    ['blank name', '{"personas":[{"name":"  ","description":"B"}]}', /needs a name/],
    ['missing description', '{"personas":[{"name":"Solo"}]}', /persona 1 \("Solo"\).*description/],
    ['keywords not a list', '{"personas":[{"name":"A","description":"B","keywords":"solar, wind"}]}', /keywords.*list of keywords/],
    ['keyword not text', '{"personas":[{"name":"A","description":"B","keywords":[42]}]}', /keyword must be text/],
    ['name too long', JSON.stringify({ personas: [{ name: 'x'.repeat(81), description: 'B' }] }), /at most 80/],
    ['duplicate names', '{"personas":[{"name":"A","description":"B"},{"name":"a","description":"C"}]}', /appears twice/],
    ['bad hashtag', '{"personas":[{"name":"A","description":"B","hashtags":["#no spaces"]}]}', /not a valid hashtag/],
    ['newer version', '{"version":2,"personas":[{"name":"A","description":"B"}]}', /newer version/],
    ['foreign format', '{"format":"other","personas":[{"name":"A","description":"B"}]}', /"format" must be/],
    ['enabled not boolean', '{"personas":[{"name":"A","description":"B","enabled":"yes"}]}', /true or false/],
    ['file too large', ' '.repeat(1_000_001), /too large/],
    ['bad colour', '{"personas":[{"name":"A","description":"B","color":"red"}]}', /color must look like #1f6feb/],
    ['unknown story style', '{"personas":[{"name":"A","description":"B","style":"poem"}]}', /style must be one of quote, headline/],
    ['example without positive', '{"personas":[{"name":"A","description":"B","examples":[{"title":"x"}]}]}', /examples.*positive: true or false/],
  ];
  it.each(bad)('refuses %s with a message that names the problem', (_label, text, message) => {
    const r = parsePersonaFile(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('persona templates', () => {
  it('are valid personas, the same set in English and French, in each language', () => {
    const en = templatesFor('en');
    const fr = templatesFor('fr-FR');
    expect(en.length).toBeGreaterThan(0);
    expect(fr.map((t) => t.id)).toEqual(en.map((t) => t.id));
    expect(new Set(en.map((t) => t.id)).size).toBe(en.length);
    for (const template of [...en, ...fr]) expect(PersonaInputSchema.safeParse(template.persona).success).toBe(true);
    expect(fr[0]!.persona.name).not.toBe(en[0]!.persona.name);
  });
});
