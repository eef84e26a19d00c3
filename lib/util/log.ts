/**
 * The one logger for failures the extension handles by carrying on (a cache write that failed, a badge on a tab
 * that closed, a view that is gone): each is logged once per place and message, to the console of the context it
 * happened in, so nothing is swallowed without a trace and nothing floods the console.
 */
const logged = new Set<string>();
/** Past this many distinct failures, the rest are dropped (a long-lived worker never grows the set without bound). */
const MAX_DISTINCT = 200;

export function logOnce(where: string, err: unknown): void {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const key = `${where}|${message}`;
  if (logged.has(key) || logged.size >= MAX_DISTINCT) return;
  logged.add(key);
  console.warn(`Persona Curator (${where}):`, err);
}

/** A promise's `.catch` for a failure that is handled by carrying on: logged once, then `undefined`. */
export const ignored =
  (where: string) =>
  (err: unknown): undefined => {
    logOnce(where, err);
    return undefined;
  };

/** The same, for a caller that reads the failure as `null` ("no tab", "no status"). */
export const orNull =
  (where: string) =>
  (err: unknown): null => {
    logOnce(where, err);
    return null;
  };
