import { ignored } from '../util/log';

/** The parts of the Web Cache API transformers.js uses (env.customCache), and `put`. */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

/**
 * A cache in front of Cache Storage that keeps what transformers.js puts in memory until the whole model has loaded:
 * then every file, each already checked, is written. A failed, cut or cancelled download writes nothing.
 */
export function stagedCache(backing: Promise<CacheLike | null> | null) {
  const staged = new Map<string, Response>();
  return {
    match: async (key: string) => staged.get(key)?.clone() ?? (await (await backing)?.match(key).catch(ignored('model-host'))),
    put: async (key: string, response: Response) => void staged.set(key, response),
    async commit(): Promise<void> {
      const target = await backing;
      // Out of space: the model still runs now, it is downloaded again next time.
      for (const [key, response] of staged) await target?.put(key, response).catch(ignored('model-host'));
      staged.clear();
    },
  };
}
