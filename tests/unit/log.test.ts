import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ignored, logOnce, orNull } from '../../lib/util/log';

const ROOT = join(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));

/** Does the identifier `name` occur anywhere inside `node`? */
function mentions(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && n.text === name) found = true;
    else n.forEachChild(visit);
  };
  node.forEachChild(visit);
  return found;
}

const hasComment = (text: string) => /\/\/|\/\*/.test(text);

/**
 * The places in one file's source that let an error go without a word: a `catch` block that never reads its error
 * (an empty one included) and says nowhere inside why nothing is lost, and a `.catch(fn)` whose `fn` never reads its
 * error, with no comment on its line or the line before. Logged failures read their error (`logOnce(where, err)`)
 * or go through `ignored`/`orNull`, which are not inline functions.
 */
function silentCatches(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines = text.split('\n');
  const lineOf = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart()).line;
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isCatchClause(n)) {
      const name = n.variableDeclaration?.name.getText();
      if (!(name && mentions(n.block, name)) && !hasComment(n.block.getFullText())) found.push(`${file}:${lineOf(n) + 1}`);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'catch') {
      const fn = n.arguments[0];
      if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
        const param = fn.parameters[0]?.name.getText();
        const line = lineOf(fn);
        if (!(param && mentions(fn.body, param)) && !hasComment(`${lines[line - 1] ?? ''}\n${lines[line]}`)) found.push(`${file}:${line + 1}`);
      }
    }
    n.forEachChild(visit);
  };
  visit(source);
  return found;
}

describe('failures handled by carrying on', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are logged once per place and message, through the one logger', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const where = `test-${Math.random()}`;
    expect(await Promise.reject(new Error('quota')).catch(ignored(where))).toBeUndefined();
    expect(await Promise.reject(new Error('quota')).catch(ignored(where))).toBeUndefined();
    expect(await Promise.reject(new Error('closed')).catch(orNull(where))).toBeNull();
    logOnce(where, 'closed');
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[0]![0])).toContain(where);
  });

  it('are never swallowed without a trace anywhere in lib/ or the entry points', () => {
    const silent = [...sources('lib'), ...sources('entrypoints')].flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line }))
        .filter(({ text }) => /\.catch\(\(\) => (undefined|null|\{\s*\})\)/.test(text))
        .map(({ file, line }) => `${file}:${line}`),
    );
    expect(silent).toEqual([]);
  });

  it('are never let go without a reason: every catch that does not read its error says why nothing is lost', () => {
    const sample = [
      'try { a(); } catch {}',
      'try { a(); } catch (err) { return null; }',
      'try { a(); } catch {\n  // Not an address: nothing to keep.\n  return null;\n}',
      'try { a(); } catch (err) { logOnce("here", err); }',
      'p.catch(() => false);',
      '// No file in this build: no models.\np.catch(() => []);',
      'p.catch((err) => { if (!/race/.test(String(err))) throw err; });',
    ].join('\n');
    expect(silentCatches('sample.ts', sample)).toEqual(['sample.ts:1', 'sample.ts:2', 'sample.ts:8']);
    const silent = [...sources('lib'), ...sources('entrypoints')].flatMap((file) => silentCatches(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(silent).toEqual([]);
  });
});
