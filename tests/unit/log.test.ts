import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ignored, logOnce, orNull } from '../../lib/util/log';

const ROOT = join(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));

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
});
