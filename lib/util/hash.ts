/** Hex SHA-256 of a string (Web Crypto: same in the service worker, pages and Node). */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random id for stored records. */
export function newId(): string {
  return crypto.randomUUID();
}

/** FNV-1a, 32 bits: a fast, synchronous fingerprint of a string (not for security). */
export function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
