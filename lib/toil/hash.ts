// Short deterministic hashes for stable ids. Pure (no node:crypto) so the browser can derive the same
// ids as the server, e.g. the id a split will produce.

/** 64-bit FNV-1a over UTF-16 code units, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // Multiply (hi, lo) by the FNV prime 0x100000001b3 in 32-bit halves.
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    lo = newLo;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** 32-bit FNV-1a, for hashing tokens into integer ids and MinHash seeds. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A cluster id: `c-` and 10 hex digits of the hash of what defines it. */
export function clusterIdOf(signature: string): string {
  return `c-${fnv1a64(signature).slice(0, 10)}`;
}
