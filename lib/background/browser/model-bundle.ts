import { ignored } from '../../util/log';

/**
 * The models shipped inside the extension: a MODEL_DIR build copies them in and lists them in
 * models/bundled.json. Read once per worker; a build without any lists none.
 */
export function bundledModelIds(getURL: (path: string) => string): () => Promise<string[]> {
  let bundled: Promise<string[]> | null = null;
  return () =>
    (bundled ??= fetch(getURL('/models/bundled.json'))
      .then((r) => (r.ok ? (r.json() as Promise<{ models?: unknown }>) : { models: [] }))
      .then((j) => (Array.isArray(j.models) ? j.models.filter((m): m is string => typeof m === 'string') : []))
      .catch(ignored('model-bundle'))
      .then((ids) => ids ?? []));
}
