/**
 * Batch scoring with the extension's own lib/ code:
 *   npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0.35] [--model DIR [--model-id ID]]
 * Each input line: {"id","url"?,"title"?,"text"?,"html"?}. With html, the page is
 * extracted exactly as the content script would. Writes one line per doc:
 * {"id","best":name|null,"scores":{name:0..1}}. Pages are seen one at a time,
 * and only their term statistics are kept, never a label. With --model, a
 * local model folder (never the network) adds the semantic half, as in the
 * extension; --model-id names its catalogue entry (prefixes, calibration).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from '../lib/util/zod';
import { parsePersonaFile } from '../lib/personas/transfer';
import { loadLocalModel } from '../lib/model/local';
import { DEFAULT_THRESHOLD } from '../lib/score';
import { createBatchScorer, type BatchOptions } from '../lib/score/batch';

const DocSchema = z.object({
  id: z.union([z.string(), z.number()]),
  url: z.string().optional(),
  title: z.string().optional(),
  text: z.string().optional(),
  html: z.string().optional(),
});

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.personas || !values.docs) {
    process.stdout.write('usage: npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0..1] [--model DIR [--model-id ID]]\n');
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
  const personas = parsed.file.personas
    .filter((p) => p.enabled)
    .map((p) => ({ id: p.name, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid }));

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
