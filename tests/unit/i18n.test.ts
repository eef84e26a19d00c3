import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, setI18nApi, t, tn } from '../../lib/i18n/i18n';
import { fakeI18n, readMessages } from '../../lib/i18n/node';
import { buildDraft } from '../../lib/core/draft/draft';
import { parsePersonaFile } from '../../lib/core/personas/transfer';
import { createRouter, type Handlers } from '../../lib/protocol/router';

const ROOT = join(import.meta.dirname, '../..');
const en = readMessages('en');
const fr = readMessages('fr');
const LANGS = readdirSync(join(ROOT, 'assets/public/_locales'));

/** Every .ts/.tsx file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [join(dir, d.name)] : [],
  );
}
const CODE = [...sources('lib'), ...sources('entrypoints'), 'wxt.config.ts'];

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

const hasWords = (text: string) => /\p{L}{2,}/u.test(text);
const USER_FACING_ATTRS = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-valuetext']);
const LOOKUPS = new Set(['t', 'tn', 'message']);

/** Is this literal an argument of t()/tn(), or a key in a map of message keys? Then it names a message, it isn't one. */
function isLookup(node: ts.Node): boolean {
  const text = (node as ts.StringLiteral).text;
  if (text in en || `${text}_one` in en) return true;
  const call = node.parent;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && LOOKUPS.has(call.expression.text);
}

/**
 * Does this literal end up on screen? Only if every step up to the JSX expression passes it through: a branch of
 * `?:`, either side of `&&` `||` `??` `+`, a template's span, parentheses. Conditions, comparisons, call arguments
 * (ids, message types) and object keys are not shown.
 */
function rendered(node: ts.Node): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isJsxExpression(parent)) return true;
    if (ts.isParenthesizedExpression(parent) || ts.isTemplateSpan(parent) || ts.isTemplateExpression(parent)) continue;
    if (ts.isConditionalExpression(parent) && parent.condition !== child) continue;
    if (
      ts.isBinaryExpression(parent) &&
      [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken].includes(parent.operatorToken.kind)
    )
      continue;
    return false;
  }
  return false;
}

/** The JSX attribute a node sits in, if any (its name). */
function attributeOf(node: ts.Node): string | null {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isJsxAttribute(p)) return p.name.getText();
    if (ts.isJsxElement(p) || ts.isJsxSelfClosingElement(p) || ts.isJsxFragment(p)) return null;
  }
  return null;
}

/** Words written straight into the views: JSX text, user-facing attributes, literals rendered from JSX expressions, and prose. */
function hardCodedStrings(file: string): string[] {
  const found: string[] = [];
  const source = parse(file);
  const where = (n: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  walk(source, (node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) {
      found.push(`${where(node)} JSX text "${node.text.trim()}"`);
      return;
    }
    if (ts.isJsxAttribute(node) && USER_FACING_ATTRS.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && hasWords(node.initializer.text)) {
      found.push(`${where(node)} ${node.name.getText()}="${node.initializer.text}"`);
      return;
    }
    const isString = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    const isTemplatePart = ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
    if (!(isString || isTemplatePart) || !hasWords(node.text) || (isString && isLookup(node)) || ts.isJsxAttribute(node.parent)) return;
    const attribute = attributeOf(node);
    if (attribute !== null && !USER_FACING_ATTRS.has(attribute)) return;
    // A template's text is shown when the whole template is.
    const whole = ts.isTemplateHead(node) ? node.parent : isTemplatePart ? node.parent.parent : node;
    if (rendered(whole)) {
      found.push(`${where(node)} ${attribute ? `${attribute}=` : 'child '}${isTemplatePart ? `\`${node.text}\`` : `"${node.text}"`}`);
    } else if (isString && attribute === null && !ts.isImportDeclaration(node.parent) && /\p{L}{2,}\s+\p{L}{2,}/u.test(node.text)) {
      // Prose handed to state outside JSX (flash messages, errors) is shown too.
      found.push(`${where(node)} literal "${node.text}"`);
    }
  });
  return found;
}

/** Message keys the code names: t('key'), tn('base') (both forms), message('key'), localizeDocument('key'), maps of keys. */
function keysUsed(): Set<string> {
  const used = new Set<string>();
  for (const file of CODE) {
    walk(parse(file), (n) => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
        if (n.text in en) used.add(n.text);
        if (`${n.text}_one` in en) used.add(`${n.text}_one`).add(`${n.text}_other`);
        for (const m of n.text.matchAll(/__MSG_(\w+)__/g)) used.add(m[1]!);
      }
    });
  }
  return used;
}

/** Persona content, written in its own language (templates exist per language; samples are the person's to edit): data, not UI. */
const CONTENT = new Set(['lib/core/personas/samples.ts', 'lib/core/personas/templates.ts']);
/** Strings no person sees, by file and how they start: the offscreen document's justification (read by the browser), stop-word lists, a console log. */
const NOT_SHOWN: [file: string, start: string][] = [
  ['lib/model/runners.ts', 'literal "Runs the on-device embedding model'],
  ['lib/core/text/language.ts', 'literal "'],
  // The answer transformers.js gets for a file the catalogue does not list (it reports a missing file in its own words).
  ['lib/model/verify.ts', 'literal "not in the catalogue"'],
  ['lib/model/verify.ts', 'literal "Not in the catalogue"'],
  // Fallback names of catalogue models: the views name known models from the messages (lib/ui/labels.ts modelLabel).
  ['lib/model/catalog.ts', 'literal "'],
];
const shown = (hit: string) => !NOT_SHOWN.some(([file, start]) => hit.startsWith(`${file}:`) && hit.slice(hit.indexOf(' ') + 1).startsWith(start));

const placeholdersOf = (message: string) => [...message.matchAll(/\$([a-zA-Z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

describe('UI strings', () => {
  it('are never hard-coded in the views: every word shown comes from the messages', () => {
    const files = readdirSync(join(ROOT, 'lib/ui')).filter((f) => f.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => hardCodedStrings(join('lib/ui', f)))).toEqual([]);
  });

  it('are never hard-coded anywhere in lib/ or the entry points: errors, drafts and notices reach French users in French', () => {
    const files = CODE.filter((f) => !CONTENT.has(f) && f !== 'wxt.config.ts');
    expect(files.length).toBeGreaterThan(60);
    expect(files.flatMap((f) => hardCodedStrings(f).filter(shown))).toEqual([]);
  });

  it('finds a hard-coded string when there is one (the check itself works)', () => {
    const probe = join('tests/unit/fixtures', 'hard-coded.tsx');
    expect(hardCodedStrings(probe)).toEqual([
      `${probe}:4 JSX text "Side panel"`,
      `${probe}:5 aria-label="Close the panel"`,
      `${probe}:6 title=\`Remove \``,
      `${probe}:7 child "Shared"`,
      `${probe}:11 literal "Saved to the queue."`,
    ]);
  });
});

describe('messages files', () => {
  it('exist for English and French, English the default', () => {
    expect(LANGS.sort()).toEqual(['en', 'fr']);
  });

  it('have exactly the same keys in every language', () => {
    for (const lang of LANGS) expect(Object.keys(readMessages(lang)).sort(), lang).toEqual(Object.keys(en).sort());
  });

  it('have the same placeholders in every language, each declared', () => {
    for (const lang of LANGS) {
      for (const [key, entry] of Object.entries(readMessages(lang))) {
        expect(placeholdersOf(entry.message), `${lang}/${key}`).toEqual(placeholdersOf(en[key]!.message));
        expect(Object.keys(entry.placeholders ?? {}).sort(), `${lang}/${key} declares its placeholders`).toEqual([...new Set(placeholdersOf(entry.message))]);
        expect(entry.placeholders ?? {}, `${lang}/${key} maps placeholders as English does`).toEqual(en[key]!.placeholders ?? {});
      }
    }
  });

  it('have keys Chrome accepts, and no message is empty or left in English in French', () => {
    for (const [key, entry] of Object.entries(fr)) {
      expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(entry.message.trim(), key).not.toBe('');
    }
    // Same in both only where the word is a name, a format or shared: anything else is untranslated.
    const same = Object.keys(en).filter((k) => en[k]!.message === fr[k]!.message);
    const shared = [
      'messages_locale',
      'extension_name',
      'page_title_options',
      'nav_personas',
      'personas_list_label',
      'export_persona',
      'export_format',
      'export_format_json',
      'field_hashtags',
      'field_channels_placeholder',
      'style_question',
      'suggestions_label',
      'suggestion_label',
      'mode_lexical',
      'notify_title_section',
      'notify_message',
      'label_hashtag',
      'label_hashtags',
    ];
    expect(same.filter((k) => !shared.includes(k))).toEqual([]);
  });

  it('every key the code uses exists, and every key is used', () => {
    const used = keysUsed();
    const unused = Object.keys(en).filter((k) => !used.has(k) && k !== 'messages_locale');
    expect(unused).toEqual([]);
  });

  it('the manifest reads its name and description from the messages', () => {
    const config = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    expect(config).toContain("default_locale: 'en'");
    expect(config).toContain('__MSG_extension_name__');
    expect(config).toContain('__MSG_extension_description__');
  });
});

describe('t and tn', () => {
  afterEach(() => setI18nApi(fakeI18n('en')));

  it('fill placeholders and pick one or many by the language’s plural rules', () => {
    setI18nApi(fakeI18n('en'));
    expect(tn('queue_items', 1)).toBe('1 item');
    expect(tn('queue_items', 0)).toBe('0 items');
    expect(tn('queue_items', 10_000)).toBe('10,000 items');
    expect(t('saved_to_queue_for', 'Climate Desk')).toBe('Saved to the queue for Climate Desk.');
    expect(tn('learned_from', 1, 1, 0)).toBe('Learned from 1 example (1 good fit, 0 not a fit)');

    setI18nApi(fakeI18n('fr'));
    // French reads 0 and 1 as singular, and groups thousands with a narrow no-break space.
    expect(tn('queue_items', 0)).toBe('0 élément');
    expect(tn('queue_items', 1)).toBe('1 élément');
    expect(tn('queue_items', 2)).toBe('2 éléments');
    expect(tn('queue_items', 10_000)).toBe(`${formatNumber(10_000)} éléments`);
    expect(formatNumber(10_000)).toMatch(/^10\s000$/u);
    expect(tn('queue_items', 1_000_000)).toMatch(/éléments$/);
    expect(tn('personas_would_post', 2)).toBe('2 personas publieraient ceci.');
    expect(t('saved_to_queue_for', 'Pôle Climat')).toBe('Ajouté à la file pour Pôle Climat.');
  });

  it('format dates in the UI locale', () => {
    const when = Date.UTC(2026, 10, 26, 10, 0);
    setI18nApi(fakeI18n('fr'));
    expect(formatDateTime(when)).toMatch(/nov\./);
    setI18nApi(fakeI18n('en'));
    expect(formatDateTime(when)).toMatch(/Nov/);
  });

  it('show the key rather than nothing when a message is missing', () => {
    setI18nApi({ getMessage: () => '', getUILanguage: () => 'en' });
    expect(t('retry')).toBe('retry');
  });
});

describe('words made outside the views follow the browser language', () => {
  afterEach(() => setI18nApi(fakeI18n('en')));

  it('a draft question, an import error and a refused request read in French', async () => {
    setI18nApi(fakeI18n('fr'));
    expect(buildDraft({ title: 'Titre', passage: 'Passage.', url: null, hashtags: [], style: 'question', topic: 'énergie' })).toMatch(/^Qu’est-ce que cela change pour énergie \?/);
    const parsed = parsePersonaFile('{"personas":[{"name":"A","description":"B"},{"name":"a","description":"C"}]}');
    expect(parsed.ok ? '' : parsed.error).toMatch(/apparaît deux fois/);
    const route = createRouter({} as Handlers, { id: 'ext', pageOrigin: 'chrome-extension://ext/' });
    expect(await route({ type: 'suggest', payload: {} }, { id: 'other', url: 'https://evil.example/' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Seules les pages de Persona Curator peuvent lui envoyer des demandes.' },
    });
  });
});
