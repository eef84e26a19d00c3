/**
 * Batch scoring with the extension's own lib/ code:
 *   npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0.35] [--model DIR [--model-id ID]] [--examples FILE.jsonl]
 * Each input line: {"id","url"?,"title"?,"text"?,"html"?}. With html, the page is
 * extracted exactly as the content script would. Writes one line per doc:
 * {"id","best":name|null,"scores":{name:0..1}}. Pages are seen one at a time,
 * and only their term statistics are kept, never a label. With --model, a
 * local model folder (never the network) adds the semantic half, as in the
 * extension; --model-id names its catalogue entry (prefixes, calibration).
 * --examples gives each persona examples, one per line:
 * {"persona": name, "title"?, "text"?, "url"?, "positive"?}, applied exactly
 * as curated items (positive, the default) or thumbs-down (false) are.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from '../lib/util/zod';
import { parsePersonaFile } from '../lib/core/personas/transfer';
import { loadLocalModel } from '../lib/model/local';
import { DEFAULT_THRESHOLD } from '../lib/core/score';
import type { ScoringExample } from '../lib/core/score/lexical';
import { createBatchScorer, type BatchOptions } from '../lib/core/score/batch';
import { setI18nApi } from '../lib/i18n/i18n';
import { fakeI18n } from '../lib/i18n/node';

// Messages (import errors and the like) in English, as the browser gives them by default.
setI18nApi(fakeI18n('en'));

const DocSchema = z.object({
  id: z.union([z.string(), z.number()]),
  url: z.string().optional(),
  title: z.string().optional(),
  text: z.string().optional(),
  html: z.string().optional(),
});

const ExampleSchema = z.object({
  persona: z.string().min(1),
  title: z.string().optional(),
  text: z.string().optional(),
  url: z.string().optional(),
  positive: z.boolean().optional(),
});

/** Reads --examples: every line must name a persona of the file; a bad line stops the run with its number. */
function readExamples(path: string, names: string[]): Map<string, ScoringExample[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fail(`cannot read ${path}: ${(err as Error).message}`);
  }
  const known = new Set(names.map((n) => n.toLowerCase()));
  const out = new Map<string, ScoringExample[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let e: z.infer<typeof ExampleSchema>;
    try {
      e = ExampleSchema.parse(JSON.parse(line));
    } catch (err) {
      fail(`${path}:${i + 1}: not a valid example line (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    }
    const key = e.persona.toLowerCase();
    if (!known.has(key)) fail(`${path}:${i + 1}: no persona named "${e.persona}" in the personas file`);
    if (!e.title && !e.text) fail(`${path}:${i + 1}: an example needs a title or a text`);
    out.set(key, [...(out.get(key) ?? []), { positive: e.positive ?? true, ...(e.title ? { title: e.title } : {}), ...(e.text ? { text: e.text } : {}) }]);
  });
  return out;
}

function fail(message: string): never {
  process.stderr.write(`score: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      personas: { type: 'string' },
      docs: { type: 'string' },
      threshold: { type: 'string' },
      model: { type: 'string' },
      'model-id': { type: 'string' },
      examples: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.personas || !values.docs) {
    process.stdout.write('usage: npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0..1] [--model DIR [--model-id ID]] [--examples FILE.jsonl]\n');
    process.exit(values.help ? 0 : 2);
  }
  const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) fail('--threshold must be a number from 0 to 1');
  let personaText: string;
  try {
    personaText = readFileSync(values.personas, 'utf8');
  } catch (err) {
    fail(`cannot read ${values.personas}: ${(err as Error).message}`);
  }
  const parsed = parsePersonaFile(personaText);
  if (!parsed.ok) fail(`${values.personas}: ${parsed.error}`);
  const examples = values.examples
    ? readExamples(
        values.examples,
        parsed.file.personas.map((p) => p.name),
      )
    : new Map<string, ScoringExample[]>();
  const personas = parsed.file.personas
    .filter((p) => p.enabled)
    .map((p) => ({ id: p.name, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid, examples: examples.get(p.name.toLowerCase()) ?? [] }));

  let semantic: BatchOptions['semantic'] | null = null;
  if (values.model) {
    try {
      semantic = await loadLocalModel(values.model, values['model-id']);
    } catch (err) {
      fail(`--model ${values.model}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const score = createBatchScorer({ personas, threshold, ...(semantic ? { semantic } : {}) });
  let lineNo = 0;
  let errors = 0;
  const input = values.docs === '-' ? process.stdin : createReadStream(values.docs);
  input.on('error', (err: Error) => fail(`cannot read ${values.docs}: ${err.message}`));
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let doc: z.infer<typeof DocSchema>;
    try {
      doc = DocSchema.parse(JSON.parse(line));
    } catch (err) {
      errors++;
      process.stderr.write(`score: ${values.docs}:${lineNo}: not a valid doc line (${err instanceof Error ? err.message.split('\n')[0] : String(err)})\n`);
      continue;
    }
    const { ranked: _ranked, ...out } = await score(doc);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  if (errors > 0) {
    process.stderr.write(`score: ${errors} line(s) skipped\n`);
    process.exitCode = 1;
  }
}

void main();
