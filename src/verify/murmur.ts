/**
 * MurmurHash3 x86_128 over a string's UTF-16 code units (two to a 32-bit word, little-endian), for
 * row digests: a row's hash is made once per row on both sides, and creating a crypto hash object
 * per row cost more than the rest of the digest. Not for security; both sides use this function.
 */
const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The code units at `at` and `at + 1` as one word (a missing one is 0). */
function word(text: string, at: number): number {
  return (text.charCodeAt(at) | 0) | ((text.charCodeAt(at + 1) | 0) << 16);
}

/** Writes the 128-bit hash of `text` to `out` as four 32-bit words. */
export function murmur128(text: string, out: Uint32Array): void {
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  const length = text.length;
  const whole = length - (length % 8);
  for (let i = 0; i < whole; i += 8) {
    let k1 = word(text, i);
    let k2 = word(text, i + 2);
    let k3 = word(text, i + 4);
    let k4 = word(text, i + 6);
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // The tail: up to seven code units, in words of two (charCodeAt past the end is NaN, read as 0).
  const rest = length - whole;
  if (rest > 6) h4 ^= Math.imul(rotl(Math.imul(word(text, whole + 6), C4), 18), C1);
  if (rest > 4) h3 ^= Math.imul(rotl(Math.imul(word(text, whole + 4), C3), 17), C4);
  if (rest > 2) h2 ^= Math.imul(rotl(Math.imul(word(text, whole + 2), C2), 16), C3);
  if (rest > 0) h1 ^= Math.imul(rotl(Math.imul(word(text, whole), C1), 15), C2);
  const bytes = length * 2;
  h1 ^= bytes;
  h2 ^= bytes;
  h3 ^= bytes;
  h4 ^= bytes;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  out[0] = h1;
  out[1] = h2 + h1;
  out[2] = h3 + h1;
  out[3] = h4 + h1;
}
