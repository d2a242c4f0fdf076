/** A small seeded PRNG (mulberry32) so sandbox data is the same on every run and machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], from a seeded generator. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Deterministic hex id of `length` characters. */
export function randomHex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** Midnight UTC on the first of the month, `monthsAgo` months before the anchor month. */
export function monthStart(anchor: Date, monthsAgo: number): Date {
  return new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - monthsAgo, 1));
}

/** A fixed "now" for seeded data, so ids and dates never drift between runs. */
export const SANDBOX_NOW = new Date(Date.UTC(2026, 10, 15, 12, 0, 0));
