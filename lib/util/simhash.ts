/**
 * SimHash over word 3-shingles: near-identical texts (the same article on its
 * AMP page, with a different footer, or lightly edited) get fingerprints a few
 * bits apart. 64 bits, as 16 hex characters.
 */
export function simhash(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < 8) return null;
  const bits = new Array<number>(64).fill(0);
  for (let i = 0; i + 2 < words.length; i++) {
    const shingle = `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
    const hi = fnv(shingle, 0x811c9dc5);
    const lo = fnv(shingle, 0x01000193 ^ 0x9e3779b9);
    for (let b = 0; b < 32; b++) {
      bits[b]! += (hi >>> b) & 1 ? 1 : -1;
      bits[b + 32]! += (lo >>> b) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (bits[b]! > 0) hi |= 1 << b;
    if (bits[b + 32]! > 0) lo |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function fnv(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Bits that differ between two fingerprints. */
export function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

/** At most this many bits apart, two texts are taken as the same article. */
export const NEAR_DUPLICATE_BITS = 3;
