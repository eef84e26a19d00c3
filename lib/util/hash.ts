/** Hex SHA-256 of a string (Web Crypto: same in the service worker, pages and Node). */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random id for stored records. */
export function newId(): string {
  return crypto.randomUUID();
}
